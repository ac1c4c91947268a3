using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Tests.Scenarios.Replay;

/// <summary>
/// Regression fingerprints of the built-in scenarios: each carries its run's fingerprints in its file
/// (<c>expect: fingerprint:</c>; the replay's <c>tnk</c> and <c>tnkds</c> — time, node, message kind, SIP
/// rendering and flow step of every event — or the load run's <c>tnk</c>), recorded when the runs were
/// checked against the standard's flows. A change of the model's behaviour changes them: if it is meant,
/// check the replays, then <c>dotnet run --project Simulator.Cli -- check --all --update-fingerprints</c>
/// from the repository's root rewrites the values (docs/ci.md), and the commit says why.
/// </summary>
public class FingerprintTests
{
    private const string Update = "if the change is meant: dotnet run --project Simulator.Cli -- check --all --update-fingerprints (from the repository root), and say why in the commit";

    [TestCaseSource(nameof(BuiltIns))]
    public void BuiltIn_RunsWithItsRecordedFingerprints(string name)
    {
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn(name);
        Assert.That(s.Expect.Fingerprints, Is.Not.Empty, $"built-in '{name}' carries a fingerprint");
        foreach (FingerprintExpectation f in s.Expect.Fingerprints)
        {
            Assert.That(ScenarioFingerprint.Compute(s, f.Ingredients), Is.EqualTo(f.Value), $"{name}: the {ScenarioFingerprint.RunDescription(s)} changed ({f.Ingredients}); {Update}");
        }
    }

    [Test]
    public void Replay_TwiceSameSeed_SameFingerprint_AndOtherSeedOrIngredientsDiffer()
    {
        ScenarioDefinition r01 = ScenarioLoader.LoadBuiltIn("r01");
        string a = ReplayRunner.Run(r01, null, "etnkalids").Fingerprint!;
        string b = ReplayRunner.Run(r01, null, "etnkalids").Fingerprint!;

        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Does.EndWith("/etnkalids"));
        Assert.That(ReplayRunner.Run(r01, null, "tnk").Fingerprint, Is.Not.EqualTo(ReplayRunner.Run(r01, null, "tn").Fingerprint), "the message kinds are in it");
        ScenarioDefinition load = ScenarioLoader.LoadBuiltIn("load-r01");
        Assert.That(ReplayRunner.Run(load, 2, "tnk").Fingerprint, Is.Not.EqualTo(ReplayRunner.Run(load, 3, "tnk").Fingerprint),
            "load-r01's nodes draw exponential service times: another seed, another run");
    }

    [Test]
    public void Replay_OneMillisecondMoreAtTheIsf_FlowStillConforms_FingerprintChanges()
    {
        ScenarioDefinition r01 = ScenarioLoader.LoadBuiltIn("r01");
        ScenarioDefinition slower = ScenarioLoader.Load("slower.yaml", "name: slower\nextends: r01\nnodes:\n  isf: {processing: {servers: 1, time: const(1ms)}}\n");

        ReplayResult before = ReplayRunner.Run(r01, null, "tnk");
        ReplayResult after = ReplayRunner.Run(slower, null, "tnk");

        Assert.That(after.Match!.Conforms, Is.True, "the mutation keeps the flow conforming: a flow check alone cannot see it");
        Assert.That(after.Session.Outcome, Is.EqualTo(before.Session.Outcome));
        Assert.That(after.Fingerprint, Is.Not.EqualTo(before.Fingerprint));
    }

    [Test]
    public void Replay_StepIngredient_IsTheMatchedStepsInTraceOrder()
    {
        ReplayResult replay = ReplayRunner.Run(ScenarioLoader.LoadBuiltIn("r01"), null, "s");
        var byHand = new Fingerprint("s");
        foreach (var r in replay.Records)
        {
            byHand.Add(r.Step ?? "-");
        }

        Assert.That(replay.Records.Count(r => r.Step is not null), Is.GreaterThan(15), "the r01 replay has its steps numbered");
        Assert.That(replay.Fingerprint, Is.EqualTo(byHand.ToString()), "'s' alone: the kernel adds nothing per event, the steps come after the match");
    }

    [Test]
    public void LoadRun_FingerprintOn_ChangesNoResult()
    {
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn("load-r01");
        var options = new LoadOptions { Workload = s.Workload! with { Sessions = 800 }, Seed = 3 };
        RunMetrics off = LoadRunner.Run(s, options);
        RunMetrics on = LoadRunner.Run(s, options with { Fingerprint = "etnkali" });
        RunMetrics again = LoadRunner.Run(s, options with { Fingerprint = "etnkali" });

        Assert.That(off.Fingerprint, Is.Null);
        Assert.That(on.Fingerprint, Is.EqualTo(again.Fingerprint));
        Assert.That(on.EventsProcessed, Is.EqualTo(off.EventsProcessed));
        Assert.That(BaselineMetrics.Values(on), Is.EqualTo(BaselineMetrics.Values(off)), "a fingerprint observes, it changes nothing");
    }

    private static IEnumerable<string> BuiltIns() => BuiltIn.ScenarioNames;
}
