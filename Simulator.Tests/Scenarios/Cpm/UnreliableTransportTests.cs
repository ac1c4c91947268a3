using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Scenarios.Cpm;

public class UnreliableTransportTests
{
    // r01 with UDP and 30% loss, both directions, on the access link (client <-> CPM server).
    private const string LossyAccess = """
        name: lossy
        extends: r01
        transport: udp
        links:
          - {between: [cpm-client, cpm-server], latency: const(20ms), loss: 0.3}
          - {between: [cpm-server, sip-core]}
          - {between: [sip-core, isf]}
          - {between: [sip-core, iwf-sms]}
          - {between: [sip-core, iwf-mms]}
          - {between: [iwf-sms, smsc], latency: const(10ms)}
          - {between: [iwf-mms, mmsc], latency: const(10ms)}
          - {between: [smsc, sms-user], latency: const(50ms)}
          - {between: [mmsc, sms-user], latency: const(50ms)}
          - {between: [cpm-client, iwf-sms], latency: const(25ms)}
          - {between: [cpm-client, iwf-mms], latency: const(25ms)}
        """;

    [Test]
    public void Replay_UdpWithLossOnTheAccessLink_RetransmissionsRecoverEverySession()
    {
        ScenarioDefinition scenario = ScenarioLoader.Load("lossy.yaml", LossyAccess);
        int lostSomething = 0;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            ReplayResult r = ReplayRunner.Run(scenario, seed);

            Assert.That(r.Session.Outcome, Is.EqualTo(SessionOutcome.Success), $"seed {seed}");
            Assert.That(r.Match!.Conforms, Is.True, () => $"seed {seed}: {r.Match.Mismatch}");
            bool lost = r.Records.Any(x => x.Lost);
            lostSomething += lost ? 1 : 0;
            if (lost)
            {
                Assert.That(r.Records.Any(x => x.Retransmission), Is.True, $"seed {seed}: a loss must be repaired by a retransmission");
            }
        }

        Assert.That(lostSomething, Is.GreaterThan(10), "with 30% loss most seeds lose at least one message");
    }

    [Test]
    public void Replay_LostModification_RetransmissionTakesStep2AfterT1()
    {
        ScenarioDefinition scenario = ScenarioLoader.Load("lossy.yaml", LossyAccess);
        for (ulong seed = 1; seed <= 50; seed++)
        {
            ReplayResult r = ReplayRunner.Run(scenario, seed);
            ObservedRecord? lostStep2 = r.Records.FirstOrDefault(x => x.Lost && x.Name == "Modification" && x.FromRole == "Orig");
            if (lostStep2 is null)
            {
                continue;
            }

            ObservedRecord step2 = r.Records.Single(x => x.Step == "2");
            Assert.That(step2.Retransmission, Is.True);
            Assert.That(step2.SentNs - lostStep2.SentNs, Is.EqualTo(500_000_000), "Timer A fires first after T1 = 500 ms");
            return;
        }

        Assert.Fail("no seed in 1..50 lost the modification on its first try");
    }

    [Test]
    public void Replay_ReliableTransport_NeverRetransmits()
    {
        ReplayResult r = ReplayRunner.Run(ScenarioLoader.LoadBuiltIn("r01"));

        Assert.That(r.Records.Any(x => x.Retransmission), Is.False);
    }
}
