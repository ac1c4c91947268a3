using System.Globalization;
using CpmSim.Scenarios.Files;
using YamlDotNet.RepresentationModel;

namespace CpmSim.Scenarios.Scenario;

/// <summary>
/// Sets scenario values by key path (<c>nodes.iwf-sms.processing.servers</c>, <c>link-defaults.latency</c>,
/// <c>links.0.latency</c> for the first link) in a scenario's YAML mapping after <c>extends:</c> has been
/// merged and before it is read, so every key the loader knows can be overridden and is validated as if
/// it had been written in the file. Used by sweeps (any key as a grid axis) and by the run manifest (the
/// resolved scenario with the command line's overrides).
/// </summary>
public static class ScenarioOverrides
{
    /// <summary>Sets each <c>(path, value)</c> in <paramref name="doc"/>'s root; a path that cannot name a key is an error in <paramref name="doc"/>.</summary>
    public static void Apply(YamlDoc doc, IReadOnlyList<KeyValuePair<string, string>> overrides)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(overrides);
        if (doc.Root is not YamlMappingNode root)
        {
            return;
        }

        foreach ((string path, string value) in overrides)
        {
            if (Problem(root, path, value) is { } problem)
            {
                doc.Error(root, problem.Message, problem.Hint);
            }
        }
    }

    /// <summary>The document's root as YAML text, without <c>extends</c> (already merged in).</summary>
    public static string ToYaml(YamlDoc doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        if (doc.Root is not YamlMappingNode root)
        {
            return string.Empty;
        }

        var copy = new YamlMappingNode();
        foreach (KeyValuePair<YamlNode, YamlNode> kv in root.Children)
        {
            if (kv.Key is not YamlScalarNode { Value: "extends" })
            {
                copy.Children[kv.Key] = kv.Value;
            }
        }

        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        new YamlStream(new YamlDocument(copy)).Save(writer, assignAnchors: false);
        string text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static (string Message, string? Hint)? Problem(YamlMappingNode root, string path, string value)
    {
        string[] segments = path.Split('.');
        if (segments.Any(s => s.Length == 0))
        {
            return ($"'{path}' is not a key path.", "write keys separated by dots, e.g. nodes.iwf-sms.processing.servers.");
        }

        YamlNode node = root;
        for (int i = 0; i < segments.Length; i++)
        {
            string seg = segments[i];
            bool last = i == segments.Length - 1;
            string at = string.Join('.', segments[..(i + 1)]);
            switch (node)
            {
                case YamlMappingNode map:
                {
                    var key = new YamlScalarNode(seg);
                    if (last)
                    {
                        map.Children[key] = new YamlScalarNode(value);
                        return null;
                    }

                    if (!map.Children.TryGetValue(key, out YamlNode? child))
                    {
                        if (i == 1 && segments[0] is "nodes" or "roles" or "recipients")
                        {
                            // Names chosen by the scenario: a missing one is a typo, not a new entry.
                            string[] names = [.. map.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty)];
                            string? near = YamlDoc.Suggest(seg, names);
                            return ($"'{path}' names no key of the scenario: there is no '{at}'.",
                                (near is null ? string.Empty : $"did you mean '{segments[0]}.{near}'? ") + $"{segments[0]}: {string.Join(", ", names)}.");
                        }

                        child = new YamlMappingNode();
                        map.Children[key] = child;
                    }

                    node = child;
                    break;
                }

                case YamlSequenceNode seq:
                {
                    if (!int.TryParse(seg, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= seq.Children.Count)
                    {
                        return ($"'{path}' names no key of the scenario: '{string.Join('.', segments[..i])}' is a list of {seq.Children.Count}, so '{seg}' must be an index from 0 to {seq.Children.Count - 1}.", null);
                    }

                    if (last)
                    {
                        seq.Children[index] = new YamlScalarNode(value);
                        return null;
                    }

                    node = seq.Children[index];
                    break;
                }

                default:
                    return ($"'{path}' names no key of the scenario: '{string.Join('.', segments[..i])}' is a single value, not a mapping.", $"sweep '{string.Join('.', segments[..i])}' itself.");
            }
        }

        return null;
    }
}
