using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Random;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Kinds;
using YamlDotNet.RepresentationModel;

namespace CpmSim.Scenarios.Scenario;

/// <summary>The <c>faults:</c> section: link, node and partition faults, resolved against the declared nodes and links.</summary>
internal static class FaultsSection
{
    internal static readonly string[] FaultKeys = ["at", "for", "link", "node", "partition", "down", "crash", "silent", "loss", "delay"];

    /// <summary>
    /// The <c>faults:</c> list: each entry a mapping with <c>at</c>, an optional <c>for</c>, one target
    /// (<c>link: [a, b]</c>, <c>node: n</c> or <c>partition: [[...], [...]]</c>) and what happens to it.
    /// Names are checked against the declared nodes (a group name means all its instances) and links.
    /// </summary>
    internal static List<FaultDefinition> ReadFaults(YamlDoc doc, YamlMappingNode root, HashSet<string> names, Func<string, IEnumerable<string>> instancesOf, List<NodeDefinition> nodes, List<LinkDefinition> links)
    {
        var faults = new List<FaultDefinition>();
        if (YamlDoc.Child(root, "faults") is null)
        {
            return faults;
        }

        var instanceNames = nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var allNames = names.Concat(instanceNames).Distinct().ToList();
        List<string>? Resolve(YamlMappingNode m, string key, string name)
        {
            if (instanceNames.Contains(name) && !names.Contains(name))
            {
                return [name]; // one instance of a group (e.g. iwf-mms-1)
            }

            if (names.Contains(name))
            {
                return [.. instancesOf(name)];
            }

            string? near = YamlDoc.Suggest(name, allNames);
            doc.Error(YamlDoc.Child(m, key), $"'{key}' in a fault names node '{name}', which is not declared under 'nodes'.",
                near is null ? $"declared nodes: {string.Join(", ", names)} (an instance is named like iwf-mms-1)." : $"did you mean '{near}'?");
            return null;
        }

        var linkSet = new HashSet<(string, string)>();
        foreach (LinkDefinition l in links)
        {
            linkSet.Add((l.From, l.To));
            if (!l.Directed)
            {
                linkSet.Add((l.To, l.From));
            }
        }

        const string NotAList = "'faults' must be a list of {at: 60s, for: 30s, node: NAME, crash: true} or {at: ..., link: [a, b], down: true | loss: ... | delay: +300ms} or {at: ..., partition: [[a, b], [c]]}.";
        foreach ((YamlNode item, YamlMappingNode m) in SectionReader.Mappings(doc, root, "faults", NotAList, "a fault", FaultKeys))
        {
            string place = SectionReader.Where(doc, item);
            SimTime? at = doc.Time(m, "at", "a fault");
            if (YamlDoc.Child(m, "at") is null)
            {
                doc.Error(m, "a fault needs 'at': when it begins, e.g. at: 60s.");
            }

            SimTime? duration = doc.Time(m, "for", "a fault");
            if (duration is SimTime d && d <= SimTime.Zero)
            {
                doc.Error(YamlDoc.Child(m, "for"), $"'for' in a fault must be longer than 0, not '{d}'.", "leave 'for' out for a fault that lasts to the end of the run.");
            }

            string[] targets = [.. new[] { "link", "node", "partition" }.Where(k => YamlDoc.Child(m, k) is not null)];
            string[] actions = [.. new[] { "down", "crash", "silent", "loss", "delay" }.Where(k => YamlDoc.Child(m, k) is not null)];
            if (targets.Length != 1)
            {
                doc.Error(m, targets.Length == 0 ? "a fault needs a target: 'link: [a, b]', 'node: NAME' or 'partition: [[a, b], [c]]'." : $"a fault has one target, not {string.Join(" and ", targets.Select(t => $"'{t}'"))}.",
                    "write one fault per target; faults may overlap in time.");
                continue;
            }

            string target = targets[0];
            string[] allowedActions = target switch { "link" => ["down", "loss", "delay"], "node" => ["crash", "silent"], _ => [] };
            foreach (string wrong in actions.Where(a => !allowedActions.Contains(a)))
            {
                doc.Error(YamlDoc.Child(m, wrong), $"'{wrong}' does not apply to a {target} fault.",
                    allowedActions.Length == 0 ? "a partition needs only its groups: the links between them are down." : $"a {target} fault takes one of: {string.Join(", ", allowedActions)}.");
            }

            string[] usable = [.. actions.Where(allowedActions.Contains)];
            if (allowedActions.Length > 0 && usable.Length != 1)
            {
                doc.Error(m, usable.Length == 0 ? $"a {target} fault needs what happens to it: {string.Join(", ", allowedActions.Select(a => a + ": ..."))}." : $"a fault does one thing, not {string.Join(" and ", usable)}.",
                    "write one fault per effect; overlapping faults combine (see docs/scenario-files.md).");
                continue;
            }

            if (usable.Length == 1 && usable[0] is "down" or "crash" or "silent" && doc.Bool(m, usable[0], "a fault") is bool b && !b)
            {
                doc.Error(YamlDoc.Child(m, usable[0]), $"'{usable[0]}: false' is no fault.", "leave the fault out, or write true.");
                continue;
            }

            FaultDefinition? fault = target switch
            {
                "link" => LinkFault(doc, m, usable[0], Resolve, linkSet),
                "node" => NodeFault(doc, m, usable[0], Resolve, nodes),
                _ => PartitionFault(doc, m, Resolve, linkSet),
            };
            if (fault is not null && at is SimTime start && (duration is null || duration > SimTime.Zero))
            {
                faults.Add(fault with { At = start, For = duration, Location = place });
            }
        }

        return faults;
    }

