using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Cpm;

/// <summary>RFC 4028 session timers, the plumbing every SIP node shares.</summary>
public class SipNodeTests
{
    private const long SessionExpiresSeconds = 90;

    [Test]
    public void SessionTimers_ByeLostBetweenCoreAndIsf_IsfAndIwfsReleaseAfterSessionExpires()
    {
        // R01 (chat via the SMS IWF, file via the MMS IWF), released at about 3.2 s; the links between
        // the core and the ISF go down at 2.5 s, so the client's BYE never reaches the ISF and over TCP
        // nothing retransmits it. Without session timers the ISF and both IWFs keep their dialogs for
        // ever; with them, each callee releases its dialog when the session interval passes without a
        // refresh, and the ISF's legs stop refreshing when their refresh goes unanswered.
        ScenarioDefinition s = ScenarioLoader.Load("t.yaml", $"name: t\nextends: r01\ntimers: {{session-expires: {SessionExpiresSeconds}s}}\n");
        BuiltScenario built = ScenarioBuilder.Build(s, 1);
        SessionRecord? record = null;
        built.Client.SessionEnded += r => record = r;
        built.Client.StartSession(1, s.Session);
        built.Simulation.RunUntil(SimTime.FromMilliseconds(2500));
        NodeId core = built.Network["sip-core"].Id;
        NodeId isf = built.Network["isf"].Id;
        Assert.That(((Isf)built.Network["isf"]).ActiveCalls, Is.EqualTo(1), "the session stands when the links go down");
        built.Network.FindLink(core, isf)!.Up = false;
        built.Network.FindLink(isf, core)!.Up = false;

        built.Simulation.Run();

        Assert.That(record, Is.Not.Null);
        Assert.That(record!.Outcome, Is.EqualTo(SessionOutcome.Success), "a lost BYE does not change the session's outcome");
        var sipNodes = built.Network.Nodes.OfType<SipNode>().ToList();
        Assert.That(sipNodes.Where(n => n.HeldState != 0).Select(n => $"{n.Name}: {n.HeldState}"), Is.Empty);
        Assert.That(built.Simulation.PendingCount, Is.Zero);
        Assert.That(((SipNode)built.Network["isf"]).SessionsExpired, Is.EqualTo(1));
        Assert.That(((SipNode)built.Network["iwf-sms"]).SessionsExpired, Is.EqualTo(1));
        Assert.That(((SipNode)built.Network["iwf-mms"]).SessionsExpired, Is.EqualTo(1));
        Assert.That(built.Simulation.Now, Is.GreaterThanOrEqualTo(SimTime.FromSeconds(SessionExpiresSeconds)), "released by the session timer, not before");
    }

    [Test]
    public void SessionTimers_SessionHeldLongerThanSessionExpires_RefreshesKeepItUp()
    {
        // Held 400 s with a 90 s session interval: every dialog's caller refreshes it every 45 s, the
        // callees never expire it, and the replay still conforms to the R01 flow (UPDATEs are context).
        const long holdSeconds = 400;
        ScenarioDefinition s = ScenarioLoader.Load("t.yaml", $"name: t\nextends: r01\ntimers: {{session-expires: {SessionExpiresSeconds}s}}\nsession: {{release-after: {holdSeconds}s}}\n");
        BuiltScenario built = ScenarioBuilder.Build(s, 1);

        ReplayResult result = ReplayRunner.Run(built);

        Assert.That(result.Session.Outcome, Is.EqualTo(SessionOutcome.Success));
        Assert.That(result.Match!.Conforms, Is.True, result.Match.Mismatch?.ToString());
        var sipNodes = built.Network.Nodes.OfType<SipNode>().ToList();
        Assert.That(sipNodes.Sum(n => n.SessionsExpired), Is.Zero);
        Assert.That(sipNodes.Where(n => n.HeldState != 0).Select(n => n.Name), Is.Empty);

        // One refresh per half interval of the hold, within one: the client's dialog with the ISF, and
        // each of the ISF's two legs (SMS IWF from the start, MMS IWF from the re-attempt at about 1 s).
        double expected = holdSeconds / (SessionExpiresSeconds / 2.0);
        Assert.That(built.Client.RefreshesSent, Is.InRange(expected - 1, expected + 1));
        Assert.That(((SipNode)built.Network["isf"]).RefreshesSent, Is.InRange(2 * (expected - 1), 2 * (expected + 1)));
        long updatesAtIwfs = result.Records.Count(r => r.Kind == FlowItemKind.Send && r.Rendering == "UPDATE" && !r.Lost && r.ToNode is "iwf-sms" or "iwf-mms");
        Assert.That(updatesAtIwfs, Is.EqualTo(((SipNode)built.Network["isf"]).RefreshesSent), "every refresh of a leg reaches its IWF");
    }

    [TestCase("iwf-sms")]
    [TestCase("isf")]
    [TestCase("cpm-client")]
    public void OnRequest_UpdateForUnknownDialog_Answers481(string node)
    {
        ScenarioDefinition r01 = ScenarioLoader.LoadBuiltIn("r01");
        BuiltScenario built = ScenarioBuilder.Build(r01, 1);
        var probe = new Probe("probe");
        NodeId probeId = built.Network.Add(probe);
        NodeId target = built.Network[node].Id;
        built.Network.ConnectBoth(probeId, target);

        SipRequest update = built.Network.Shared<SipMessagePools>().Request();
        update.Method = SipMethod.Update;
        update.InDialog = true;
        update.CallId = CallId.ForSession(99, 1);
        update.Session = 99;
        update.CSeq = 5;
        update.CSeqMethod = SipMethod.Update;
        update.Transaction = 77;
        update.FromTag = 1234;
        update.ToTag = 5678;
        update.RequestUri = "tel:+15550100";
        update.Via = NodeList.Of(probeId, probeId); // two entries: the answer reaches the probe as a response to relay, which it records
        built.Network.Send(probeId, target, update);
        built.Simulation.Run();

        Assert.That(probe.Statuses, Is.EqualTo(new[] { StatusCodes.CallDoesNotExist }));
    }

    private sealed class Probe(string name) : SipNode(name)
    {
        public List<int> Statuses { get; } = [];

        protected override void OnRequest(SipRequest request, NodeId from)
        {
        }

        protected override void OnRelayResponse(SipResponse response, NodeId from) => Statuses.Add(response.Status);
    }
}
