namespace CpmSim.Scenarios.Cpm;

/// <summary>The non-CPM services each recipient address subscribes to, as the ISF sees them.</summary>
public sealed class RecipientDirectory
{
    private readonly Dictionary<string, IReadOnlySet<NonCpmService>> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Services of addresses without an entry.</summary>
    public IReadOnlySet<NonCpmService> Default { get; set; } = new HashSet<NonCpmService>();

    public void Set(string address, params NonCpmService[] services) => _entries[address] = new HashSet<NonCpmService>(services);

    public IReadOnlySet<NonCpmService> ServicesOf(string address) =>
        _entries.TryGetValue(address, out IReadOnlySet<NonCpmService>? s) ? s : Default;
}
