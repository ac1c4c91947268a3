using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CpmSim.Core.Kernel;

/// <summary>
/// A fingerprint of a run, as OMNeT++ computes one: a 64-bit hash the kernel folds every event into as
/// it fires, from chosen ingredients. Two runs with the same fingerprint went through the same events
/// (as far as the ingredients see); a change of behaviour nobody meant — one millisecond more somewhere,
/// a message more or less, another order — changes it. Written <c>HASH/INGREDIENTS</c>, e.g.
/// <c>3f9a0c17d2e4b658/tnk</c>: 16 hexadecimal digits, then one letter per ingredient, in the order given.
/// </summary>
/// <remarks>
/// Ingredients (<see cref="Codes"/>):
/// <list type="table">
/// <item><term>e</term><description>event number (1, 2, …: how many events fired so far)</description></item>
/// <item><term>t</term><description>event time, in nanoseconds</description></item>
/// <item><term>n</term><description>the node the event happens at (its name); other events' targets (workload arrivals, a message changing links) by their type's name</description></item>
/// <item><term>k</term><description>the message kind (e.g. <c>INVITE</c>, <c>200 OK</c>); a timer without a message adds its timer kind</description></item>
/// <item><term>a</term><description>what happens at the node: a message reaches its ingress, finishes its service, or a timer fires</description></item>
/// <item><term>l</term><description>message length (bytes on the wire)</description></item>
/// <item><term>i</term><description>the session a message belongs to</description></item>
/// <item><term>d</term><description>the message as a trace shows it (its rendering; the most detail, the most cost)</description></item>
/// <item><term>s</term><description>flow step: each traced record's step number after the flow match (replays only: a load run has no step per event)</description></item>
/// </list>
/// The message's ingredients (k, l, i, d) are folded in when it reaches a node and when it fires as a
/// timer, not again when its service at the node ends: in between it belongs to the network, unchanged.
/// With no fingerprint set, the kernel pays one test per event; with one, the event's ingredients are
/// combined into one number and folded in once (two multiplications); a message's kind costs a virtual
/// call and a look-up of its text's hash by reference. The cost is measured in <c>benchmarks/RESULTS.md</c>.
/// The hash is the same on every machine and runtime.
/// </remarks>
public sealed class Fingerprint
{
    /// <summary>Every ingredient code, in the order the documentation lists them.</summary>
    public const string Codes = "etnkalids";

    /// <summary>The ingredients when none are chosen: event time, node, message kind.</summary>
    public const string DefaultIngredients = "tnk";

    /// <summary>
    /// The ingredients load runs (<c>cpmsim run</c>) fold in by default: event time and node, which the
    /// kernel has at hand (about +1% CPU per session on the session benchmark, against +6–8% for
    /// <see cref="DefaultIngredients"/>, whose message kind is a virtual call per event: benchmarks/RESULTS.md).
    /// </summary>
    public const string LoadRunIngredients = "tn";

    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private ulong _hash = 0x27D4EB2F165667C5UL;

    // The kernel's ingredients (e, t, n) as masks, all bits or none, so that an event combines them without a branch.
    private readonly long _numberMask;
    private readonly long _timeMask;
    private readonly long _nodeMask;
    private readonly bool _perEvent;

    // Texts folded in per event (message kinds) are a handful of shared strings: their hashes are kept
    // by reference in a small direct-mapped table, so an event costs a look-up, not a pass over the text.
    private const int TextCacheSize = 64;
    private readonly CachedText[] _texts = new CachedText[TextCacheSize];

    /// <param name="ingredients">Ingredient codes (see <see cref="Codes"/>), e.g. <c>tnk</c>.</param>
    /// <exception cref="ArgumentException">An unknown or repeated code, or none.</exception>
    public Fingerprint(string ingredients = DefaultIngredients)
    {
        if (ValidateIngredients(ingredients) is string problem)
        {
            throw new ArgumentException(problem, nameof(ingredients));
        }

        Ingredients = ingredients;
        EventNumber = ingredients.Contains('e', StringComparison.Ordinal);
        Time = ingredients.Contains('t', StringComparison.Ordinal);
        Node = ingredients.Contains('n', StringComparison.Ordinal);
        Kind = ingredients.Contains('k', StringComparison.Ordinal);
        Action = ingredients.Contains('a', StringComparison.Ordinal);
        Length = ingredients.Contains('l', StringComparison.Ordinal);
        Session = ingredients.Contains('i', StringComparison.Ordinal);
        Detail = ingredients.Contains('d', StringComparison.Ordinal);
        Step = ingredients.Contains('s', StringComparison.Ordinal);
        Message = Kind || Length || Session || Detail;
        AtTarget = Action || Message;
        _numberMask = EventNumber ? -1L : 0;
        _timeMask = Time ? -1L : 0;
        _nodeMask = Node ? -1L : 0;
        _perEvent = EventNumber || Time || Node || AtTarget;
    }

    /// <summary>The ingredient codes, as given.</summary>
    public string Ingredients { get; }

    public bool EventNumber { get; }

    public bool Time { get; }

    public bool Node { get; }

    public bool Kind { get; }

    public bool Action { get; }

    public bool Length { get; }

    public bool Session { get; }

    public bool Detail { get; }

    /// <summary>Flow steps: added by whoever matches the trace against a flow, after the run.</summary>
    public bool Step { get; }

    /// <summary>True when some ingredient needs the event's target to add it (a, or one of the message's): <see cref="EventTarget.FingerprintOf"/> is called.</summary>
    public bool AtTarget { get; }

