using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Tracing;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Cpm;

/// <summary>
/// Issue 13, status codes: requests for dialogs a node does not hold get 481 (RFC 3261 §12.2.2); an
/// INVITE that finds another INVITE of the dialog still unanswered gets 500 with a Retry-After of 0 to
/// 10 s, and 491 only in glare, when the receiver's own INVITE on the dialog is in progress (§14.2).
/// A probe node injects the request straight into the node under test and records the answer.
/// </summary>
public class StatusCodeTests
{
    private static readonly CallId OriginatorCall = CallId.ForSession(1, 1);

    [TestCase("r01", "isf", SipMethod.Bye)]
    [TestCase("r01", "isf", SipMethod.Invite)]
    [TestCase("r01", "iwf-sms", SipMethod.Bye)]
    [TestCase("r01", "iwf-sms", SipMethod.Invite)]
    [TestCase("r01", "iwf-mms", SipMethod.Invite)]
    [TestCase("r01", "cpm-client", SipMethod.Bye)]
    [TestCase("r01", "cpm-client", SipMethod.Invite)]
    [TestCase("controlling", "cpm-server", SipMethod.Bye)]
    [TestCase("controlling", "cpm-server", SipMethod.Invite)]
    public void InDialogRequest_UnknownDialog_Answers481(string scenario, string node, SipMethod method)
    {
        BuiltScenario built = ScenarioBuilder.Build(ScenarioLoader.LoadBuiltIn(scenario), 1);
        Probe probe = Probe.Into(built, node);

        probe.Inject(method, CallId.ForSession(99, 1), session: 99);
        built.Simulation.Run();

        Assert.That(probe.Finals, Is.EqualTo(new[] { StatusCodes.CallDoesNotExist }));
    }

    [TestCase("r01", "isf")]
    [TestCase("controlling", "cpm-server")]
    public void ReInvite_WhileAModificationIsPending_Answers500WithRetryAfter(string scenario, string node)
    {
        // The MMSC never answers, so from about 1.1 s the modification waits up to 20 s at every node
        // between the client and IWF B; a second re-INVITE on the originator's dialog arrives at 5 s.
        BuiltScenario built = PendingModification(scenario);
        Probe probe = Probe.Into(built, node);

        probe.Inject(SipMethod.Invite, OriginatorCall, session: 1);
        built.Simulation.RunUntil(SimTime.FromSeconds(6));

        Assert.That(probe.Finals, Is.EqualTo(new[] { StatusCodes.ServerInternalError }));
        Assert.That(probe.RetryAfters.Single(), Is.Not.Null.And.InRange(SimTime.Zero, SimTime.FromSeconds(10)));
    }

    [Test]
    public void ReInvite_WhileTheInvitationAwaitsTheNonCpmAck_IwfAnswers500WithRetryAfter()
    {
        BuiltScenario built = PendingModification("r01");
        Probe probe = Probe.Into(built, "iwf-mms");

        probe.Inject(SipMethod.Invite, OriginatorCall.Derived(2), session: 1); // the ISF's second leg: the re-attempt toward IWF B
        built.Simulation.RunUntil(SimTime.FromSeconds(6));

        Assert.That(probe.Finals, Is.EqualTo(new[] { StatusCodes.ServerInternalError }));
        Assert.That(probe.RetryAfters.Single(), Is.Not.Null);
    }

    [Test]
    public void ReInvite_WhileTheClientsOwnReInviteIsInProgress_Glare491()
    {
        BuiltScenario built = PendingModification("r01");
        Probe probe = Probe.Into(built, "cpm-client");

        probe.Inject(SipMethod.Invite, OriginatorCall, session: 1);
        built.Simulation.RunUntil(SimTime.FromSeconds(6));

        Assert.That(probe.Finals, Is.EqualTo(new[] { StatusCodes.RequestPending }));
    }

    [Test]
    public void ReInvite_NothingPending_TheClientAccepts()
    {
        // The same request after the session is up and nothing is pending: no glare, answered 200.
        BuiltScenario built = ScenarioBuilder.Build(ScenarioLoader.LoadBuiltIn("r01"), 1);
        built.Client.StartSession(1, built.Definition.Session);
        built.Simulation.RunUntil(SimTime.FromMilliseconds(500));
        Probe probe = Probe.Into(built, "cpm-client");

        probe.Inject(SipMethod.Invite, OriginatorCall, session: 1);
        built.Simulation.RunUntil(SimTime.FromMilliseconds(700));

        Assert.That(probe.Finals, Is.EqualTo(new[] { StatusCodes.Ok }));
    }

    [TestCase("r01", "isf", 1)]
    [TestCase("controlling", "cpm-server", 0)]
    public void ReInviteFromTheInterworkingSide_WhileTheB2buasOwnReInviteIsInProgress_Glare491(string scenario, string node, int leg)
    {
        // The B2BUA has just passed the client's modification on along its leg; the far end of that leg
        // sends a re-INVITE of its own before the answer comes back.
        BuiltScenario built = ScenarioBuilder.Build(ScenarioLoader.LoadBuiltIn(scenario), 1);
        var sink = new SentBy(node);
        built.Network.Tracer = new Tracer(sink);
        built.Client.StartSession(1, built.Definition.Session);
        while (!sink.SentReInvite && built.Simulation.RunEvents(1))
        {
        }

        Probe probe = Probe.Into(built, node);
        probe.Inject(SipMethod.Invite, DownstreamCall(leg), session: 1);
        built.Simulation.RunUntil(built.Simulation.Now + SimTime.FromMilliseconds(1));

        Assert.That(probe.Finals, Is.EqualTo(new[] { StatusCodes.RequestPending }));
    }

