using CpmSim.Core.Random;
using CpmSim.Scenarios.Files;
using YamlDotNet.RepresentationModel;

namespace CpmSim.Scenarios.Kinds;

/// <summary>
/// One key a node kind accepts in a scenario file: its name, the type (and unit) of its value, the
/// default the kind applies when it is left out, and its help text. The loader reads every key of a
/// kind through it (errors with file:line:column and a did-you-mean), the reference
/// (<c>docs/scenario-files.md</c>) is generated from it, and the kind's factory reads the values from
/// <see cref="NodeOptions"/>.
/// </summary>
public sealed class NodeKey
{
    private readonly Func<YamlDoc, YamlMappingNode, string, string?, object?> _read;

    private NodeKey(string name, string type, string @default, string help, Func<YamlDoc, YamlMappingNode, string, string?, object?> read)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Type = type;
        Default = @default ?? string.Empty;
        Help = help ?? string.Empty;
        _read = read;
    }

    /// <summary>The key as written in a scenario file (<c>max-file-size</c>).</summary>
    public string Name { get; }

    /// <summary>The type of its value, with its unit where it has one (<c>size (bytes: 300KB, 2MB)</c>).</summary>
    public string Type { get; }

    /// <summary>What applies when the key is left out, as the reference shows it.</summary>
    public string Default { get; }

    /// <summary>What it does, as the reference shows it (Markdown).</summary>
    public string Help { get; }

    /// <summary>True for a reference to another declared node (or a list of them): checked against the declared names.</summary>
    public bool NamesNodes { get; private init; }

    /// <summary>True when the value is a list.</summary>
    public bool IsList => Type.StartsWith("list", StringComparison.Ordinal);

    /// <summary>Free text, e.g. an address.</summary>
    public static NodeKey Text(string name, string @default, string help) =>
        new(name, "text", @default, help, (doc, m, what, _) => doc.String(m, name, what));

    /// <summary>A list of words, e.g. <c>[cpm.example, example.org]</c> (read as <c>IReadOnlyList&lt;string&gt;</c>).</summary>
    public static NodeKey Texts(string name, string @default, string help) =>
        new(name, "list of text", @default, help, (doc, m, what, _) => doc.StringList(m, name, what));

    /// <summary><c>true</c> or <c>false</c> (read as <c>bool</c>).</summary>
    public static NodeKey Flag(string name, string @default, string help) =>
        new(name, "true/false", @default, help, (doc, m, what, _) => doc.Bool(m, name, what));

    /// <summary>A time such as <c>250us</c>, <c>20s</c> (read as <see cref="Core.Kernel.SimTime"/>).</summary>
    public static NodeKey Time(string name, string @default, string help) =>
        new(name, "time (e.g. 20s)", @default, help, (doc, m, what, _) => doc.Time(m, name, what));

    /// <summary>A size such as <c>300KB</c> (read as <c>long</c> bytes).</summary>
    public static NodeKey Size(string name, string @default, string help) =>
        new(name, "size (bytes, e.g. 300KB)", @default, help, (doc, m, what, _) => doc.Size(m, name, what));

    /// <summary>A distribution of times such as <c>exp(mean=2s)</c> (read as <see cref="Distribution"/>).</summary>
    public static NodeKey Delay(string name, string @default, string help) =>
        new(name, "distribution of time", @default, help, (doc, m, what, dir) => doc.Distribution(m, name, what, dir, DistributionUnit.Time));

    /// <summary>One name of a registry's <paramref name="choices"/> (read as the value it names). Another word is an error with a did-you-mean.</summary>
    /// <param name="choices">The words and what they name, read when a scenario is loaded (so that a registry's later entries count).</param>
    public static NodeKey Choice<T>(string name, Func<IReadOnlyDictionary<string, T>> choices, string @default, string help)
        where T : notnull =>
        new(name, "a registered name", @default, help, (doc, m, what, _) => Choose(doc, m, name, what, choices()));

    /// <summary>A list of names of a registry's <paramref name="choices"/> (read as <c>IReadOnlyList&lt;T&gt;</c>).</summary>
    public static NodeKey Choices<T>(string name, Func<IReadOnlyDictionary<string, T>> choices, string @default, string help)
        where T : notnull =>
        new(name, "list of registered names", @default, help, (doc, m, what, _) => ChooseAll(doc, m, name, what, choices()));

    /// <summary>One word of a fixed set (read as the value it names); the reference lists the words.</summary>
    public static NodeKey Choice<T>(string name, IReadOnlyDictionary<string, T> choices, string @default, string help)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(choices);
        return new(name, "one of " + Words(choices.Keys), @default, help, (doc, m, what, _) => Choose(doc, m, name, what, choices));
    }

    /// <summary>A list of words of a fixed set (read as <c>IReadOnlyList&lt;T&gt;</c>); the reference lists the words.</summary>
    public static NodeKey Choices<T>(string name, IReadOnlyDictionary<string, T> choices, string @default, string help)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(choices);
        return new(name, "list of " + Words(choices.Keys), @default, help, (doc, m, what, _) => ChooseAll(doc, m, name, what, choices));
    }

    /// <summary>The name of another declared node (read as <c>string</c>).</summary>
    public static NodeKey Node(string name, string @default, string help) =>
        new(name, "node name", @default, help, (doc, m, what, _) => doc.String(m, name, what)) { NamesNodes = true };

    /// <summary>Names of other declared nodes (read as <c>IReadOnlyList&lt;string&gt;</c>).</summary>
    public static NodeKey Nodes(string name, string @default, string help) =>
        new(name, "list of node names", @default, help, (doc, m, what, _) => doc.StringList(m, name, what)) { NamesNodes = true };

    /// <summary>A mapping of words to words, e.g. address → node (read as <c>IReadOnlyDictionary&lt;string, string&gt;</c>, keys ignoring case).</summary>
    public static NodeKey Map(string name, string @default, string help) =>
        new(name, "mapping", @default, help, (doc, m, what, _) => ReadMap(doc, YamlDoc.Child(m, name), $"{name} of {what}"));

    /// <summary>Reads the key's value from a node's mapping; null when it is absent or wrong (the error is in <paramref name="doc"/>).</summary>
    internal object? Read(YamlDoc doc, YamlMappingNode node, string what, string? baseDirectory) => _read(doc, node, what, baseDirectory);

    private static string Words(IEnumerable<string> words) => string.Join(", ", words.Select(w => $"`{w}`"));

    private static object? Choose<T>(YamlDoc doc, YamlMappingNode m, string key, string what, IReadOnlyDictionary<string, T> names)
        where T : notnull
    {
        var boxed = names.ToDictionary(kv => kv.Key, kv => (object)kv.Value, StringComparer.Ordinal);
        return doc.Choice(m, key, what, boxed);
    }

    private static List<T>? ChooseAll<T>(YamlDoc doc, YamlMappingNode m, string key, string what, IReadOnlyDictionary<string, T> names)
    {
        List<string>? raw = doc.StringList(m, key, what);
        if (raw is null)
        {
            return null;
        }

        var result = new List<T>();
        foreach (string r in raw)
        {
            if (names.TryGetValue(r, out T? v))
            {
                result.Add(v);
            }
            else
            {
                string? near = YamlDoc.Suggest(r, names.Keys);
                doc.Error(YamlDoc.Child(m, key), $"'{key}' in {what}: '{r}' is not one of {string.Join(", ", names.Keys)}.", near is null ? null : $"did you mean '{near}'?");
            }
        }

        return result;
    }

    /// <summary>A mapping of words to words; also the reader of top-level mappings such as <c>locations</c>.</summary>
    internal static Dictionary<string, string>? ReadMap(YamlDoc doc, YamlNode? node, string what)
    {
        if (doc.Mapping(node, what) is not YamlMappingNode m)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<YamlNode, YamlNode> kv in m.Children)
        {
            string key = (kv.Key as YamlScalarNode)?.Value ?? string.Empty;
            if (doc.String(m, key, what) is string v)
            {
                result[key] = v;
            }
        }

        return result;
    }

    /// <summary>A list of words of <paramref name="names"/>; also the reader of <c>recipients:</c>.</summary>
    internal static List<T>? ReadChoices<T>(YamlDoc doc, YamlMappingNode m, string key, string what, IReadOnlyDictionary<string, T> names) =>
        ChooseAll(doc, m, key, what, names);
}