    /// <summary>True when some ingredient reads the event's message.</summary>
    public bool Message { get; }

    /// <summary>Events folded in so far.</summary>
    public long Events { get; private set; }

    /// <summary>The hash so far.</summary>
    public ulong Hash => Finish(_hash);

    /// <summary>The fingerprint as written in scenario files: <c>HASH/INGREDIENTS</c>.</summary>
    public override string ToString() => Format(Hash, Ingredients);

    /// <summary>Null when <paramref name="ingredients"/> is a valid set of codes; otherwise what is wrong.</summary>
    public static string? ValidateIngredients(string? ingredients)
    {
        if (string.IsNullOrEmpty(ingredients))
        {
            return $"no fingerprint ingredient given: choose letters among {Codes} (e.g. {DefaultIngredients}).";
        }

        for (int i = 0; i < ingredients.Length; i++)
        {
            char c = ingredients[i];
            if (!Codes.Contains(c, StringComparison.Ordinal))
            {
                return $"'{c}' in '{ingredients}' is not a fingerprint ingredient: the codes are {Describe()}.";
            }

            if (ingredients.IndexOf(c, i + 1) >= 0)
            {
                return $"'{c}' appears twice in the fingerprint ingredients '{ingredients}'.";
            }
        }

        return null;
    }

    /// <summary>The codes with their meaning, one line.</summary>
    public static string Describe() =>
        "e event number, t event time, n node, k message kind, a action at the node (arrival, service done, timer), l message length, i session, d message rendering, s flow step";

    /// <summary>Parses <c>HASH/INGREDIENTS</c>: 16 hexadecimal digits, a slash, ingredient codes.</summary>
    public static bool TryParse(string? text, out ulong hash, out string ingredients, out string? problem)
    {
        hash = 0;
        ingredients = string.Empty;
        string t = text?.Trim() ?? string.Empty;
        int slash = t.IndexOf('/', StringComparison.Ordinal);
        if (slash != 16 || !ulong.TryParse(t.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out hash))
        {
            problem = $"'{text}' is not a fingerprint: write 16 hexadecimal digits, a slash and the ingredient codes, e.g. \"3f9a0c17d2e4b658/{DefaultIngredients}\".";
            return false;
        }

        ingredients = t[(slash + 1)..];
        problem = ValidateIngredients(ingredients);
        return problem is null;
    }

    /// <summary><c>HASH/INGREDIENTS</c> of a hash and its ingredients.</summary>
    public static string Format(ulong hash, string ingredients) => hash.ToString("x16", CultureInfo.InvariantCulture) + "/" + ingredients;

    /// <summary>Folds a number in (the kernel and the nodes call this for their ingredients).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long value) => _hash = BitOperations.RotateLeft(_hash ^ ((ulong)value * Prime1), 31) * Prime2;

    /// <summary>Folds a text in (ordinal, UTF-16 code units: the same everywhere).</summary>
    public void Add(string? text) => Add(HashOf(text));

    /// <summary>
    /// <see cref="Of"/> of a text, for texts that recur (message kinds are a handful of shared strings):
    /// kept by reference in a small direct-mapped table, indexed by the text's length and ends, so that
    /// an event costs a look-up, not a pass over the text.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long HashOf(string? text)
    {
        if (text is null || text.Length == 0)
        {
            return 0;
        }

        // No bounds checks: the text has a first and a last character, and the index is masked to the table.
        ref char first = ref MemoryMarshal.GetReference(text.AsSpan());
        int i = ((text.Length * 7) + first + (Unsafe.Add(ref first, text.Length - 1) * 3)) & (TextCacheSize - 1);
        ref CachedText entry = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_texts), i);
        if (!ReferenceEquals(entry.Text, text))
        {
            entry = new CachedText(text, Of(text));
        }

        return entry.Hash;
    }

    /// <summary>Combines the ingredients of one event into one number, in order, before it is folded in with <see cref="Add(long)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Combine(long sofar, long value) => (long)(((ulong)sofar * Prime1) + (ulong)value);

    /// <summary>A stable 64-bit hash of a text (FNV-1a over its UTF-16 code units); 0 for null.</summary>
    public static long Of(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        ulong h = 14695981039346656037UL;
        foreach (char c in text)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return (long)h;
    }

    /// <summary>
    /// Called by the kernel as an event fires, before its handler runs: its number, time and target, and
    /// what the target adds (<see cref="EventTarget.FingerprintOf"/>, when an ingredient needs it),
    /// combined into one number and folded in once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Fold(EventTarget target, object? payload, long arg, long number, long time)
    {
        Events++;
        if (!_perEvent)
        {
            return; // only ingredients added after the run (s)
        }

        long key = target.FingerprintKey;
        if (key == 0)
        {
            key = KeyOf(target);
        }

        long v = Combine(Combine(number & _numberMask, time & _timeMask), key & _nodeMask);
        if (AtTarget)
        {
            v = Combine(v, target.FingerprintOf(this, payload, arg));
        }

        Add(v);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long KeyOf(EventTarget target) => target.FingerprintKey = Of(target.FingerprintName) | 1;

    private static ulong Finish(ulong h)
    {
        h ^= h >> 33;
        h *= Prime2;
        h ^= h >> 29;
        h *= Prime1;
        h ^= h >> 32;
        return h;
    }

    private readonly record struct CachedText(string? Text, long Hash);
}
