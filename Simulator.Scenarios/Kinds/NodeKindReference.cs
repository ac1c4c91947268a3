using System.Text;

namespace CpmSim.Scenarios.Kinds;

/// <summary>
/// The reference table of node kinds and their keys, in Markdown, made from the kinds' declarations:
/// <c>docs/scenario-files.md</c> holds the one of the built-in kinds (a test keeps it in step), and a
/// project that registers kinds of its own can document them the same way.
/// </summary>
public static class NodeKindReference
{
    /// <summary>Where the generated table begins in a Markdown file.</summary>
    public const string Begin = "<!-- node-kinds: generated from the kinds' declarations (NodeKindReference); edit those, not this table -->";

    /// <summary>Where it ends.</summary>
    public const string End = "<!-- /node-kinds -->";

    /// <summary>The built-in kinds, in the order the reference lists them.</summary>
    public static IReadOnlyList<NodeKind> BuiltIn => BuiltInKinds.All;

    /// <summary>A table <c>| kind | key | type | default | meaning |</c> of <paramref name="kinds"/>, between <see cref="Begin"/> and <see cref="End"/>.</summary>
    public static string Markdown(IEnumerable<NodeKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var text = new StringBuilder();
        text.Append(Begin).Append('\n');
        text.Append("| kind | key | type | default | meaning |\n|---|---|---|---|---|\n");
        foreach (NodeKind kind in kinds)
        {
            if (kind.Keys.Count == 0)
            {
                text.Append($"| `{kind.Name}` | | | | {kind.Help} |\n");
                continue;
            }

            for (int i = 0; i < kind.Keys.Count; i++)
            {
                NodeKey key = kind.Keys[i];
                string first = i == 0 ? $"`{kind.Name}`" : string.Empty;
                text.Append($"| {first} | `{key.Name}` | {key.Type} | {key.Default} | {key.Help} |\n");
            }
        }

        return text.Append(End).Append('\n').ToString();
    }
}
