using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Cpm;

/// <summary>Issue 13's findings that needed the transaction layer: Timer B only in Calling, late non-2xx ACKed, CANCEL.</summary>
public class TransactionFindingsTests
{
    [Test]
    public void IwfbTimeout_NonCpmTimeout40s_CallersWaitAndTheFlowConforms()
    {
        // IWF B waits 40 s for the MMSC, longer than the callers' Timer B (32 s); they got 100 Trying
        // (IWF B's after 200 ms, the core's at once), so they wait for IWF B's 504 (was: both gave up at 32 s).
        ScenarioDefinition s = ScenarioLoader.Load("t.yaml", "name: t\nextends: iwfb-timeout\nnodes:\n  iwf-mms: {non-cpm-timeout: 40s}\n");

        ReplayResult r = ReplayRunner.Run(s);

        Assert.That(r.Match!.Conforms, Is.True, () => r.Match.Mismatch?.ToString() ?? string.Empty);
        Assert.That(r.Records.Single(x => x.Step == "17").Rendering, Is.EqualTo("504"));
        Assert.That(r.Records.Any(x => x.Name == "timer B expired"), Is.False);
        Assert.That(r.Records.Any(x => x.Kind == FlowItemKind.Send && x.FromRole == "IwfB" && x.Rendering == "100"), Is.True, "IWF B's server transaction sent 100 Trying");
    }

    [Test]
    public void Client_NonSuccessFinalAfterItsTimerB_IsAcked()
    {
        // The link from the CPM server to the client is down from 1 s to 34 s: the 100 Trying for the
        // modification never arrives, the client's INVITE transaction times out in Calling at 33 s,
        // and releases the session; the ISF answers the pending modification 487 when the BYE comes,
        // and that final reaches the client once the link is back: it finds no transaction, and is ACKed.
        ScenarioDefinition s = ScenarioLoader.Load("t.yaml", "name: t\nextends: iwfb-timeout\nnodes:\n  iwf-mms: {non-cpm-timeout: 40s}\n");
        BuiltScenario built = ScenarioBuilder.Build(s, 1);
        SessionRecord? record = null;
        built.Client.SessionEnded += x => record = x;
        var sink = new CpmSim.Core.Tracing.MemoryTraceSink();
        built.Network.Tracer = new CpmSim.Core.Tracing.Tracer(sink);
        Link down = built.Network.FindLink(built.Network["cpm-server"].Id, built.Client.Id)!;
        built.Client.StartSession(1, s.Session);
        built.Simulation.RunUntil(SimTime.FromSeconds(1));
        down.Up = false;
        built.Simulation.RunUntil(SimTime.FromSeconds(34));
        down.Up = true;
        built.Simulation.Run();

        Assert.That(record!.Outcome, Is.EqualTo(SessionOutcome.ModificationTimeout));
        CpmSim.Core.Tracing.TraceRecord late = sink.Records.First(x => x is { Lost: false, To: "cpm-client", Payload: SipResponse { Status: >= 300, CSeqMethod: SipMethod.Invite } });
        Assert.That(late.ReceivedNs, Is.GreaterThan(SimTime.FromSeconds(34).Nanoseconds));
        Assert.That(sink.Records.Any(x => x is { From: "cpm-client", Payload: SipRequest { Method: SipMethod.Ack, AcksFailure: true } } && x.SentNs >= late.ReceivedNs), Is.True, "the late final is ACKed");
        Assert.That(built.Network.Nodes.OfType<SipNode>().Where(n => n.HeldState != 0).Select(n => n.Name), Is.Empty);
    }

    [Test]
    public void Isf_GivesUpOnIwfB_CancelsItsPendingInvite()
    {
        // IWF B would wait 300 s: Timer C (181 s) fires in the Proceeding INVITE transactions; the ISF's
        // INVITE to IWF B is cancelled (by the ISF, or along the CANCEL from the client), IWF B answers
        // 487 and forgets it, and nothing is left anywhere.
        ScenarioDefinition s = ScenarioLoader.Load("t.yaml", "name: t\nextends: iwfb-timeout\nnodes:\n  iwf-mms: {non-cpm-timeout: 300s}\n");
        BuiltScenario built = ScenarioBuilder.Build(s, 1);
        var sink = new CpmSim.Core.Tracing.MemoryTraceSink();
        built.Network.Tracer = new CpmSim.Core.Tracing.Tracer(sink);
        built.Client.StartSession(1, s.Session);
        built.Simulation.Run();

        Assert.That(((SipNode)built.Network["isf"]).CancelsSent, Is.GreaterThanOrEqualTo(1));
        Assert.That(sink.Records.Any(x => x is { Lost: false, To: "iwf-mms", Payload: SipRequest { Method: SipMethod.Cancel } }), Is.True);
        Assert.That(sink.Records.Any(x => x is { From: "iwf-mms", Payload: SipResponse { Status: StatusCodes.RequestTerminated } }), Is.True);
        Assert.That(((Iwf)built.Network["iwf-mms"]).ActiveSessions, Is.Zero);
        Assert.That(built.Network.Nodes.OfType<SipNode>().Where(n => n.HeldState != 0).Select(n => n.Name), Is.Empty);
    }
}
