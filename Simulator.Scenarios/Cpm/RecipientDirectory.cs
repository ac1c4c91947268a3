namespace CpmSim.Scenarios.Cpm;

/// <summary>The non-CPM services each recipient address subscribes to, as the ISF sees them.</summary>
public sealed class RecipientDirectory
{
    private readonly Dictionary<string, IReadOnlySet<NonCpmService>> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Services of addresses without an entry.</summary>
    public IReadOnlySet<NonCpmService> Default { get; set; } = new HashSet<NonCpmService>();

    public void Set(string address, params NonCpmService[] services) => _entries[address] = new HashSet<NonCpmService>(services);

    private Func<string, IReadOnlySet<NonCpmService>?>? _rule;

    /// <summary>A rule for addresses without an entry (e.g. a generated population); null from the rule means <see cref="Default"/>.</summary>
    public void SetRule(Func<string, IReadOnlySet<NonCpmService>?> rule) => _rule = rule;

    public IReadOnlySet<NonCpmService> ServicesOf(string address) =>
        _entries.TryGetValue(address, out IReadOnlySet<NonCpmService>? s) ? s : _rule?.Invoke(address) ?? Default;
}