    [TestCase("r01", "isf", 1, SipMethod.Invite)]
    [TestCase("controlling", "cpm-server", 0, SipMethod.Invite)]
    [TestCase("controlling", "cpm-server", 0, SipMethod.Bye)]
    public void RequestFromTheInterworkingSide_OnAKnownLeg_Answered200Not481(string scenario, string node, int leg, SipMethod method)
    {
        BuiltScenario built = ScenarioBuilder.Build(ScenarioLoader.LoadBuiltIn(scenario), 1);
        built.Client.StartSession(1, built.Definition.Session);
        built.Simulation.RunUntil(SimTime.FromMilliseconds(500));
        Probe probe = Probe.Into(built, node);

        probe.Inject(method, DownstreamCall(leg), session: 1);
        built.Simulation.RunUntil(SimTime.FromMilliseconds(600));

        Assert.That(probe.Finals, Is.EqualTo(new[] { StatusCodes.Ok }));
    }

    [TestCase("r01", "isf")]
    [TestCase("controlling", "cpm-server")]
    public void ByeOnTheOriginatorsDialog_OlderCSeqThanTheDialogsLast_Answers500AndTheCallStays(string scenario, string node)
    {
        // Both B2BUAs share one upstream-dialog handling (B2bua): a request older than the last one of
        // the dialog is out of order (RFC 3261 §12.2.2), refused with 500 and never acted on.
        BuiltScenario built = ScenarioBuilder.Build(ScenarioLoader.LoadBuiltIn(scenario), 1);
        built.Client.StartSession(1, built.Definition.Session);
        built.Simulation.RunUntil(SimTime.FromMilliseconds(500));
        Probe probe = Probe.Into(built, node);

        probe.Inject(SipMethod.Bye, OriginatorCall, session: 1, cseq: 1); // the invitation had CSeq 1
        built.Simulation.RunUntil(SimTime.FromMilliseconds(600));

        Assert.That(probe.Finals, Is.EqualTo(new[] { StatusCodes.ServerInternalError }));
        int calls = built.Network[node] switch
        {
            Isf isf => isf.ActiveCalls,
            ControllingFunction cf => cf.ActiveCalls,
            _ => -1,
        };
        Assert.That(calls, Is.EqualTo(1), "the call was not released by the out-of-order BYE");
    }

    /// <summary>The Call-ID of a B2BUA's leg toward the interworking side: the ISF's leg number, or (0) the Controlling Function's.</summary>
    private static CallId DownstreamCall(int leg) => leg == 0 ? OriginatorCall.DerivedByControllingFunction() : OriginatorCall.Derived(leg);

    private sealed class SentBy(string node) : ITraceSink
    {
        public bool SentReInvite { get; private set; }

        public void Record(TraceRecord record) =>
            SentReInvite |= record.Kind == TraceKind.Send && record.From == node && record.Payload is SipRequest { Method: SipMethod.Invite, InDialog: true };
    }

    private static BuiltScenario PendingModification(string scenario)
    {
        ScenarioDefinition s = ScenarioLoader.Load("t.yaml", $"name: t\nextends: {scenario}\nnodes:\n  mmsc: {{answers: false}}\n");
        BuiltScenario built = ScenarioBuilder.Build(s, 1);
        built.Client.StartSession(1, s.Session);
        built.Simulation.RunUntil(SimTime.FromSeconds(5));
        return built;
    }

    private sealed class Probe(string name) : SipNode(name)
    {
        private NodeId _target;

        public List<int> Finals { get; } = [];

        public List<SimTime?> RetryAfters { get; } = [];

        public static Probe Into(BuiltScenario built, string node)
        {
            var probe = new Probe("probe");
            NodeId id = built.Network.Add(probe);
            probe._target = built.Network[node].Id;
            built.Network.ConnectBoth(id, probe._target);
            return probe;
        }

        /// <summary>Sends an in-dialog request of <paramref name="callId"/> (found by its Call-ID: no tag of the receiver) to the node under test.</summary>
        public void Inject(SipMethod method, CallId callId, long session, int cseq = 100)
        {
            SipRequest r = Network.Shared<SipMessagePools>().Request();
            r.Method = method;
            r.InDialog = true;
            r.CallId = callId;
            r.Session = session;
            r.CSeq = cseq;
            r.CSeqMethod = method;
            r.Transaction = NewTransaction();
            r.FromTag = 4321;
            r.RequestUri = "tel:+15550100";
            r.Via = NodeList.Of(Id);
            r.Contact = Id;
            r.Body = method == SipMethod.Invite ? Sdp.Of(new MediaStream(MediaType.Chat, 9, Id), new MediaStream(MediaType.File, 9, Id, 1000)) : default;
            Send(_target, r);
        }

        protected override void OnRequest(SipRequest request, NodeId from)
        {
        }

        protected override void OnResponse(SipResponse response, NodeId from)
        {
            if (!StatusCodes.IsProvisional(response.Status))
            {
                Finals.Add(response.Status);
                RetryAfters.Add(response.RetryAfter);
            }
        }
    }
}
