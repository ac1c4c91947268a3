using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Scenarios.Load;

public class InstancesTests
{
    [Test]
    public void Load_Instances_ExpandToNamedNodesWithEveryLinkAndRole()
    {
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn("load-instances");

        Assert.That(s.Nodes.Where(n => n.Group == "sip-core").Select(n => n.Name), Is.EqualTo(new[] { "sip-core-1", "sip-core-2", "sip-core-3", "sip-core-4" }));
        Assert.That(s.Roles["Core"], Has.Count.EqualTo(4));
        Assert.That(s.Roles["Isf"], Is.EqualTo(new[] { "isf-1", "isf-2" }));
        // isf <-> sip-core: 2 × 4 pairs, both directions declared once each.
        Assert.That(s.Links.Count(l => l.From.StartsWith("sip-core", StringComparison.Ordinal) && l.To.StartsWith("isf", StringComparison.Ordinal)), Is.EqualTo(8));
    }

    [Test]
    public void Run_Instances_ShareTheLoadAndEverySessionSucceedsAndConforms()
    {
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn("load-instances");
        // Every recipient has MMS here, so every modification should follow r01.
        var workload = s.Workload! with { Sessions = 2000, Population = s.Workload!.Population! with { MmsShare = 1.0 } };
        RunMetrics m = LoadRunner.Run(s, new LoadOptions { Workload = workload, Seed = 5, StepSampleEvery = 10 });

        Assert.That(m.Outcomes.Values.Sum(), Is.EqualTo(m.SessionsStarted));
        Assert.That(m.Outcomes[SessionOutcome.SetupRejected] + m.Outcomes[SessionOutcome.SetupTimeout], Is.Zero);
        Assert.That(m.SampledConforming, Is.EqualTo(m.SampledSessions).And.GreaterThan(0), "sampled modifications follow r01 through whichever instances they met");
        foreach (string group in new[] { "sip-core", "isf", "iwf-sms" })
        {
            var served = m.Nodes.Where(n => n.Node.StartsWith(group + "-", StringComparison.Ordinal)).Select(n => (double)n.Served).ToList();
            Assert.That(served, Has.Count.GreaterThan(1));
            Assert.That(served.Min() / served.Max(), Is.GreaterThan(0.8), $"{group} instances share the load: {string.Join(", ", served)}");
        }
    }

    [Test]
    public void Replay_WithInstances_StillConformsToR01()
    {
        ReplayResult r = ReplayRunner.Run(ScenarioLoader.Load("i.yaml", "name: i\nextends: r01\nnodes:\n  sip-core: {instances: 3}\n  isf: {instances: 2}\n"));

        Assert.That(r.Match!.Conforms, Is.True, () => r.Match.Mismatch!.ToString());
        Assert.That(r.Records.Where(x => x.Step is not null && x.FromRole == "Core").Select(x => x.FromNode).Distinct().ToList(), Has.Count.EqualTo(1), "one dialog, one core instance");
    }

    [TestCase("session-hash")]
    [TestCase("round-robin")]
    public void Replay_Balance_IsHonouredByTheCoresChoiceOfIsf_AndTheIsfsChoiceOfIwf(string balance)
    {
        // Three ISFs and three SMS IWFs: round-robin gives a run's first session to the first instance
        // of each; session-hash gives it to instance (session id mod 3) + 1, another one here.
        ReplayResult r = ReplayRunner.Run(ScenarioLoader.Load("b.yaml",
            $"name: b\nextends: r01\nnodes:\n  isf: {{instances: 3, balance: {balance}}}\n  iwf-sms: {{instances: 3, balance: {balance}}}\n"));
        Assert.That(r.Match!.Conforms, Is.True, () => r.Match.Mismatch!.ToString());

        long session = r.Records.First(x => x.Session != 0).Session;
        string Expected(string group) => balance == "round-robin" ? $"{group}-1" : $"{group}-{(session % 3) + 1}";
        Assert.That(session % 3, Is.Not.Zero, "the two policies pick different instances for this session");
        Assert.That(r.Records.Where(x => x.FromRole == "Isf").Select(x => x.FromNode).Distinct(), Is.EqualTo(new[] { Expected("isf") }));
        Assert.That(r.Records.Where(x => x.FromRole == "IwfA").Select(x => x.FromNode).Distinct(), Is.EqualTo(new[] { Expected("iwf-sms") }));
    }
}
