namespace CpmSim.Scenarios.Kinds;

/// <summary>
/// The values a node's keys were given in a scenario file, by key (as its kind's <see cref="NodeKey"/>s
/// read them). A key left out has no value: the kind's factory applies its default.
/// </summary>
public sealed class NodeOptions
{
    private readonly IReadOnlyDictionary<string, object> _values;

    public NodeOptions(IReadOnlyDictionary<string, object> values) => _values = values ?? throw new ArgumentNullException(nameof(values));

    /// <summary>No values: every key at its default.</summary>
    public static NodeOptions Empty { get; } = new(new Dictionary<string, object>());

    /// <summary>The keys that have a value.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>The value of <paramref name="key"/>, or <paramref name="fallback"/> when it has none.</summary>
    public T Get<T>(string key, T fallback) => _values.TryGetValue(key, out object? v) && v is T t ? t : fallback;

    /// <summary>The value of <paramref name="key"/>, or null (a reference type).</summary>
    public T? Find<T>(string key)
        where T : class => _values.TryGetValue(key, out object? v) ? v as T : null;

    /// <summary>The value of <paramref name="key"/>, or null (a value type).</summary>
    public T? Value<T>(string key)
        where T : struct => _values.TryGetValue(key, out object? v) && v is T t ? t : null;

    /// <summary>These values with <paramref name="key"/> set to <paramref name="value"/> (a variant built in code).</summary>
    public NodeOptions With(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new NodeOptions(new Dictionary<string, object>(_values, StringComparer.Ordinal) { [key] = value });
    }
}
