namespace CpmSim.Core.Metrics;

/// <summary>Named counters, reported in ordinal name order.</summary>
public sealed class CounterSet
{
    private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public long this[string name] => _counts.TryGetValue(name, out long v) ? v : 0;

    public void Increment(string name, long by = 1) => _counts[name] = this[name] + by;

    public IEnumerable<KeyValuePair<string, long>> All => _counts;

    public long Total => _counts.Values.Sum();
}
