using System.Globalization;
using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Random;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Kinds;
using CpmSim.Scenarios.Sip;
using CpmSim.Scenarios.Workloads;
using YamlDotNet.RepresentationModel;

namespace CpmSim.Scenarios.Scenario;

/// <summary>
/// Reads scenario files (YAML). Every error is collected and reported at once as
/// <c>file:line:column: message Hint: ...</c>; unknown keys get a "did you mean". A scenario may
/// <c>extends:</c> a built-in scenario or another file, overriding only what differs.
/// The keys and their defaults are documented in <c>docs/scenario-files.md</c>.
/// </summary>
public static class ScenarioLoader
{
    private const string BuiltInPrefix = "builtin:";

    internal static readonly string[] TopKeys = ["name", "description", "extends", "seed", "flow", "roles", "timers", "nodes", "link-defaults", "links", "recipients", "session", "expect", "workload", "transport", "flows", "faults"];
    internal static readonly string[] WorkloadKeys = ["arrivals", "sessions", "duration", "warm-up", "delay-threshold", "behaviour", "population"];
    internal static readonly string[] BehaviourKeys = ["chat-messages", "chat-size", "chat-interval", "file-probability", "file-size", "holding-time", "release-after", "pre-r01-share"];
    internal static readonly string[] PopulationKeys = ["recipients", "mms-share"];
    internal static readonly string[] StepKeys = ["rate", "for"];
    internal static readonly string[] ProcessingKeys = ["servers", "time", "per-kind", "queue", "overload"];
    internal static readonly string[] SessionKeys = ["recipient", "chat", "chat-interval", "add-file", "file-size", "modify-after", "reattempt-on-rejection", "send-file", "release-after"];
    internal static readonly string[] LinkKeys = ["between", "from", "to", "latency", "loss", "bandwidth", "up"];
    internal static readonly string[] FaultKeys = ["at", "for", "link", "node", "partition", "down", "crash", "silent", "loss", "delay"];
    internal static readonly string[] ExpectKeys = ["conforms", "outcome", "load", "capacity", "fingerprint", "fingerprint-sessions", "regression"];
    internal static readonly string[] CapacityKeys = ["from", "step", "steps", "step-duration", "ihs-threshold"];

    private static readonly Dictionary<string, BalancePolicy> Balances = new(StringComparer.Ordinal) { ["session-hash"] = BalancePolicy.SessionHash, ["round-robin"] = BalancePolicy.RoundRobin };
    private static readonly Dictionary<string, bool> Transports = new(StringComparer.Ordinal) { ["udp"] = true, ["tcp"] = false };
    private static readonly Dictionary<string, OverloadPolicy> Overloads = new(StringComparer.Ordinal) { ["reject"] = OverloadPolicy.Reject, ["drop"] = OverloadPolicy.Drop };

    internal static readonly Dictionary<string, SessionOutcome> Outcomes = new(StringComparer.Ordinal)
    {
        ["success"] = SessionOutcome.Success,
        ["file-rejected"] = SessionOutcome.FileRejected,
        ["setup-rejected"] = SessionOutcome.SetupRejected,
        ["setup-timeout"] = SessionOutcome.SetupTimeout,
        ["modification-timeout"] = SessionOutcome.ModificationTimeout,
        ["modification-failed"] = SessionOutcome.ModificationFailed,
        ["network-failure"] = SessionOutcome.NetworkFailure,
    };