    internal static FaultDefinition? LinkFault(YamlDoc doc, YamlMappingNode m, string action, Func<YamlMappingNode, string, string, List<string>?> resolve, HashSet<(string, string)> linkSet)
    {
        List<string>? ends = doc.StringList(m, "link", "a fault");
        if (ends is not { Count: 2 })
        {
            if (ends is not null)
            {
                doc.Error(YamlDoc.Child(m, "link"), "'link' in a fault names the two nodes it joins: link: [a, b].");
            }

            return null;
        }

        List<string>? a = resolve(m, "link", ends[0]);
        List<string>? b = resolve(m, "link", ends[1]);
        if (a is null || b is null)
        {
            return null;
        }

        var directed = new List<(string, string)>();
        foreach (string x in a)
        {
            foreach (string y in b)
            {
                foreach ((string, string) pair in new[] { (x, y), (y, x) })
                {
                    if (linkSet.Contains(pair))
                    {
                        directed.Add(pair);
                    }
                }
            }
        }

        if (directed.Count == 0)
        {
            doc.Error(YamlDoc.Child(m, "link"), $"there is no link between '{ends[0]}' and '{ends[1]}' for this fault.", "name two nodes that a link under 'links' joins, or fault one of the nodes instead.");
            return null;
        }

        string label = $"{ends[0]}-{ends[1]}";
        switch (action)
        {
            case "down":
                return new FaultDefinition { Kind = FaultKind.LinkDown, Links = directed, Label = $"link {label} down" };
            case "delay":
                string text = doc.String(m, "delay", "a fault") ?? string.Empty;
                if (!Units.TryParseTime(text.TrimStart().TrimStart('+'), out SimTime delay, out _) || delay <= SimTime.Zero)
                {
                    doc.Error(YamlDoc.Child(m, "delay"), $"'delay' in a fault is the latency added to the link, e.g. +300ms, not '{text}'.");
                    return null;
                }

                return new FaultDefinition { Kind = FaultKind.LinkDelay, Links = directed, Delay = delay, Label = $"link {label} delay +{delay}" };
            default:
                string lossText = doc.String(m, "loss", "a fault") ?? string.Empty;
                if (!ScenarioLoader.TryParseLoss(lossText, out LossModel? loss, out string? error))
                {
                    doc.Error(YamlDoc.Child(m, "loss"), $"'loss' in a fault: {error}", "write a share such as 5% or 0.05, or bursts as gilbert(p=1%, r=30%, bad-loss=50%).");
                    return null;
                }

                return new FaultDefinition { Kind = FaultKind.LinkLoss, Links = directed, Loss = loss, Label = $"link {label} loss {lossText.Trim()}" };
        }
    }

    internal static FaultDefinition? NodeFault(YamlDoc doc, YamlMappingNode m, string action, Func<YamlMappingNode, string, string, List<string>?> resolve, List<NodeDefinition> nodes)
    {
        string? name = doc.String(m, "node", "a fault");
        if (name is null || resolve(m, "node", name) is not List<string> instances)
        {
            return null;
        }

        if (action == "crash" && nodes.Any(n => instances.Contains(n.Name) && n.Kind == NodeKind.CpmClient))
        {
            doc.Error(YamlDoc.Child(m, "node"), $"'{name}' is the cpm-client, which counts every session: it cannot crash.", "fault its link instead (link: [cpm-client, cpm-server], down: true), or make it silent.");
            return null;
        }

        return action == "crash"
            ? new FaultDefinition { Kind = FaultKind.NodeCrash, Nodes = instances, Label = $"crash {name}" }
            : new FaultDefinition { Kind = FaultKind.NodeSilent, Nodes = instances, Label = $"silent {name}" };
    }

    internal static FaultDefinition? PartitionFault(YamlDoc doc, YamlMappingNode m, Func<YamlMappingNode, string, string, List<string>?> resolve, HashSet<(string, string)> linkSet)
    {
        YamlNode? p = YamlDoc.Child(m, "partition");
        if (p is not YamlSequenceNode groupsNode || groupsNode.Children.Count < 2 || groupsNode.Children.Any(g => g is not YamlSequenceNode))
        {
            doc.Error(p, "'partition' lists two or more groups of nodes that cannot reach each other, e.g. partition: [[cpm-client, cpm-server], [isf, iwf-sms]].");
            return null;
        }

        var groupOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int g = 0; g < groupsNode.Children.Count; g++)
        {
            foreach (YamlNode n in ((YamlSequenceNode)groupsNode.Children[g]).Children)
            {
                string name = (n as YamlScalarNode)?.Value ?? string.Empty;
                if (resolve(m, "partition", name) is not List<string> instances)
                {
                    continue;
                }

                foreach (string i in instances)
                {
                    if (groupOf.TryGetValue(i, out int other) && other != g)
                    {
                        doc.Error(n, $"'{i}' is in two groups of the partition.", "put each node in one group.");
                    }

                    groupOf[i] = g;
                }
            }
        }

        var cut = linkSet.Where(l => groupOf.TryGetValue(l.Item1, out int ga) && groupOf.TryGetValue(l.Item2, out int gb) && ga != gb).Order().ToList();
        if (cut.Count == 0)
        {
            doc.Error(p, "no link joins two groups of this partition: it would change nothing.", "name nodes on both sides of at least one link.");
            return null;
        }

        string label = "partition " + string.Join(" | ", groupsNode.Children.Select(g => string.Join(",", ((YamlSequenceNode)g).Children.Select(n => (n as YamlScalarNode)?.Value))));
        return new FaultDefinition { Kind = FaultKind.Partition, Links = cut, Label = label };
    }
}
