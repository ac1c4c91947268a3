using System.Globalization;
using System.Text;
using CsCheck;

namespace CpmSim.Tests.Scenarios.Load;

/// <summary>
/// One generated <em>valid</em> scenario of the chaos suite: a built-in variant, a transport, instances,
/// balance and processing per node kind, latency and loss per link, timers, user behaviour and a small
/// workload, all inside the documented ranges. <see cref="ToString"/> is the scenario file that
/// reproduces it (what a failing case prints, shrunk).
/// </summary>
public sealed record ChaosCase(
    string Variant,
    bool Udp,
    int T1Ms,
    IReadOnlyList<ChaosNode> Nodes,
    IReadOnlyList<ChaosLink> Links,
    ChaosWorkload Workload,
    ulong Seed)
{
    /// <summary>The built-in variants a case extends: every flow variant and every load scenario but the million-session one.</summary>
    public static readonly string[] Variants =
        ["r01", "pre-r01", "iwfa-accepts", "no-alternative", "iwfb-rejects", "iwfb-timeout", "port-zero", "controlling", "full-story",
         "load-r01", "load-pre-r01", "load-instances", "load-overload-udp"];

    /// <summary>The node groups of r01 (which every variant extends) whose instances, balance and processing vary.</summary>
    public static readonly string[] NodeGroups = ["cpm-server", "sip-core", "isf", "iwf-sms", "iwf-mms", "smsc", "mmsc"];

    /// <summary>The links of r01, each of which a case gives its own latency and loss.</summary>
    public static readonly (string A, string B)[] LinkPairs =
    [
        ("cpm-client", "cpm-server"), ("cpm-server", "sip-core"), ("sip-core", "isf"), ("sip-core", "iwf-sms"), ("sip-core", "iwf-mms"),
        ("iwf-sms", "smsc"), ("iwf-mms", "mmsc"), ("smsc", "sms-user"), ("mmsc", "sms-user"),
        ("cpm-client", "iwf-sms"), ("cpm-client", "iwf-mms"), ("cpm-server", "iwf-sms"), ("cpm-server", "iwf-mms"),
    ];

    /// <summary>Latencies from constant to heavy-tailed, up to seconds of jitter.</summary>
    public static readonly string[] Latencies =
        ["const(0ms)", "const(5ms)", "const(300ms)", "exp(mean=20ms)", "uniform(0ms, 2s)", "lognormal(mean=50ms, cv=3)", "gamma(shape=0.5, mean=100ms)", "normal(mean=30ms, sd=20ms)"];

    /// <summary>Service times, including heavy tails.</summary>
    public static readonly string[] ServiceTimes =
        ["const(1ms)", "exp(mean=2ms)", "exp(mean=20ms)", "lognormal(mean=5ms, cv=4)", "uniform(0ms, 10ms)", "gamma(shape=0.3, mean=3ms)"];

    public static Gen<ChaosCase> Generator { get; } =
        Gen.Select(
            Gen.OneOf(Variants),
            Gen.Bool,
            Gen.OneOf(100, 500, 2000),
            ChaosNode.Generator.Array[NodeGroups.Length],
            ChaosLink.Generator.Array[LinkPairs.Length],
            ChaosWorkload.Generator,
            Gen.ULong,
            (variant, udp, t1, nodes, links, workload, seed) => new ChaosCase(variant, udp, t1, nodes, links, workload, seed));

    public override string ToString()
    {
        var y = new StringBuilder();
        y.AppendLine(CultureInfo.InvariantCulture, $"name: chaos-{Variant}");
        y.AppendLine(CultureInfo.InvariantCulture, $"extends: {Variant}");
        y.AppendLine(CultureInfo.InvariantCulture, $"seed: {Seed}");
        y.AppendLine(CultureInfo.InvariantCulture, $"transport: {(Udp ? "udp" : "tcp")}");
        y.AppendLine(CultureInfo.InvariantCulture, $"timers: {{t1: {T1Ms}ms}}");
        y.AppendLine("nodes:");
        for (int i = 0; i < NodeGroups.Length; i++)
        {
            y.AppendLine(CultureInfo.InvariantCulture, $"  {NodeGroups[i]}: {Nodes[i]}");
        }

        y.AppendLine("links:");
        for (int i = 0; i < LinkPairs.Length; i++)
        {
            y.AppendLine(CultureInfo.InvariantCulture, $"  - {{between: [{LinkPairs[i].A}, {LinkPairs[i].B}], {Links[i]}}}");
        }

        y.Append(Workload);
        return y.ToString();
    }
}