    /// <summary>Loads a scenario file from disk.</summary>
    /// <exception cref="FileErrorException">The file is missing or has errors (all of them listed).</exception>
    public static ScenarioDefinition LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileErrorException([new FileError(path, 0, 0, "scenario file not found.", "check the path, or use --variant NAME for a built-in scenario (cpmsim variants lists them).")]);
        }

        return Load(path, YamlDoc.ReadText(path, "scenario file"));
    }

    /// <summary>Loads a built-in scenario by name (e.g. <c>r01</c>).</summary>
    public static ScenarioDefinition LoadBuiltIn(string name)
    {
        string text = BuiltIn.ScenarioText(name) ?? throw new FileErrorException([new FileError(BuiltInPrefix + name, 0, 0,
            $"there is no built-in scenario '{name}'.", (YamlDoc.Suggest(name, BuiltIn.ScenarioNames) is string near ? $"did you mean '{near}'? " : string.Empty) + $"Built-in scenarios: {string.Join(", ", BuiltIn.ScenarioNames)}.")]);
        return Load(BuiltInPrefix + name, text);
    }

    /// <summary>Loads a scenario from text; <paramref name="file"/> names it in errors and resolves relative paths.</summary>
    public static ScenarioDefinition Load(string file, string text) => Load(file, text, []);

    /// <summary>
    /// Loads a scenario with values set by key path after <c>extends:</c> is merged (see
    /// <see cref="ScenarioOverrides"/>): an overridden value is validated as if the file said it.
    /// </summary>
    public static ScenarioDefinition Load(string file, string text, IReadOnlyList<KeyValuePair<string, string>> overrides)
    {
        YamlDoc doc = Resolved(file, text, overrides);
        ScenarioDefinition? def = Read(doc);
        doc.ThrowIfErrors();
        return def!;
    }

    /// <summary>The scenario as one YAML mapping: <c>extends:</c> merged in and the overrides applied (for manifests and re-runs).</summary>
    public static string ResolvedYaml(string file, string text, IReadOnlyList<KeyValuePair<string, string>> overrides) =>
        ScenarioOverrides.ToYaml(Resolved(file, text, overrides));

    private static YamlDoc Resolved(string file, string text, IReadOnlyList<KeyValuePair<string, string>> overrides)
    {
        YamlDoc doc = Resolve(file, text, depth: 0, out bool resolved);
        if (!resolved)
        {
            doc.ThrowIfErrors(); // without its base, the rest of the file cannot be judged
        }

        ScenarioOverrides.Apply(doc, overrides);
        return doc;
    }

    private static YamlDoc Resolve(string file, string text, int depth, out bool resolved)
    {
        resolved = false;
        YamlDoc doc = YamlDoc.Parse(file, text);
        YamlMappingNode? root = doc.Root as YamlMappingNode;
        string? extends = root is null ? null : doc.String(root, "extends", "the scenario");
        if (extends is null)
        {
            resolved = true;
            return doc;
        }

        if (depth > 8)
        {
            doc.Error(YamlDoc.Child(root, "extends"), "'extends' nests more than 8 levels deep (a cycle?).", "a scenario cannot extend itself, directly or through others.");
            return doc;
        }

        string? baseText;
        string baseFile;
        string? path = file.StartsWith(BuiltInPrefix, StringComparison.Ordinal) ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", extends);
        if (path is not null && (extends.EndsWith(".yaml", StringComparison.Ordinal) || extends.EndsWith(".yml", StringComparison.Ordinal)) && (File.Exists(path) || Directory.Exists(path)))
        {
            baseFile = Path.GetRelativePath(Environment.CurrentDirectory, path);
            try
            {
                baseText = YamlDoc.ReadText(path, "scenario file");
            }
            catch (FileErrorException e)
            {
                doc.Error(YamlDoc.Child(root, "extends"), $"'extends: {extends}' cannot be read: {e.Errors[0].Message}", e.Errors[0].Hint);
                return doc;
            }
        }
        else
        {
            baseFile = BuiltInPrefix + extends;
            baseText = BuiltIn.ScenarioText(extends);
        }

        if (baseText is null)
        {
            doc.Error(YamlDoc.Child(root, "extends"), $"'extends: {extends}' names neither a built-in scenario nor a .yaml file next to this one.",
                $"built-in scenarios: {string.Join(", ", BuiltIn.ScenarioNames)}.");
            return doc;
        }

        YamlDoc baseDoc = Resolve(baseFile, baseText, depth + 1, out resolved);
        if (!resolved)
        {
            return baseDoc;
        }

        YamlDoc merged = doc.MergedOver(baseDoc);
        merged.InheritThrough(YamlDoc.Child(root, "extends")!);
        return merged;
    }

    private static ScenarioDefinition? Read(YamlDoc doc)
    {
        YamlMappingNode? root = doc.Mapping(doc.Root, "the scenario", TopKeys);
        if (root is null)
        {
            if (doc.Errors.Count == 0)
            {
                doc.Error(doc.Root, "a scenario file must be a mapping with at least 'name', 'nodes' and 'session'.", "start from a built-in one: cpmsim variants, then e.g. scenarios/r01.yaml.");
            }

            return null;
        }

        string? baseDir = doc.File.StartsWith(BuiltInPrefix, StringComparison.Ordinal) ? null : Path.GetDirectoryName(Path.GetFullPath(doc.File));
        string name = doc.String(root, "name", "the scenario", required: true) ?? "?";
        List<NodeDefinition> nodes = ReadNodes(doc, root, baseDir);
        HashSet<string> names = DeclaredNames(root);
        IEnumerable<string> InstancesOf(string group)
        {
            var of = nodes.Where(n => n.Group == group).Select(n => n.Name).ToList();
            return of.Count == 0 ? [group] : of;
        }

        List<LinkDefinition> links = ReadLinks(doc, root, baseDir, names, InstancesOf);
        List<FaultDefinition> faults = ReadFaults(doc, root, names, InstancesOf, nodes, links);
        Dictionary<string, IReadOnlyList<string>> roles = ReadRoles(doc, root, names, InstancesOf);
        FlowDefinition? flow = ReadFlow(doc, root, baseDir, roles);
        List<FlowDefinition> flowMix = ReadFlowMix(doc, root, baseDir, roles);
        YamlMappingNode? timers = doc.Mapping(YamlDoc.Child(root, "timers"), "timers", "t1", "session-expires");
        YamlMappingNode? linkDefaults = doc.Mapping(YamlDoc.Child(root, "link-defaults"), "link-defaults", "latency");
        YamlMappingNode? expect = doc.Mapping(YamlDoc.Child(root, "expect"), "expect", ExpectKeys);
        WorkloadDefinition? workload = ReadWorkload(doc, root, baseDir);
        return new ScenarioDefinition
        {
            Name = name,
            Description = doc.String(root, "description", "the scenario") ?? string.Empty,
            Source = doc.File,
            ExtendsLocation = doc.ExtendsPlace,
            LinksLocation = YamlDoc.Child(root, "links") is YamlNode linksNode ? doc.Place(linksNode) : string.Empty,
            Seed = doc.Unsigned(root, "seed", "the scenario") ?? 1,
            Nodes = nodes,
            Links = links,
            Faults = faults,
            Roles = roles,
            Flow = flow,
            FlowMix = flowMix,
            DefaultLatency = doc.Distribution(linkDefaults, "latency", "link-defaults", baseDir, DistributionUnit.Time),
            Recipients = ReadRecipients(doc, root),
            Session = ReadSession(doc, root),
            Timers = ReadTimers(doc, timers),
            UnreliableTransport = doc.Enum(root, "transport", "the scenario", Transports) == true,
            Workload = workload,
            Expect = new Expectations
            {
                Conforms = doc.Bool(expect, "conforms", "expect") ?? flow is not null,
                Outcome = doc.Enum(expect, "outcome", "expect", Outcomes),
                Load = ReadLoadExpectations(doc, expect, hasWorkload: workload is not null),
                Capacity = ReadCapacity(doc, expect),
                Fingerprints = ReadFingerprints(doc, expect, workload is not null),
                FingerprintSessions = OwnValue(doc, expect, "fingerprint-sessions") ? doc.Integer(expect, "fingerprint-sessions", "expect", 1) : null,
                Regression = ReadRegression(doc, expect),
            },
        };
    }

    private static SipTimers ReadTimers(YamlDoc doc, YamlMappingNode? timers)
    {
        SipTimers result = SipTimers.Default;
        if (doc.Time(timers, "t1", "timers") is SimTime t1)
        {
            if (t1 > SipTimers.MaxT1)
            {
                doc.Error(YamlDoc.Child(timers, "t1"), $"'t1' in timers is {t1}, too long: Timer B, F and H last 64·T1, which must lie within {SimTime.RangeText}, so t1 can be at most {SipTimers.MaxT1} (about 40031h).",
                    "write a shorter t1 (RFC 3261's default is 500ms).");
            }
            else
            {
                result = result with { T1 = t1 };
            }
        }

        if (doc.String(timers, "session-expires", "timers") == "none")
        {
            result = result with { SessionExpires = SimTime.Zero }; // no session timers
        }
        else if (doc.Time(timers, "session-expires", "timers") is SimTime se)
        {
            if (se < SipTimers.MinSessionExpires)
            {
                doc.Error(YamlDoc.Child(timers, "session-expires"), $"'session-expires' in timers is {se}, shorter than RFC 4028's Min-SE of {SipTimers.MinSessionExpires}.",
                    "write at least 90s (RFC 4028 recommends 1800s, the default), or none for no session timers.");
            }
            else
            {
                result = result with { SessionExpires = se };
            }
        }

        return result;
    }

    private static List<NodeDefinition> ReadNodes(YamlDoc doc, YamlMappingNode root, string? baseDir)
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
                Location = $"{doc.FileOf(kv.Key)}:{kv.Key.Start.Line}:{kv.Key.Start.Column}",
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
                    UnknownNode(doc, value, field, target, refs);
                }
            }
        }

        return nodes;
    }

    /// <summary>The values of the kind's keys, each read as its <see cref="NodeKey"/> says, then the kind's own check.</summary>
    private static NodeOptions ReadOptions(YamlDoc doc, YamlMappingNode m, NodeKind kind, string what, string name, string? baseDir)
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
    private static string? ReadIp(YamlDoc doc, YamlMappingNode m, string what, string name, int instances, Dictionary<string, string> owners)
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
    private static NodeKind? KindOf(YamlMappingNode root, string node) =>
        YamlDoc.Child(YamlDoc.Child(root, "nodes") as YamlMappingNode, node) is YamlMappingNode m && YamlDoc.Child(m, "kind") is YamlScalarNode { Value: string k } ? ScenarioRegistry.NodeKinds.Find(k) : null;

    /// <summary>Every name declared under 'nodes', valid or not, so that one bad node does not cascade into "unknown node" errors.</summary>
    private static HashSet<string> DeclaredNames(YamlMappingNode root) =>
        YamlDoc.Child(root, "nodes") is YamlMappingNode m
            ? m.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty).ToHashSet(StringComparer.Ordinal)
            : [];

    /// <summary>A fixed warm-up time; null when absent or <c>auto</c>. A bad value's error names both accepted forms.</summary>
    private static SimTime? WarmUp(YamlDoc doc, YamlMappingNode? m)
    {
        string? v = doc.String(m, "warm-up", "workload");
        if (v is null || IsAuto(doc, m, "warm-up"))
        {
            return null;
        }

        if (Units.TryParseTime(v, out SimTime t, out string? error))
        {
            return t;
        }

        doc.Error(YamlDoc.Child(m, "warm-up"), $"'warm-up' in workload: {error ?? $"'{v}' must not be negative."}",
            "write a time such as 10s, or 'auto' to have MSER-5 find it from a pilot run.");
        return null;
    }

    /// <summary>True when the key's value is the word <c>auto</c>.</summary>
    private static bool IsAuto(YamlDoc doc, YamlMappingNode? map, string key) =>
        string.Equals(doc.String(map, key, "workload")?.Trim(), "auto", StringComparison.Ordinal);

    private static void UnknownNode(YamlDoc doc, YamlNode? at, string field, string target, IEnumerable<string> names)
    {
        string? near = YamlDoc.Suggest(target, names);
        doc.Error(at, $"'{field}' names node '{target}', which is not declared under 'nodes'.", near is null ? $"declared nodes: {string.Join(", ", names)}." : $"did you mean '{near}'?");
    }

    private static ProcessingDefinition? ReadProcessing(YamlDoc doc, YamlNode? node, string what, string? baseDir)
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

    private static List<LinkDefinition> ReadLinks(YamlDoc doc, YamlMappingNode root, string? baseDir, HashSet<string> names, Func<string, IEnumerable<string>> instancesOf)
    {
        var links = new List<LinkDefinition>();
        YamlNode? node = YamlDoc.Child(root, "links");
        if (node is null)
        {
            return links;
        }

        if (node is not YamlSequenceNode seq)
        {
            doc.Error(node, "'links' must be a list of {between: [a, b], latency: ...} or {from: a, to: b, ...}.");
            return links;
        }

        foreach (YamlNode item in seq)
        {
            YamlMappingNode? m = doc.Mapping(item, "a link", LinkKeys);
            if (m is null)
            {
                continue;
            }

            List<string>? between = doc.StringList(m, "between", "a link");
            string? from = doc.String(m, "from", "a link");
            string? to = doc.String(m, "to", "a link");
            bool directed = between is null;
            if (between is { Count: 2 })
            {
                (from, to) = (between[0], between[1]);
            }
            else if (between is not null || from is null || to is null)
            {
                doc.Error(m, "a link needs 'between: [a, b]' (both directions) or 'from: a' and 'to: b' (one direction).");
                continue;
            }

            string what = $"link {from}-{to}";
            foreach ((string end, string key) in new[] { (from!, between is null ? "from" : "between"), (to!, between is null ? "to" : "between") })
            {
                if (!names.Contains(end))
                {
                    UnknownNode(doc, YamlDoc.Child(m, key), key, end, names);
                }
            }

            if (from == to)
            {
                doc.Error(m, $"{what} connects a node to itself.", "a link joins two different nodes.");
            }

            double? bandwidth = null;
            if (doc.String(m, "bandwidth", what) is string bw)
            {
                if (TryParseBandwidth(bw, out double bps))
                {
                    bandwidth = bps;
                }
                else
                {
                    doc.Error(YamlDoc.Child(m, "bandwidth"), $"'bandwidth' in {what} must be a positive rate such as 100Mbps, 2kbps or 9600bps, not '{bw}'.");
                }
            }

            var link = new LinkDefinition
            {
                From = from!,
                To = to!,
                Directed = directed,
                Latency = doc.Distribution(m, "latency", what, baseDir, DistributionUnit.Time),
                Loss = doc.Number(m, "loss", what, 0, 0.999999) ?? 0,
                BandwidthBitsPerSecond = bandwidth,
                Up = doc.Bool(m, "up", what) ?? true,
                Location = $"{doc.FileOf(item)}:{item.Start.Line}:{item.Start.Column}",
            };

            // A link to a node with several instances joins every instance.
            long joins = (long)instancesOf(from!).Count() * instancesOf(to!).Count();
            if (links.Count + joins > MaxLinks)
            {
                doc.Error(item, $"{what} joins {instancesOf(from!).Count()} × {instancesOf(to!).Count()} instances, which takes the scenario past the limit of {MaxLinks} links (each has its own state and random streams).",
                    "use fewer instances on one side: a link joins every instance of one node to every instance of the other.");
                continue;
            }

            foreach (string a in instancesOf(from!))
            {
                foreach (string b in instancesOf(to!))
                {
                    links.Add(link with { From = a, To = b });
                }
            }
        }

        return links;
    }

    /// <summary>
    /// The <c>faults:</c> list: each entry a mapping with <c>at</c>, an optional <c>for</c>, one target
    /// (<c>link: [a, b]</c>, <c>node: n</c> or <c>partition: [[...], [...]]</c>) and what happens to it.
    /// Names are checked against the declared nodes (a group name means all its instances) and links.
    /// </summary>
    private static List<FaultDefinition> ReadFaults(YamlDoc doc, YamlMappingNode root, HashSet<string> names, Func<string, IEnumerable<string>> instancesOf, List<NodeDefinition> nodes, List<LinkDefinition> links)
    {
        var faults = new List<FaultDefinition>();
        YamlNode? node = YamlDoc.Child(root, "faults");
        if (node is null)
        {
            return faults;
        }

        if (node is not YamlSequenceNode seq)
        {
            doc.Error(node, "'faults' must be a list of {at: 60s, for: 30s, node: NAME, crash: true} or {at: ..., link: [a, b], down: true | loss: ... | delay: +300ms} or {at: ..., partition: [[a, b], [c]]}.");
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

        foreach (YamlNode item in seq)
        {
            YamlMappingNode? m = doc.Mapping(item, "a fault", FaultKeys);
            if (m is null)
            {
                continue;
            }

            string place = $"{doc.FileOf(item)}:{item.Start.Line}:{item.Start.Column}";
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

    private static FaultDefinition? LinkFault(YamlDoc doc, YamlMappingNode m, string action, Func<YamlMappingNode, string, string, List<string>?> resolve, HashSet<(string, string)> linkSet)
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
                if (!TryParseLoss(lossText, out LossModel? loss, out string? error))
                {
                    doc.Error(YamlDoc.Child(m, "loss"), $"'loss' in a fault: {error}", "write a share such as 5% or 0.05, or bursts as gilbert(p=1%, r=30%, bad-loss=50%).");
                    return null;
                }

                return new FaultDefinition { Kind = FaultKind.LinkLoss, Links = directed, Loss = loss, Label = $"link {label} loss {lossText.Trim()}" };
        }
    }

    private static FaultDefinition? NodeFault(YamlDoc doc, YamlMappingNode m, string action, Func<YamlMappingNode, string, string, List<string>?> resolve, List<NodeDefinition> nodes)
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

    private static FaultDefinition? PartitionFault(YamlDoc doc, YamlMappingNode m, Func<YamlMappingNode, string, string, List<string>?> resolve, HashSet<(string, string)> linkSet)
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

    /// <summary>A loss share (0.05, 5%) or a Gilbert–Elliott burst model: <c>gilbert(p=1%, r=30%, bad-loss=50%[, good-loss=0])</c>.</summary>
    public static bool TryParseLoss(string text, out LossModel? model, out string? error)
    {
        model = null;
        string t = (text ?? string.Empty).Trim();
        if (!t.StartsWith("gilbert", StringComparison.Ordinal))
        {
            if (Units.TryParseFraction(t, 0, 1, out double p, out error))
            {
                model = LossModel.Bernoulli(p);
                return true;
            }

            return false;
        }

        string inner = t["gilbert".Length..].Trim();
        if (!inner.StartsWith('(') || !inner.EndsWith(')'))
        {
            error = $"'{t}' must read gilbert(p=..., r=..., bad-loss=...).";
            return false;
        }

        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string part in inner[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string[] kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            string[] keys = ["p", "r", "bad-loss", "good-loss"];
            if (kv.Length != 2 || !keys.Contains(kv[0]))
            {
                string? near = kv.Length == 2 ? YamlDoc.Suggest(kv[0], keys) : null;
                error = $"unknown parameter '{part}' in {t}" + (near is null ? "; gilbert takes p, r, bad-loss and good-loss." : $"; did you mean '{near}'?");
                return false;
            }

            if (!Units.TryParseFraction(kv[1], 0, 1, out double v, out string? e))
            {
                error = $"{kv[0]} in {t}: {e}";
                return false;
            }

            values[kv[0]] = v;
        }

        foreach (string required in new[] { "p", "r", "bad-loss" })
        {
            if (!values.ContainsKey(required))
            {
                error = $"{t} needs {required}=...";
                return false;
            }
        }

        model = LossModel.GilbertElliott(values["p"], values["r"], values["bad-loss"], values.GetValueOrDefault("good-loss"));
        error = null;
        return true;
    }

    /// <summary>The most links a scenario may have once instances are expanded (1000 instances on both ends of one link would make a million).</summary>
    public const int MaxLinks = 100_000;

    private static bool TryParseBandwidth(string text, out double bps) => Units.TryParseBandwidth(text, out bps, out _);

    private static Dictionary<string, IReadOnlyList<string>> ReadRoles(YamlDoc doc, YamlMappingNode root, HashSet<string> names, Func<string, IEnumerable<string>> instancesOf)
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
                UnknownNode(doc, kv.Value, $"roles.{role}", n, names);
            }

            // The roles of the standard's flows are played by the kinds that declare them; other roles (of a user's own flow) are not checked.
            string[] playable = [.. ScenarioRegistry.NodeKinds.Names.Where(k => ScenarioRegistry.NodeKinds.Find(k)!.Plays(role))];
            foreach (string n in nodes.Where(n => playable.Length > 0 && KindOf(root, n) is NodeKind k && !k.Plays(role)))
            {
                doc.Error(kv.Value, $"role '{role}' is played by node '{n}', a {KindOf(root, n)!.Name}; {role} must be a node of kind {string.Join(" or ", playable)}.",
                    $"name a node of kind {string.Join(" or ", playable)} for '{role}'.");
            }

            roles[role] = [.. nodes.SelectMany(instancesOf)];
        }

        return roles;
    }

    /// <summary><c>flows: [r01, no-alternative, no-modification]</c>: the flows a load run can produce (flow names or files, as <c>flow:</c>).</summary>
    private static List<FlowDefinition> ReadFlowMix(YamlDoc doc, YamlMappingNode root, string? baseDir, Dictionary<string, IReadOnlyList<string>> roles)
    {
        var mix = new List<FlowDefinition>();
        YamlNode? node = YamlDoc.Child(root, "flows");
        if (node is not null and not YamlSequenceNode)
        {
            doc.Error(node, "'flows' must be a list of flow names.", $"e.g. flows: [r01, no-alternative, {FlowMix.NoModification}]");
        }

        foreach (YamlNode item in node as YamlSequenceNode ?? [])
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

    private static FlowDefinition? ReadFlow(YamlDoc doc, YamlMappingNode root, string? baseDir, Dictionary<string, IReadOnlyList<string>> roles) =>
        YamlDoc.Child(root, "flow") is YamlNode node ? ReadFlow(doc, node, baseDir, roles) : null;

    private static FlowDefinition? ReadFlow(YamlDoc doc, YamlNode node, string? baseDir, Dictionary<string, IReadOnlyList<string>> roles)
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

    private static FlowDefinition? LoadFlowInto(YamlDoc doc, YamlNode at, string file, string text)
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

    private static Dictionary<string, IReadOnlyList<NonCpmService>> ReadRecipients(YamlDoc doc, YamlMappingNode root)
    {
        var result = new Dictionary<string, IReadOnlyList<NonCpmService>>(StringComparer.OrdinalIgnoreCase);
        if (doc.Mapping(YamlDoc.Child(root, "recipients"), "recipients") is not YamlMappingNode m)
        {
            return result;
        }

        foreach (KeyValuePair<YamlNode, YamlNode> kv in m.Children)
        {
            string address = (kv.Key as YamlScalarNode)?.Value ?? string.Empty;
            result[address] = NodeKey.ReadChoices(doc, m, address, $"recipient {address}", ScenarioRegistry.Services.ByName) ?? [];
        }

        return result;
    }

    private static SessionPlan ReadSession(YamlDoc doc, YamlMappingNode root)
    {
        YamlMappingNode? m = doc.Mapping(YamlDoc.Child(root, "session"), "session", SessionKeys);
        if (m is null)
        {
            doc.Error(root, "the scenario needs 'session': at least its 'recipient'.", "e.g. session: { recipient: \"tel:+15550100\" }");
            return new SessionPlan { Recipient = string.Empty };
        }

        var defaults = new SessionPlan { Recipient = string.Empty };
        return new SessionPlan
        {
            Recipient = doc.String(m, "recipient", "session", required: true) ?? string.Empty,
            ChatMessages = doc.StringList(m, "chat", "session") ?? defaults.ChatMessages,
            ChatInterval = doc.Time(m, "chat-interval", "session") ?? defaults.ChatInterval,
            AddFile = doc.Bool(m, "add-file", "session") ?? defaults.AddFile,
            FileSizeBytes = doc.Size(m, "file-size", "session") ?? defaults.FileSizeBytes,
            ModifyAfter = doc.Time(m, "modify-after", "session") ?? defaults.ModifyAfter,
            ReattemptOnRejection = doc.Bool(m, "reattempt-on-rejection", "session") ?? defaults.ReattemptOnRejection,
            SendFile = doc.Bool(m, "send-file", "session") ?? defaults.SendFile,
            ReleaseAfter = doc.Time(m, "release-after", "session") ?? defaults.ReleaseAfter,
        };
    }

    private static List<LoadExpectation> ReadLoadExpectations(YamlDoc doc, YamlMappingNode? expect, bool hasWorkload)
    {
        var result = new List<LoadExpectation>();
        if (YamlDoc.Child(expect, "load") is not YamlNode node)
        {
            return result;
        }

        if (node is not YamlSequenceNode seq)
        {
            doc.Error(node, "'load' in expect must be a list of bounds, e.g. [\"modification_delay.p99 < 800ms at 60/s\"].");
            return result;
        }

        foreach (YamlNode item in seq)
        {
            string text = (item as YamlScalarNode)?.Value ?? string.Empty;
            string where = $"{doc.FileOf(item)}:{item.Start.Line}:{item.Start.Column}";
            if (LoadExpectation.TryParse(text, where, out LoadExpectation? e, out string? error))
            {
                if (!hasWorkload && !e!.IsCapacity && e.Rate is null && YamlDoc.Child(doc.Root as YamlMappingNode, "workload") is null)
                {
                    doc.Error(item, $"'{text}' bounds a load metric, but the scenario has no 'workload' to run.",
                        "add a 'workload' (e.g. extends: load-r01), or write the rate to run it at: '... at 60/s'.");
                    continue;
                }

                result.Add(e!);
            }
            else
            {
                doc.Error(item, error!, "e.g. modification_delay.p99 < 800ms at 60/s, session_establishment_ratio >= 99.9%, doc >= 40.");
            }
        }

        return result;
    }

    /// <summary>True when <paramref name="key"/> of expect is written in this file, not inherited through <c>extends:</c>.</summary>
    private static bool OwnValue(YamlDoc doc, YamlMappingNode? expect, string key) =>
        YamlDoc.Child(expect, key) is YamlNode n && doc.FileOf(n) == doc.File;

    /// <summary>
    /// <c>fingerprint: "HASH/INGREDIENTS"</c> or a list of them, one per ingredient set. A fingerprint
    /// belongs to its file's scenario: one inherited through <c>extends:</c> describes another run, so it is not read.
    /// </summary>
    private static List<FingerprintExpectation> ReadFingerprints(YamlDoc doc, YamlMappingNode? expect, bool hasWorkload)
    {
        var result = new List<FingerprintExpectation>();
        if (!OwnValue(doc, expect, "fingerprint"))
        {
            return result;
        }

        YamlNode node = YamlDoc.Child(expect, "fingerprint")!;
        IEnumerable<YamlNode> items = node is YamlSequenceNode seq ? seq.Children : [node];
        foreach (YamlNode item in items)
        {
            if (item is not YamlScalarNode scalar)
            {
                doc.Error(item, "'fingerprint' in expect must be a fingerprint or a list of them, e.g. fingerprint: \"3f9a0c17d2e4b658/tnk\".", "cpmsim fingerprint FILE prints it; cpmsim check FILE --update-fingerprints writes it.");
                continue;
            }

            if (!Fingerprint.TryParse(scalar.Value, out ulong hash, out string ingredients, out string? problem))
            {
                doc.Error(item, $"'fingerprint' in expect: {problem}", $"ingredients: {Fingerprint.Describe()}; cpmsim fingerprint FILE prints the value.");
                continue;
            }

            if (hasWorkload && ingredients.Contains('s', StringComparison.Ordinal))
            {
                doc.Error(item, $"'fingerprint' in expect: '{scalar.Value}' has ingredient 's' (flow step), but this scenario has a workload, and a load run has no step per event.", "drop the 's' (e.g. tnk).");
                continue;
            }

            if (result.Any(f => f.Ingredients == ingredients))
            {
                doc.Error(item, $"'fingerprint' in expect gives two values for the ingredients '{ingredients}'.", "keep one fingerprint per ingredient set.");
                continue;
            }

            result.Add(new FingerprintExpectation(scalar.Value ?? string.Empty, hash, ingredients, doc.Place(item), doc.FileOf(item), item.Start.Index, item.End.Index));
        }

        return result;
    }

    /// <summary><c>regression: {METRIC: TOLERANCE, ...}</c>: the metrics <c>check --baseline</c> compares and how much worse each may get.</summary>
    private static List<RegressionTolerance> ReadRegression(YamlDoc doc, YamlMappingNode? expect)
    {
        var result = new List<RegressionTolerance>();
        if (YamlDoc.Child(expect, "regression") is not YamlNode node)
        {
            return result;
        }

        if (node is not YamlMappingNode map)
        {
            doc.Error(node, "'regression' in expect must be a mapping from metric to tolerance, e.g. {modification_delay.p99: 5%}.");
            return result;
        }

        foreach (KeyValuePair<YamlNode, YamlNode> kv in map.Children)
        {
            string metric = (kv.Key as YamlScalarNode)?.Value ?? string.Empty;
            string text = (kv.Value as YamlScalarNode)?.Value ?? string.Empty;
            if (CpmSim.Scenarios.Load.BaselineMetrics.TryParseTolerance(metric, text, doc.Place(kv.Key), out RegressionTolerance? tolerance, out string? problem))
            {
                result.Add(tolerance!);
            }
            else
            {
                bool unknown = problem!.StartsWith("there is no", StringComparison.Ordinal);
                doc.Error(unknown ? kv.Key : kv.Value, $"'regression' in expect: {problem}",
                    unknown ? $"metrics: {string.Join(", ", CpmSim.Scenarios.Load.BaselineMetrics.Names)}." : "e.g. regression: {modification_delay.p99: 5%}.");
            }
        }

        return result;
    }

    private static CapacitySettings ReadCapacity(YamlDoc doc, YamlMappingNode? expect)
    {
        YamlMappingNode? m = doc.Mapping(YamlDoc.Child(expect, "capacity"), "capacity", CapacityKeys);
        var d = new CapacitySettings();
        if (m is null)
        {
            return d;
        }

        double Rate(string key, double fallback)
        {
            string? v = doc.String(m, key, "capacity");
            if (v is null)
            {
                return fallback;
            }

            if (TryParseRate(v, out double r))
            {
                return r;
            }

            doc.Error(YamlDoc.Child(m, key), $"'{key}' in capacity must be a rate such as 10/s, not '{v}'.");
            return fallback;
        }

        return new CapacitySettings
        {
            From = Rate("from", d.From),
            Step = Rate("step", d.Step),
            Steps = (int)(doc.Integer(m, "steps", "capacity", 1, 1000) ?? d.Steps),
            StepDuration = doc.Time(m, "step-duration", "capacity") ?? d.StepDuration,
            IhsThreshold = doc.Number(m, "ihs-threshold", "capacity", 0, 0.999999) ?? d.IhsThreshold,
        };
    }

    private static WorkloadDefinition? ReadWorkload(YamlDoc doc, YamlMappingNode root, string? baseDir)
    {
        YamlMappingNode? m = doc.Mapping(YamlDoc.Child(root, "workload"), "workload", WorkloadKeys);
        if (m is null)
        {
            return null;
        }

        ArrivalProcess? arrivals = ReadArrivals(doc, m);
        long? sessions = doc.Integer(m, "sessions", "workload", 1);
        SimTime? duration = doc.Time(m, "duration", "workload");
        if (arrivals is not SteppedArrivals && sessions is null && duration is null && YamlDoc.Child(m, "arrivals") is not null)
        {
            doc.Error(m, "the workload needs 'sessions' or 'duration' (or a ramp of 'steps'), so that it ends.", "e.g. sessions: 10000");
        }

        YamlMappingNode? b = doc.Mapping(YamlDoc.Child(m, "behaviour"), "behaviour", BehaviourKeys);
        YamlMappingNode? p = doc.Mapping(YamlDoc.Child(m, "population"), "population", PopulationKeys);
        var defaults = new WorkloadDefinition { Arrivals = new ConstantArrivals(1) };
        return arrivals is null ? null : new WorkloadDefinition
        {
            Arrivals = arrivals,
            Sessions = sessions,
            Duration = duration,
            AutoWarmUp = IsAuto(doc, m, "warm-up"),
            WarmUp = WarmUp(doc, m) ?? defaults.WarmUp,
            DelayThreshold = doc.Time(m, "delay-threshold", "workload") ?? defaults.DelayThreshold,
            Behaviour = b is null ? new UserBehaviour() : new UserBehaviour
            {
                ChatMessages = ChatMessages(doc, b, baseDir),
                ChatSize = doc.Distribution(b, "chat-size", "behaviour", baseDir, DistributionUnit.Plain),
                ChatInterval = doc.Distribution(b, "chat-interval", "behaviour", baseDir, DistributionUnit.Time),
                FileProbability = doc.Number(b, "file-probability", "behaviour", 0, 1),
                FileSize = doc.Distribution(b, "file-size", "behaviour", baseDir, DistributionUnit.Size),
                HoldingTime = doc.Distribution(b, "holding-time", "behaviour", baseDir, DistributionUnit.Time),
                ReleaseAfter = doc.Distribution(b, "release-after", "behaviour", baseDir, DistributionUnit.Time),
                PreR01Share = doc.Number(b, "pre-r01-share", "behaviour", 0, 1),
            },
            Population = p is null ? null : new Population
            {
                Recipients = (int)(doc.Integer(p, "recipients", "population", 1, 10_000_000) ?? 1000),
                MmsShare = doc.Number(p, "mms-share", "population", 0, 1) ?? 1.0,
            },
        };
    }

    private static Distribution? ChatMessages(YamlDoc doc, YamlMappingNode? b, string? baseDir)
    {
        Distribution? d = doc.Distribution(b, "chat-messages", "behaviour", baseDir, DistributionUnit.Plain);
        if (d is not null && !(d.Mean <= UserBehaviour.MaxChatMessages))
        {
            doc.Error(YamlDoc.Child(b, "chat-messages"), $"'chat-messages' in behaviour: '{d.Text}' plans {d.Mean.ToString("G", CultureInfo.InvariantCulture)} chat messages per session on average, above the limit of {UserBehaviour.MaxChatMessages} (a session's messages are planned when it starts).",
                $"write a count with a mean of at most {UserBehaviour.MaxChatMessages}; a single draw above it is cut to {UserBehaviour.MaxChatMessages}.");
            return null;
        }

        return d;
    }

    /// <summary><c>poisson(200/s)</c>, <c>constant(50/s)</c>, or a ramp: <c>steps: [{rate: 100/s, for: 60s}, ...]</c>.</summary>
    private static ArrivalProcess? ReadArrivals(YamlDoc doc, YamlMappingNode m)
    {
        YamlNode? node = YamlDoc.Child(m, "arrivals");
        const string Forms = "poisson(200/s), constant(50/s), or {steps: [{rate: 100/s, for: 60s}, ...]}";
        if (node is null)
        {
            doc.Error(m, "the workload needs 'arrivals'.", "e.g. " + Forms);
            return null;
        }

        if (node is YamlScalarNode { Value: string text })
        {
            int open = text.IndexOf('(', StringComparison.Ordinal);
            if (open > 0 && text.EndsWith(')') && TryParseRate(text[(open + 1)..^1], out double rate))
            {
                switch (text[..open].Trim())
                {
                    case "poisson":
                        return new PoissonArrivals(rate);
                    case "constant":
                        return new ConstantArrivals(rate);
                }
            }

            doc.Error(node, $"'arrivals: {text}' is not an arrival process.", "write " + Forms);
            return null;
        }

        YamlMappingNode? ramp = doc.Mapping(node, "arrivals", "steps");
        if (YamlDoc.Child(ramp, "steps") is not YamlSequenceNode seq || seq.Children.Count == 0)
        {
            doc.Error(node, "a ramp needs 'steps': a list of {rate: R/s, for: DURATION}.", "e.g. arrivals: {steps: [{rate: 100/s, for: 60s}]}");
            return null;
        }

        var steps = new List<(double, SimTime)>();
        foreach (YamlNode item in seq)
        {
            YamlMappingNode? s = doc.Mapping(item, "a ramp step", StepKeys);
            string? r = doc.String(s, "rate", "a ramp step", required: true);
            SimTime? d = doc.Time(s, "for", "a ramp step");
            if (YamlDoc.Child(s, "for") is null)
            {
                doc.Error(item, "a ramp step needs 'for': how long the rate holds, e.g. 60s.");
            }

            if (r is not null && !TryParseRate(r, out _))
            {
                doc.Error(YamlDoc.Child(s, "rate"), $"'rate: {r}' must be sessions per second, e.g. 100/s.");
            }
            else if (r is not null && d is SimTime duration && TryParseRate(r, out double rate))
            {
                steps.Add((rate, duration));
            }
        }

        return steps.Count == seq.Children.Count ? new SteppedArrivals(steps) : null;
    }

    /// <summary><c>200/s</c>, <c>12.5/s</c>, <c>600/min</c> (<see cref="Units.TryParseRate"/>).</summary>
    public static bool TryParseRate(string text, out double perSecond) => Units.TryParseRate(text, out perSecond, out _);
}
