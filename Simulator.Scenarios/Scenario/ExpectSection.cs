using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Workloads;
using YamlDotNet.RepresentationModel;

namespace CpmSim.Scenarios.Scenario;

/// <summary>The <c>expect:</c> section: what <c>cpmsim check</c> verifies.</summary>
internal static class ExpectSection
{
    internal static readonly string[] ExpectKeys = ["conforms", "outcome", "load", "capacity", "fingerprint", "fingerprint-sessions", "regression"];

    internal static readonly string[] CapacityKeys = ["from", "step", "steps", "step-duration", "ihs-threshold"];

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

    /// <summary>The expectations; <c>conforms</c> defaults to whether the scenario has a flow.</summary>
    internal static Expectations Read(YamlDoc doc, YamlMappingNode root, FlowDefinition? flow, WorkloadDefinition? workload)
    {
        YamlMappingNode? expect = doc.Mapping(YamlDoc.Child(root, "expect"), "expect", ExpectKeys);
        return new Expectations
        {
            Conforms = doc.Bool(expect, "conforms", "expect") ?? flow is not null,
            Outcome = doc.Enum(expect, "outcome", "expect", Outcomes),
            Load = ReadLoadExpectations(doc, expect, hasWorkload: workload is not null),
            Capacity = ReadCapacity(doc, expect),
            Fingerprints = ReadFingerprints(doc, expect, workload is not null),
            FingerprintSessions = OwnValue(doc, expect, "fingerprint-sessions") ? doc.Integer(expect, "fingerprint-sessions", "expect", 1) : null,
            Regression = ReadRegression(doc, expect),
        };
    }

    internal static List<LoadExpectation> ReadLoadExpectations(YamlDoc doc, YamlMappingNode? expect, bool hasWorkload)
    {
        var result = new List<LoadExpectation>();
        foreach (YamlNode item in SectionReader.Sequence(doc, expect, "load", "'load' in expect must be a list of bounds, e.g. [\"modification_delay.p99 < 800ms at 60/s\"]."))
        {
            string text = (item as YamlScalarNode)?.Value ?? string.Empty;
            string where = SectionReader.Where(doc, item);
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
    internal static bool OwnValue(YamlDoc doc, YamlMappingNode? expect, string key) =>
        YamlDoc.Child(expect, key) is YamlNode n && doc.FileOf(n) == doc.File;

    /// <summary>
    /// <c>fingerprint: "HASH/INGREDIENTS"</c> or a list of them, one per ingredient set. A fingerprint
    /// belongs to its file's scenario: one inherited through <c>extends:</c> describes another run, so it is not read.
    /// </summary>
    internal static List<FingerprintExpectation> ReadFingerprints(YamlDoc doc, YamlMappingNode? expect, bool hasWorkload)
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
    internal static List<RegressionTolerance> ReadRegression(YamlDoc doc, YamlMappingNode? expect)
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

    internal static CapacitySettings ReadCapacity(YamlDoc doc, YamlMappingNode? expect)
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

            if (ScenarioLoader.TryParseRate(v, out double r))
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
}
