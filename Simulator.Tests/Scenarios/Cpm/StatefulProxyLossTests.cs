using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Cpm;

/// <summary>
/// Issue 13: r01 over UDP with 50% loss (both directions) on one hop. Every hop's transactions
/// retransmit on their own — the proxies too (§16) — so the sessions complete, except where one
/// transaction loses all of its 7 tries (Timer A: 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s), which at 50%
/// loss happens with probability 1/128 per transaction. Measured with seeds 1–20 on each hop.
/// </summary>
public class StatefulProxyLossTests
{
    private static readonly string[][] Hops =
    [
        ["cpm-client", "cpm-server"],
        ["cpm-server", "sip-core"],
        ["sip-core", "isf"],
        ["sip-core", "iwf-sms"],
        ["sip-core", "iwf-mms"],
    ];

    [TestCase(0, 20)]
    [TestCase(1, 20)]
    [TestCase(2, 19)] // core–ISF carries both legs' INVITEs and end-to-end ACKs: seed 3 loses all 7 tries of the ISF's INVITE to IWF B ((0.5)^7 per transaction)
    [TestCase(3, 20)]
    [TestCase(4, 20)]
    public void R01Udp_HalfTheMessagesLostOnOneHop_SessionsCompleteAndEveryOneEnds(int hop, int completing)
    {
        string links = string.Join("\n", Hops.Select((h, i) => $"  - {{between: [{h[0]}, {h[1]}]{(i == hop ? ", loss: 0.5" : string.Empty)}}}"));
        string yaml = "name: t\nextends: r01\ntransport: udp\nlinks:\n" + links + "\n" +
            "  - {between: [iwf-sms, smsc], latency: const(10ms)}\n" +
            "  - {between: [iwf-mms, mmsc], latency: const(10ms)}\n" +
            "  - {between: [smsc, sms-user], latency: const(50ms)}\n" +
            "  - {between: [mmsc, sms-user], latency: const(50ms)}\n" +
            "  - {between: [cpm-client, iwf-sms], latency: const(25ms)}\n" +
            "  - {between: [cpm-client, iwf-mms], latency: const(25ms)}\n";
        ScenarioDefinition s = ScenarioLoader.Load("t.yaml", yaml);
        var outcomes = new List<string>();
        long retransmissionsOnTheHop = 0;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            BuiltScenario built = ScenarioBuilder.Build(s, seed);
            ReplayResult r = ReplayRunner.Run(built);
            outcomes.Add($"seed {seed}: {r.Session.Outcome}");
            retransmissionsOnTheHop += ((SipNode)built.Network[Hops[hop][0]]).Retransmissions + ((SipNode)built.Network[Hops[hop][1]]).Retransmissions;
            Assert.That(built.Network.Nodes.OfType<SipNode>().Where(n => n.HeldState != 0).Select(n => n.Name), Is.Empty, $"seed {seed}");
        }

        Assert.That(outcomes, Has.Count.EqualTo(20), "every session ends, in one outcome");
        Assert.That(outcomes.Count(o => o.EndsWith(nameof(SessionOutcome.Success), StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(completing), () => string.Join("; ", outcomes));
        Assert.That(retransmissionsOnTheHop, Is.GreaterThan(0), "the hop's own transactions repaired the losses");
    }
}
