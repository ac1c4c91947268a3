using System.Diagnostics.Tracing;

namespace CpmSim.Benchmarks;

/// <summary>
/// Samples what a run allocates, by type: the runtime reports one allocation every ~100 KB
/// (GCAllocationTick), with the type of the object that crossed the mark. Printed with --alloc-profile.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly Dictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is not ("GCAllocationTick_V4" or "GCAllocationTick_V3" or "GCAllocationTick_V2") || e.Payload is null)
        {
            return;
        }

        int nameIndex = e.PayloadNames!.IndexOf("TypeName");
        int amountIndex = e.PayloadNames.IndexOf("AllocationAmount64");
        string type = nameIndex >= 0 ? e.Payload[nameIndex] as string ?? "?" : "?";
        long amount = amountIndex >= 0 ? Convert.ToInt64(e.Payload[amountIndex], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        lock (_gate)
        {
            _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
        }
    }

    public void Print(TextWriter writer, int top = 15)
    {
        lock (_gate)
        {
            foreach ((string type, long bytes) in _bytes.OrderByDescending(kv => kv.Value).Take(top))
            {
                writer.WriteLine(FormattableString.Invariant($"  {bytes / 1e6,10:F1} MB  {type}"));
            }
        }
    }
}
