using CpmSim.Core.Network;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Workloads;
using YamlDotNet.RepresentationModel;

namespace CpmSim.Scenarios.Scenario;

/// <summary>
/// Reads scenario files (YAML). Every error is collected and reported at once as
/// <c>file:line:column: message Hint: ...</c>; unknown keys get a "did you mean". A scenario may
/// <c>extends:</c> a built-in scenario or another file, overriding only what differs.
/// The keys and their defaults are documented in <c>docs/scenario-files.md</c>. This class resolves
/// <c>extends:</c> and overrides; each section has its reader (<see cref="NodesSection"/>,
/// <see cref="LinksSection"/>, <see cref="FaultsSection"/>, <see cref="FlowsSection"/>,
/// <see cref="SessionSection"/>, <see cref="ExpectSection"/>, <see cref="WorkloadSection"/>), and a
/// node's own keys are read as its kind declares them (<see cref="Kinds.NodeKind"/>).
/// </summary>
public static class ScenarioLoader
{
    private const string BuiltInPrefix = "builtin:";

    internal static readonly string[] TopKeys = ["name", "description", "extends", "seed", "flow", "roles", "timers", "nodes", "link-defaults", "links", "recipients", "session", "expect", "workload", "transport", "flows", "faults"];

    private static readonly Dictionary<string, bool> Transports = new(StringComparer.Ordinal) { ["udp"] = true, ["tcp"] = false };

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
        List<NodeDefinition> nodes = NodesSection.ReadNodes(doc, root, baseDir);
        HashSet<string> names = NodesSection.DeclaredNames(root);
        IEnumerable<string> InstancesOf(string group)
        {
            var of = nodes.Where(n => n.Group == group).Select(n => n.Name).ToList();
            return of.Count == 0 ? [group] : of;
        }

        List<LinkDefinition> links = LinksSection.ReadLinks(doc, root, baseDir, names, InstancesOf);
        List<FaultDefinition> faults = FaultsSection.ReadFaults(doc, root, names, InstancesOf, nodes, links);
        Dictionary<string, IReadOnlyList<string>> roles = FlowsSection.ReadRoles(doc, root, names, InstancesOf);
        FlowDefinition? flow = FlowsSection.ReadFlow(doc, root, baseDir, roles);
        List<FlowDefinition> flowMix = FlowsSection.ReadFlowMix(doc, root, baseDir, roles);
        WorkloadDefinition? workload = WorkloadSection.ReadWorkload(doc, root, baseDir);
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
            DefaultLatency = LinksSection.ReadDefaultLatency(doc, root, baseDir),
            Recipients = SessionSection.ReadRecipients(doc, root),
            Session = SessionSection.ReadSession(doc, root),
            Timers = SessionSection.ReadTimers(doc, root),
            UnreliableTransport = doc.Enum(root, "transport", "the scenario", Transports) == true,
            Workload = workload,
            Expect = ExpectSection.Read(doc, root, flow, workload),
        };
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

    /// <summary><c>200/s</c>, <c>12.5/s</c>, <c>600/min</c> (<see cref="Units.TryParseRate"/>).</summary>
    public static bool TryParseRate(string text, out double perSecond) => Units.TryParseRate(text, out perSecond, out _);
}
