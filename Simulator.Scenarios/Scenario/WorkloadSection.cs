using System.Globalization;
using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Random;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Workloads;
using YamlDotNet.RepresentationModel;

namespace CpmSim.Scenarios.Scenario;

/// <summary>The <c>workload:</c> section: arrivals, user behaviour and the recipients' population of a load run.</summary>
internal static class WorkloadSection
{
    internal static readonly string[] WorkloadKeys = ["arrivals", "sessions", "duration", "warm-up", "delay-threshold", "behaviour", "population"];

    internal static readonly string[] BehaviourKeys = ["chat-messages", "chat-size", "chat-interval", "file-probability", "file-size", "holding-time", "release-after", "pre-r01-share"];

    internal static readonly string[] PopulationKeys = ["recipients", "mms-share"];

    internal static readonly string[] StepKeys = ["rate", "for"];

    internal static WorkloadDefinition? ReadWorkload(YamlDoc doc, YamlMappingNode root, string? baseDir)
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

    internal static Distribution? ChatMessages(YamlDoc doc, YamlMappingNode? b, string? baseDir)
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
    internal static ArrivalProcess? ReadArrivals(YamlDoc doc, YamlMappingNode m)
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
            if (open > 0 && text.EndsWith(')') && ScenarioLoader.TryParseRate(text[(open + 1)..^1], out double rate))
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

            if (r is not null && !ScenarioLoader.TryParseRate(r, out _))
            {
                doc.Error(YamlDoc.Child(s, "rate"), $"'rate: {r}' must be sessions per second, e.g. 100/s.");
            }
            else if (r is not null && d is SimTime duration && ScenarioLoader.TryParseRate(r, out double rate))
            {
                steps.Add((rate, duration));
            }
        }

        return steps.Count == seq.Children.Count ? new SteppedArrivals(steps) : null;
    }

    /// <summary>A fixed warm-up time; null when absent or <c>auto</c>. A bad value's error names both accepted forms.</summary>
    internal static SimTime? WarmUp(YamlDoc doc, YamlMappingNode? m)
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
    internal static bool IsAuto(YamlDoc doc, YamlMappingNode? map, string key) =>
        string.Equals(doc.String(map, key, "workload")?.Trim(), "auto", StringComparison.Ordinal);
}
