using CpmSim.Core.Network;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Flows;
using YamlDotNet.RepresentationModel;

namespace CpmSim.Scenarios.Scenario;

/// <summary>What the section readers of <see cref="ScenarioLoader"/> share: list sections, places and references to nodes.</summary>
internal static class SectionReader
{
    /// <summary>
    /// The items of the list <paramref name="key"/> of <paramref name="map"/>: none when it is absent, and
    /// none with an error (<paramref name="notAList"/>) when it is not a list.
    /// </summary>
    public static IEnumerable<YamlNode> Sequence(YamlDoc doc, YamlMappingNode? map, string key, string notAList, string? hint = null)
    {
        YamlNode? node = YamlDoc.Child(map, key);
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode seq)
        {
            doc.Error(node, notAList, hint);
            return [];
        }

        return seq.Children;
    }

    /// <summary>The items of a list of mappings (<c>links:</c>, <c>faults:</c>), each with its mapping of <paramref name="keys"/>; an item that is not one is reported and left out.</summary>
    public static IEnumerable<(YamlNode Item, YamlMappingNode Map)> Mappings(YamlDoc doc, YamlMappingNode map, string key, string notAList, string what, string[] keys)
    {
        foreach (YamlNode item in Sequence(doc, map, key, notAList))
        {
            if (doc.Mapping(item, what, keys) is YamlMappingNode m)
            {
                yield return (item, m);
            }
        }
    }

    /// <summary><c>file:line:column</c> of <paramref name="node"/>, in the file it came from.</summary>
    public static string Where(YamlDoc doc, YamlNode node) => $"{doc.FileOf(node)}:{node.Start.Line}:{node.Start.Column}";

    public static void UnknownNode(YamlDoc doc, YamlNode? at, string field, string target, IEnumerable<string> names)
    {
        string? near = YamlDoc.Suggest(target, names);
        doc.Error(at, $"'{field}' names node '{target}', which is not declared under 'nodes'.", near is null ? $"declared nodes: {string.Join(", ", names)}." : $"did you mean '{near}'?");
    }
}
