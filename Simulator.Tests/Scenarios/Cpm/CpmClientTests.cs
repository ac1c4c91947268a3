using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Tracing;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Sip;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Tests.Scenarios.Cpm;

public class CpmClientTests
{
    private static SessionRecord OneSession(string yaml)
    {
        ScenarioDefinition s = ScenarioLoader.Load("t.yaml", yaml);
        RunMetrics m = LoadRunner.Run(s, new LoadOptions
        {
            Workload = new WorkloadDefinition { Arrivals = new ConstantArrivals(1), Sessions = 1 },
            Seed = 1,
            RecordSessions = true,
        });
        return m.Sessions!.Single();
    }

    [Test]
    public void SessionOutcome_504ReceivedForTheInvitation_IsSetupRejected()
    {
        // The SMSC never answers and the SMS IWF waits for its ack only 5 s (before anyone's Timer B
        // of 32 s): the IWF answers 504 Server Time-out (issue 13; was 408), which reaches the client
        // as a final response ≥ 300, not as a time-out of its own.
        SessionRecord r = OneSession("name: t\nextends: r01\nnodes:\n  smsc: {answers: false}\n  iwf-sms: {confirm: non-cpm-ack, non-cpm-timeout: 5s}\n");

        Assert.That((r.Outcome, r.FailureStatus), Is.EqualTo((SessionOutcome.SetupRejected, 504)));
        Assert.That(r.ReleasedNs - r.InviteSentNs, Is.LessThan(SimTime.FromSeconds(6L).Nanoseconds), "ended on the 504, not on Timer B");
    }

    [Test]
    public void SessionOutcome_NoResponseAtAllWithinTimerB_IsSetupTimeout()
    {
        // The CPM server handles the invitation but nothing it sends leaves it (silent for 100 s): no
        // provisional response reaches the client, whose INVITE transaction times out in Calling (Timer B, 32 s).
        SessionRecord r = OneSession("name: t\nextends: r01\nfaults:\n  - {at: 0s, for: 100s, node: cpm-server, silent: true}\n");

        Assert.That(r.Outcome, Is.EqualTo(SessionOutcome.SetupTimeout));
        Assert.That(r.ReleasedNs - r.InviteSentNs, Is.InRange(SimTime.FromSeconds(32L).Nanoseconds, SimTime.FromSeconds(33L).Nanoseconds));
    }

    [Test]
    public void SessionOutcome_ProvisionalThenSlowFinal_WaitsPastTimerB()
    {
        // The IWF waits 60 s for the SMSC, but the client got 100 Trying: Timer B runs only in Calling
        // (RFC 3261 §17.1.1.2), so the client waits for the IWF's 504 instead of giving up at 32 s.
        SessionRecord r = OneSession("name: t\nextends: r01\nnodes:\n  smsc: {answers: false}\n  iwf-sms: {confirm: non-cpm-ack, non-cpm-timeout: 60s}\n");

        Assert.That((r.Outcome, r.FailureStatus), Is.EqualTo((SessionOutcome.SetupRejected, 504)));
        Assert.That(r.ReleasedNs - r.InviteSentNs, Is.InRange(SimTime.FromSeconds(60L).Nanoseconds, SimTime.FromSeconds(61L).Nanoseconds));
    }

    [Test]
    public void SessionOutcome_ProvisionalAndNoFinalForTimerC_CancelledAsSetupTimeout()
    {
        // The IWF would wait 300 s: after Timer C (181 s) in Proceeding the client cancels its INVITE
        // (RFC 3261 §9.1) and gives up; the CANCEL reaches the IWF, which answers 487 and forgets the session.
        SessionRecord r = OneSession("name: t\nextends: r01\nnodes:\n  smsc: {answers: false}\n  iwf-sms: {confirm: non-cpm-ack, non-cpm-timeout: 300s}\n");

        Assert.That(r.Outcome, Is.EqualTo(SessionOutcome.SetupTimeout));
        Assert.That(r.ReleasedNs - r.InviteSentNs, Is.InRange(SimTime.FromSeconds(181L).Nanoseconds, SimTime.FromSeconds(182L).Nanoseconds));
    }

    [TestCase("r01")]
    [TestCase("controlling")]
    public void Modification_Offer_DescribesTheClientsOwnEndpoints(string scenario)
    {
        // Issue 13 (RFC 3264 §8): the re-INVITE's offer describes the offerer's media. It used to be
        // the last answer with a file appended, so its chat m-line named IWF A's (or the Controlling
        // Function's) endpoint.
        BuiltScenario built = ScenarioBuilder.Build(ScenarioLoader.LoadBuiltIn(scenario), 1);
        var sink = new OfferSink();
        built.Network.Tracer = new Tracer(sink);
        built.Client.StartSession(1, built.Definition.Session);
        built.Simulation.Run();

        NodeId client = built.Client.Id;
        Sdp offer = sink.ReInvitesFromClient.Single();
        Assert.That(offer.Streams.Select(m => (m.Type, m.Endpoint, m.IsRejected)), Is.EqualTo(new[]
        {
            (MediaType.Chat, client, false),
            (MediaType.File, client, false),
        }));
    }

    private sealed class OfferSink : ITraceSink
    {
        public List<Sdp> ReInvitesFromClient { get; } = [];

        public void Record(TraceRecord record)
        {
            if (record.Kind == TraceKind.Send && record.From == "cpm-client" && record.Payload is SipRequest { Method: SipMethod.Invite, InDialog: true, IsRetransmission: false } r)
            {
                ReInvitesFromClient.Add(r.Body);
            }
        }
    }
}
