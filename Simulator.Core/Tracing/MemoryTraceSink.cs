namespace CpmSim.Core.Tracing;

/// <summary>Keeps every record in memory, in the order they were made.</summary>
public sealed class MemoryTraceSink : ITraceSink
{
    private readonly List<TraceRecord> _records = [];

    public IReadOnlyList<TraceRecord> Records => _records;

    public void Record(TraceRecord record) => _records.Add(record);

    public void Clear() => _records.Clear();
}
