namespace CpmSim.Core.Tracing;

/// <summary>
/// Decides what is traced and passes it to the sinks. Attach one to a network to turn tracing on;
/// with none attached, tracing costs one null check per send. <see cref="SampleEvery"/> = N traces
/// only sessions whose id is a multiple of N (records without a session are always kept).
/// </summary>
public sealed class Tracer
{
    private readonly ITraceSink[] _sinks;

    public Tracer(params ITraceSink[] sinks)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        if (sinks.Length == 0)
        {
            throw new ArgumentException("A tracer needs at least one sink.", nameof(sinks));
        }

        _sinks = sinks;
    }

    /// <summary>Trace one session in N (1: all).</summary>
    public int SampleEvery { get; init; } = 1;

    public bool IsTraced(long sessionId) => SampleEvery <= 1 || sessionId % SampleEvery == 0;

    public void Record(TraceRecord record)
    {
        if (!IsTraced(record.SessionId))
        {
            return;
        }

        foreach (ITraceSink sink in _sinks)
        {
            sink.Record(record);
        }
    }
}
