using CpmSim.Core.Network;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Kinds;
using YamlDotNet.RepresentationModel;

namespace CpmSim.Scenarios.Scenario;

/// <summary>The <c>roles:</c>, <c>flow:</c> and <c>flows:</c> sections: which node plays which role of the standard's flows, and the flows a run is matched against.</summary>
internal static class FlowsSection
{
    internal static Dictionary<string, IReadOnlyList<string>> ReadRoles(YamlDoc doc, YamlMappingNode root, HashSet<string> names, Func<string, IEnumerable<string>> instancesOf)
    {
        var roles = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (doc.Mapping(YamlDoc.Child(root, "roles"), "roles") is not YamlMappingNode m)
        {
            return roles;
        }

        foreach (KeyValuePair<YamlNode, YamlNode> kv in m.Children)
        {
            string role = (kv.Key as YamlScalarNode)?.Value ?? string.Empty;
            List<string> nodes = doc.StringList(m, role, "roles") ?? [];
            foreach (string n in nodes.Where(n => !names.Contains(n)))
            {
                SectionReader.UnknownNode(doc, kv.Value, $"roles.{role}", n, names);
            }

            // The roles of the standard's flows are played by the kinds that declare them; other roles (of a user's own flow) are not checked.
            string[] playable = [.. ScenarioRegistry.NodeKinds.Names.Where(k => ScenarioRegistry.NodeKinds.Find(k)!.Plays(role))];
            foreach (string n in nodes.Where(n => playable.Length > 0 && NodesSection.KindOf(root, n) is NodeKind k && !k.Plays(role)))
            {
                doc.Error(kv.Value, $"role '{role}' is played by node '{n}', a {NodesSection.KindOf(root, n)!.Name}; {role} must be a node of kind {string.Join(" or ", playable)}.",
                    $"name a node of kind {string.Join(" or ", playable)} for '{role}'.");
            }

            roles[role] = [.. nodes.SelectMany(instancesOf)];
        }

        return roles;
    }

    /// <summary><c>flows: [r01, no-alternative, no-modification]</c>: the flows a load run can produce (flow names or files, as <c>flow:</c>).</summary>
    internal static List<FlowDefinition> ReadFlowMix(YamlDoc doc, YamlMappingNode root, string? baseDir, Dictionary<string, IReadOnlyList<string>> roles)
    {
        var mix = new List<FlowDefinition>();
        foreach (YamlNode item in SectionReader.Sequence(doc, root, "flows", "'flows' must be a list of flow names.", $"e.g. flows: [r01, no-alternative, {FlowMix.NoModification}]"))
        {
            FlowDefinition? flow = item is YamlScalarNode { Value: FlowMix.NoModification } ? FlowMix.NoModificationFlow : ReadFlow(doc, item, baseDir, roles);
            if (flow is not null && mix.Any(f => f.Name == flow.Name))
            {
                doc.Error(item, $"'flows' names flow '{flow.Name}' twice.");
            }
            else if (flow is not null)
            {
                mix.Add(flow);
            }
        }

        return mix;
    }

    internal static FlowDefinition? ReadFlow(YamlDoc doc, YamlMappingNode root, string? baseDir, Dictionary<string, IReadOnlyList<string>> roles) =>
        YamlDoc.Child(root, "flow") is YamlNode node ? ReadFlow(doc, node, baseDir, roles) : null;

    internal static FlowDefinition? ReadFlow(YamlDoc doc, YamlNode node, string? baseDir, Dictionary<string, IReadOnlyList<string>> roles)
    {
        FlowDefinition? flow = null;
        string? flowFile = null;

        if (node is YamlScalarNode { Value: string name })
        {
            string? path = baseDir is null ? null : Path.Combine(baseDir, name);
            if (path is not null && File.Exists(path))
            {
                try
                {
                    flow = LoadFlowInto(doc, node, path, YamlDoc.ReadText(path, "flow file"));
                    flowFile = Path.GetRelativePath(Environment.CurrentDirectory, path);
                }
                catch (FileErrorException e)
                {
                    doc.Error(node, $"'flow: {name}' cannot be read: {e.Errors[0].Message}", e.Errors[0].Hint);
                }
            }
            else if (BuiltIn.FlowText(name) is string text)
            {
                flow = LoadFlowInto(doc, node, "builtin:flows/" + name, text);
            }
            else
            {
                string? near = YamlDoc.Suggest(name, BuiltIn.FlowNames);
                doc.Error(node, $"'flow: {name}' names neither a built-in flow nor a file next to the scenario.",
                    (near is null ? string.Empty : $"did you mean '{near}'? ") + $"Built-in flows: {string.Join(", ", BuiltIn.FlowNames)}.");
            }
        }
        else
        {
            flow = FlowLoader.Read(doc, node);
        }

        if (flow is not null)
        {
            foreach (string role in flow.Roles.Where(r => !roles.ContainsKey(r)))
            {
                doc.Error(node, $"the flow '{flow.Name}'{(flowFile is null ? string.Empty : $" (in {flowFile})")} uses role '{role}', but 'roles' does not say which node plays it.",
                    $"add '{role}: NODE' under 'roles'" + (flowFile is null ? "." : ", or remove the role from the flow file."));
            }
        }

        return flow;
    }

    internal static FlowDefinition? LoadFlowInto(YamlDoc doc, YamlNode at, string file, string text)
    {
        try
        {
            return FlowLoader.Load(file, text);
        }
        catch (FileErrorException e)
        {
            doc.AddErrors(e.Errors);
            doc.Error(at, $"the flow file '{file}' has errors (listed above).");
            return null;
        }
    }
}
