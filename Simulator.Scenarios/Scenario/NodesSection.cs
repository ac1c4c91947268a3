using CpmSim.Core.Network;
using CpmSim.Core.Random;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Kinds;
using YamlDotNet.RepresentationModel;

namespace CpmSim.Scenarios.Scenario;

/// <summary>The <c>nodes:</c> section: each node's kind (from <see cref="Kinds.ScenarioRegistry"/>), the keys every node has (<c>processing</c>, <c>instances</c>, <c>balance</c>, <c>ip</c>) and its kind's own keys, read through the kind's <see cref="Kinds.NodeKey"/>s; then the references between nodes.</summary>
internal static class NodesSection
{
    internal static readonly string[] ProcessingKeys = ["servers", "time", "per-kind", "queue", "overload"];

    internal static readonly Dictionary<string, BalancePolicy> Balances = new(StringComparer.Ordinal) { ["session-hash"] = BalancePolicy.SessionHash, ["round-robin"] = BalancePolicy.RoundRobin };

    internal static readonly Dictionary<string, OverloadPolicy> Overloads = new(StringComparer.Ordinal) { ["reject"] = OverloadPolicy.Reject, ["drop"] = OverloadPolicy.Drop };

    internal static List<NodeDefinition> ReadNodes(YamlDoc doc, YamlMappingNode root, string? baseDir)
    {
        var nodes = new List<NodeDefinition>();
        YamlMappingNode? map = doc.Mapping(YamlDoc.Child(root, "nodes"), "nodes");
        if (map is null)
        {
            doc.Error(root, "the scenario needs 'nodes': a mapping from node name to its kind and options.", "e.g. nodes: { isf: { kind: isf } }");
            return nodes;
        }

        var ipOwners = new Dictionary<string, string>(StringComparer.Ordinal); // IPv4 address → the node that has it
        foreach (KeyValuePair<YamlNode, YamlNode> kv in map.Children)
        {
            string name = (kv.Key as YamlScalarNode)?.Value ?? string.Empty;
            string what = $"node '{name}'";
            var raw = kv.Value as YamlMappingNode;
            if (raw is null)
            {
                doc.Error(kv.Value, $"{what} must be a mapping with at least 'kind'.");
                continue;
            }

            NodeKind? kind = doc.Choice(raw, "kind", what, ScenarioRegistry.NodeKinds.ByName);
            if (YamlDoc.Child(raw, "kind") is null)
            {
                doc.Error(raw, $"{what} needs 'kind'.", $"kinds: {string.Join(", ", ScenarioRegistry.NodeKinds.Names)}.");
            }

            if (kind is not NodeKind k)
            {
                continue;
            }

            YamlMappingNode m = doc.Mapping(raw, what, ["kind", "processing", "instances", "balance", "ip", .. k.Keys.Select(key => key.Name)])!;
            int instances = (int)(doc.Integer(m, "instances", what, 1, 1000) ?? 1);
            if (k.SingleInstance is string single && instances > 1)
            {
                doc.Error(YamlDoc.Child(m, "instances"), $"{what} is the {k.Name}, {single}, so 'instances: {instances}' is not supported.",
                    "remove 'instances' from it: the load of many users comes from 'workload' (arrivals, population), and the other kinds (cpm-server, sip-core, isf, iwf, ...) can have instances.");
            }

            var node = new NodeDefinition
            {
                Name = name,
                Group = name,
                Balance = doc.Enum(m, "balance", what, Balances) ?? BalancePolicy.SessionHash,
                Kind = k,
                Location = SectionReader.Where(doc, kv.Key),
                Processing = ReadProcessing(doc, YamlDoc.Child(m, "processing"), what, baseDir),
                Options = ReadOptions(doc, m, k, what, name, baseDir),
            };
            string? ip = ReadIp(doc, m, what, name, instances, ipOwners);
            node = node with { Ip = ip };
            nodes.AddRange(instances == 1 ? [node] : Enumerable.Range(1, instances).Select(i => node with { Name = $"{name}-{i}", Ip = ip is null ? null : Wire.WireAddresses.Offset(ip, i - 1) }));
        }

        // The originating side: exactly one cpm-client (the builder relies on it).
        var clientKeys = map.Children.Where(kv => kv.Value is YamlMappingNode n && (YamlDoc.Child(n, "kind") as YamlScalarNode)?.Value == "cpm-client").Select(kv => kv.Key).ToList();
        if (clientKeys.Count == 0)
        {
            doc.Error(map, "the scenario needs one node of kind cpm-client (the CPM user whose sessions are simulated); there is none.", "add e.g. 'cpm-client: {kind: cpm-client}' under 'nodes'.");
        }

        foreach (YamlNode extra in clientKeys.Skip(1))
        {
            doc.Error(extra, $"node '{(extra as YamlScalarNode)?.Value}' is a second cpm-client, after '{(clientKeys[0] as YamlScalarNode)?.Value}': a scenario has exactly one (every session starts at it).",
                "remove one of them, or give this one another kind.");
        }

        // References to other nodes, checked once every name is known (values as parsed above).
        HashSet<string> refs = DeclaredNames(root);
        foreach (KeyValuePair<YamlNode, YamlNode> kv in map.Children)
        {
            if (kv.Value is not YamlMappingNode m)
            {
                continue;
            }

            NodeKind? kind = YamlDoc.Child(m, "kind") is YamlScalarNode { Value: string k } ? ScenarioRegistry.NodeKinds.Find(k) : null;
            foreach (NodeKey key in (kind?.Keys ?? []).Where(key => key.NamesNodes))
            {
                string field = key.Name;
                YamlNode? value = YamlDoc.Child(m, field);
                IEnumerable<string> targets = value switch
                {
                    YamlScalarNode { Value: string one } => [one],
                    YamlSequenceNode seq when key.IsList => seq.OfType<YamlScalarNode>().Select(x => x.Value ?? string.Empty),
                    _ => [],
                };
                foreach (string target in targets.Where(t => !refs.Contains(t)))
                {
                    SectionReader.UnknownNode(doc, value, field, target, refs);
                }
            }
        }

        return nodes;
    }

