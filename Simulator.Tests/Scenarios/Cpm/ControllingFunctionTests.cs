using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Scenarios.Cpm;

/// <summary>
/// Issue 18, defect 1: over UDP a re-INVITE retransmitted by the client whose copy reached the
/// Controlling Function after it had answered started a second modification downstream and answered
/// the client's transaction again, with 488 (which could overtake the 200).
/// </summary>
public class ControllingFunctionTests
{
    private static string Scenario(string accessLatency, string transport = "udp", string extra = "") => $$"""
        name: cf-late-copies
        extends: controlling
        transport: {{transport}}
        links:
          - {between: [cpm-client, cpm-server], latency: "{{accessLatency}}"}
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
          - {between: [cpm-server, iwf-sms], latency: const(10ms)}
          - {between: [cpm-server, iwf-mms], latency: const(10ms)}
        workload:
          arrivals: poisson(40/s)
          sessions: 1000
          population: {recipients: 1000, mms-share: 1.0}
        {{extra}}
        """;

    private static RunMetrics Run(string yaml, ulong seed)
    {
        ScenarioDefinition s = ScenarioLoader.Load("cf.yaml", yaml);
        return LoadRunner.Run(s, new LoadOptions { Workload = s.Workload!, Seed = seed });
    }

    [TestCase(1UL)]
    [TestCase(2UL)]
    public void Run_UdpAccessLinkJitterUpTo2s_EverySessionSucceeds(ulong seed)
    {
        // Every recipient has MMS, so every file is carried: any file_rejected is a wrong answer.
        RunMetrics m = Run(Scenario("uniform(0ms, 2s)"), seed);

        Assert.That(m.Retransmissions, Is.GreaterThan(1000), "the client did retransmit");
        Assert.That(m.Outcomes[SessionOutcome.Success], Is.EqualTo(1000), () => string.Join(", ", m.Outcomes.Where(o => o.Value > 0)));
    }

    [Test]
    public void Run_UdpAccessLink300ms_LateCopiesCauseNoSecondModification()
    {
        // The copies the client retransmits before the answer reaches it are answered again by the
        // Controlling Function, not passed on: the ISF sees as many messages as over TCP.
        static long IsfArrivals(RunMetrics m) => m.Nodes.Single(n => n.Node == "isf").Arrivals;
        RunMetrics udp = Run(Scenario("const(300ms)"), 3);
        RunMetrics tcp = Run(Scenario("const(300ms)", "tcp"), 3);

        Assert.That(udp.Retransmissions, Is.GreaterThan(0));
        Assert.That(udp.Outcomes[SessionOutcome.Success], Is.EqualTo(1000));
        Assert.That(IsfArrivals(udp), Is.EqualTo(IsfArrivals(tcp)));
    }

    [Test]
    public void Run_FourMmsIwfInstancesAndSlowAccessLink_NoCrashEverySessionSucceeds()
    {
        // Used to end in "An ISF call with more than 4 legs toward IWFs" (the ISF's leg list was fixed at 4).
        RunMetrics m = Run(Scenario("const(1800ms)", extra: "nodes:\n  iwf-mms: {instances: 4}"), 1);

        Assert.That(m.Outcomes[SessionOutcome.Success], Is.EqualTo(1000));
    }
}
