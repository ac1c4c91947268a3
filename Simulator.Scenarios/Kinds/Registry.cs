namespace CpmSim.Scenarios.Kinds;

/// <summary>
/// Things registered by name — node kinds, non-CPM services, ISF policies, IWF conversions — that
/// scenario files name. Registration is safe from several threads; a name is registered once.
/// </summary>
/// <typeparam name="T">What is registered.</typeparam>
public sealed class Registry<T>
    where T : class
{
    private readonly object _gate = new();
    private readonly string _what;
    private Dictionary<string, T> _byName = new(StringComparer.Ordinal);
    private List<string> _names = [];

    internal Registry(string what) => _what = what;

    /// <summary>The registered names, in registration order (the built-in ones first).</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The registered names and what they name, for lookups (the word a scenario file writes → the thing).</summary>
    public IReadOnlyDictionary<string, T> ByName => _byName;

    /// <summary>
    /// Registers <paramref name="item"/> as <paramref name="name"/>. Registering the same item under the
    /// same name again does nothing (a sample's start-up may run twice in one process).
    /// </summary>
    /// <exception cref="ArgumentException">The name is taken by another item, or empty.</exception>
    public void Register(string name, T item)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(item);
        lock (_gate)
        {
            if (_byName.TryGetValue(name, out T? known))
            {
                if (ReferenceEquals(known, item))
                {
                    return;
                }

                throw new ArgumentException($"there is already a {_what} named '{name}'; pick another name.", nameof(name));
            }

            // Copy on write: readers never see a half-added entry and need no lock.
            _byName = new Dictionary<string, T>(_byName, StringComparer.Ordinal) { [name] = item };
            _names = [.. _names, name];
        }
    }

    /// <summary>The item registered as <paramref name="name"/>, or null.</summary>
    public T? Find(string name) => _byName.GetValueOrDefault(name);
}
