using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Tests.Scenarios.Load;

public class SteadyStateTests
{
    private static RunMetrics Run(double rate, long sessions)
    {
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn("load-r01");
        return LoadRunner.Run(s, new LoadOptions { Workload = s.Workload! with { Arrivals = new PoissonArrivals(rate), Sessions = sessions }, Seed = 5, StepSampleEvery = 0 });
    }

    [Test]
    public void Judge_PastSaturation_NotSteady()
    {
        // The SMS IWF serves 2 servers / 2 ms = 1,000 messages/s and load-r01 sends it ~11.7 per
        // session: it saturates near 85 sessions/s, so at 120/s its backlog grows until its queue is full.
        RunMetrics m = Run(120, 2400);

        Assert.That(m.IsSteady, Is.False);
        Assert.That(m.SteadyStateProblem, Does.Contain("iwf-sms"));
        var report = new LoadReport("t", [m]);
        Assert.That(report.Rows.All(r => !r.Steady), Is.True, "every figure of the run is marked");
        Assert.That(report["steady_state"].Mean, Is.Zero);
    }

    [Test]
    public void Judge_WellBelowSaturation_Steady()
    {
        RunMetrics m = Run(40, 1200);

        Assert.That(m.IsSteady, Is.True, m.SteadyStateProblem);
        Assert.That(m.SteadyStateMser!.Value.AtLimit, Is.False);
        Assert.That(new LoadReport("t", [m])["steady_state"].Mean, Is.EqualTo(1));
    }

    [Test]
    public void Evaluate_BoundOnATransient_DoesNotPass()
    {
        // A bound that any figure would meet (IHS share ≤ 100%) is not passed by a run that is not in
        // steady state: its figure estimates nothing.
        ScenarioDefinition s = ScenarioLoader.Load("t.yaml", """
            name: t
            extends: load-r01
            workload: {arrivals: poisson(120/s), sessions: 2400, warm-up: 10s}
            expect:
              load: ["ihs_share <= 100% at 120/s", "ihs_share <= 100% at 40/s"]
            """);

        IReadOnlyList<LoadChecks.Verdict> verdicts = LoadChecks.Evaluate(s, 5);

        Assert.That(verdicts[0].Passed, Is.False);
        Assert.That(verdicts[0].Problem, Does.Contain("not in steady state"));
        Assert.That(verdicts[1].Passed, Is.True, verdicts[1].ToString());
    }
}
