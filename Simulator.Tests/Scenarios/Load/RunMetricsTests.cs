using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Tests.Scenarios.Load;

public class RunMetricsTests
{
    private static RunMetrics Run(string variant) => LoadRunner.Run(ScenarioLoader.LoadBuiltIn(variant), new LoadOptions
    {
        Workload = new WorkloadDefinition { Arrivals = new ConstantArrivals(1), Sessions = 3 },
        Seed = 1,
        StepSampleEvery = 0,
    });

    [Test]
    public void ModificationAndMediaAddedDelay_R01_BothEndAtStep22()
    {
        // r01.yaml, constant latencies, no processing time: the re-INVITE's 200 reaches Orig 120 ms
        // after it was sent (20 access + 5·4 to IwfA + 5·2 rejection to the ISF + 5·2 INVITE to IwfB
        // + 10·2 MMSC + 5·2 OK to the ISF + 5·2 to Srv + 20 access), and the file's stream is usable then.
        RunMetrics m = Run("r01");

        Assert.That(m.ModificationDelay.Count, Is.EqualTo(3));
        Assert.That(m.ModificationDelay.MeanMs, Is.EqualTo(120).Within(0.001));
        Assert.That(m.MediaAddedDelay.MeanMs, Is.EqualTo(120).Within(0.001));
    }

    [Test]
    public void ModificationDelay_PreR01_IsTheReInvitesOwnTransaction_MediaAddedEndsAtTheNewInvitationsOk()
    {
        // pre-r01: the 488 returns to Orig 80 ms after the re-INVITE (20 + 5·4 to IwfA, 5·4 + 20
        // back); Orig then invites the file itself: 20 + 5·4 to IwfB, 10·2 MMSC, 5·4 + 20 back = 100 ms
        // more. The modification's own transaction is 80 ms; the stream is usable after 180 ms.
        RunMetrics m = Run("pre-r01");

        Assert.That(m.ModificationDelay.MeanMs, Is.EqualTo(80).Within(0.001));
        Assert.That(m.MediaAddedDelay.MeanMs, Is.EqualTo(180).Within(0.001));
    }
}