    /// <summary>The values of the kind's keys, each read as its <see cref="NodeKey"/> says, then the kind's own check.</summary>
    internal static NodeOptions ReadOptions(YamlDoc doc, YamlMappingNode m, NodeKind kind, string what, string name, string? baseDir)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (NodeKey key in kind.Keys)
        {
            if (key.Read(doc, m, what, baseDir) is object value)
            {
                values[key.Name] = value;
            }
        }

        var options = new NodeOptions(values);
        kind.Check?.Invoke(new NodeCheck(doc, m, name, options));
        return options;
    }

    /// <summary>
    /// A node's <c>ip:</c> (an IPv4 address for the pcap export), checked for form and for a clash with another
    /// node's; with <c>instances: N</c> it is the first instance's and the others take the next N-1 addresses.
    /// </summary>
    internal static string? ReadIp(YamlDoc doc, YamlMappingNode m, string what, string name, int instances, Dictionary<string, string> owners)
    {
        string? ip = doc.String(m, "ip", what);
        if (ip is null)
        {
            return null;
        }

        YamlNode? at = YamlDoc.Child(m, "ip");
        if (!Wire.WireAddresses.TryParse(ip, out _))
        {
            doc.Error(at, $"{what}: ip '{ip}' is not an IPv4 address.", "write four numbers 0-255 separated by dots, e.g. ip: 10.0.0.7");
            return null;
        }

        for (int i = 0; i < instances; i++)
        {
            string one = Wire.WireAddresses.Offset(ip, i);
            string who = instances == 1 ? name : $"{name}-{i + 1}";
            if (owners.TryGetValue(one, out string? other))
            {
                doc.Error(at, $"{what}: ip {one} (of {who}) is already the address of node '{other}': two nodes cannot share an address in the pcap export.", "give one of them another 'ip', or remove it to have one assigned");
                return null;
            }

            owners[one] = who;
        }

        return ip;
    }

    /// <summary>The kind written for a declared node (after merging), or null.</summary>
    internal static NodeKind? KindOf(YamlMappingNode root, string node) =>
        YamlDoc.Child(YamlDoc.Child(root, "nodes") as YamlMappingNode, node) is YamlMappingNode m && YamlDoc.Child(m, "kind") is YamlScalarNode { Value: string k } ? ScenarioRegistry.NodeKinds.Find(k) : null;

    /// <summary>Every name declared under 'nodes', valid or not, so that one bad node does not cascade into "unknown node" errors.</summary>
    internal static HashSet<string> DeclaredNames(YamlMappingNode root) =>
        YamlDoc.Child(root, "nodes") is YamlMappingNode m
            ? m.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty).ToHashSet(StringComparer.Ordinal)
            : [];

    internal static ProcessingDefinition? ReadProcessing(YamlDoc doc, YamlNode? node, string what, string? baseDir)
    {
        YamlMappingNode? m = doc.Mapping(node, $"processing of {what}", ProcessingKeys);
        if (m is null)
        {
            return null;
        }

        string w = $"processing of {what}";
        Distribution? time = doc.Distribution(m, "time", w, baseDir, DistributionUnit.Time);
        if (YamlDoc.Child(m, "time") is null)
        {
            doc.Error(m, $"{w} needs 'time': the service time distribution, e.g. exp(mean=2ms).");
        }

        var perKind = new Dictionary<string, Distribution>(StringComparer.Ordinal);
        if (doc.Mapping(YamlDoc.Child(m, "per-kind"), $"per-kind of {what}") is YamlMappingNode pk)
        {
            foreach (KeyValuePair<YamlNode, YamlNode> kv in pk.Children)
            {
                string kind = (kv.Key as YamlScalarNode)?.Value ?? string.Empty;
                if (doc.Distribution(pk, kind, $"per-kind of {what}", baseDir, DistributionUnit.Time) is Distribution d)
                {
                    perKind[kind] = d;
                }
            }
        }

        return time is null ? null : new ProcessingDefinition
        {
            Servers = (int)(doc.Integer(m, "servers", w, 1, 1_000_000) ?? 1),
            Time = time,
            PerKind = perKind,
            Queue = YamlDoc.Child(m, "queue") is YamlScalarNode { Value: "unbounded" } ? int.MaxValue : (int)(doc.Integer(m, "queue", w, 0, int.MaxValue) ?? int.MaxValue),
            Overload = doc.Enum(m, "overload", w, Overloads) ?? OverloadPolicy.Reject,
        };
    }
}
