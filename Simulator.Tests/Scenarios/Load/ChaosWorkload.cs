using System.Globalization;
using CsCheck;

namespace CpmSim.Tests.Scenarios.Load;

/// <summary>A chaos case's workload: a small Poisson load with user behaviour up to the documented extremes.</summary>
public sealed record ChaosWorkload(
    int Rate,
    int Sessions,
    bool WarmUp,
    string ChatMessages,
    string ChatInterval,
    double FileProbability,
    string FileSize,
    string HoldingTime,
    string ReleaseAfter,
    double PreR01Share,
    int Recipients,
    double MmsShare)
{
    public static Gen<ChaosWorkload> Generator { get; } =
        Gen.Select(
            Gen.Select(Gen.OneOf(1, 10, 50, 200), Gen.Int[1, 120], Gen.Bool),
            Gen.Select(Gen.OneOf("const(0)", "uniform(0, 5)", "const(20)"), Gen.OneOf("const(0ms)", "exp(mean=1s)", "const(30s)")),
            Gen.Select(Gen.OneOf(0.0, 0.5, 1.0), Gen.OneOf("const(1)", "uniform(1000, 2000000)", "const(300000)", "const(300001)")),
            Gen.Select(Gen.OneOf("const(0s)", "exp(mean=10s)", "exp(mean=2h)"), Gen.OneOf("const(0s)", "exp(mean=5s)", "const(1h)")),
            Gen.Select(Gen.OneOf(0.0, 0.5, 1.0), Gen.Int[1, 100], Gen.OneOf(0.0, 0.5, 1.0)),
            (a, chat, file, times, mix) => new ChaosWorkload(a.Item1, a.Item2, a.Item3, chat.Item1, chat.Item2, file.Item1, file.Item2, times.Item1, times.Item2, mix.Item1, mix.Item2, mix.Item3));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $$"""
        workload:
          arrivals: poisson({{Rate}}/s)
          sessions: {{Sessions}}
          warm-up: {{(WarmUp ? "1s" : "0s")}}
          behaviour:
            chat-messages: "{{ChatMessages}}"
            chat-size: "uniform(1, 1000)"
            chat-interval: "{{ChatInterval}}"
            file-probability: {{FileProbability}}
            file-size: "{{FileSize}}"
            holding-time: "{{HoldingTime}}"
            release-after: "{{ReleaseAfter}}"
            pre-r01-share: {{PreR01Share}}
          population: {recipients: {{Recipients}}, mms-share: {{MmsShare}}}

        """);
}
