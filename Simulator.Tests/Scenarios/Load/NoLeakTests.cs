using CpmSim.Core.Network;
using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Sip;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Tests.Scenarios.Load;

/// <summary>After a run every node has let go of every session: no call state, no index entry, no message out of its pool.</summary>
public class NoLeakTests
{
    [TestCase("load-r01", 60.0)]
    [TestCase("load-pre-r01", 60.0)]
    [TestCase("load-instances", 80.0)]
    [TestCase("load-overload-udp", 30.0)] // UDP below capacity: retransmissions, no losses
    [TestCase("controlling", 50.0)]
    [TestCase("iwfb-timeout", 20.0)]
    public void Run_AllSessionsEnded_NodesHoldNothingAndPoolsHaveEveryMessageBack(string scenario, double rate)
    {
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn(scenario);
        BuiltScenario built = ScenarioBuilder.Build(s, 9);
        WorkloadDefinition w = s.Workload is { } own
            ? own with { Arrivals = new PoissonArrivals(rate), Sessions = 600 }
            : new WorkloadDefinition { Arrivals = new PoissonArrivals(rate), Sessions = 600 };
        foreach (Isf isf in built.Network.Nodes.OfType<Isf>())
        {
            w.Population?.Register(isf.Recipients, built.Simulation.Random.Seed);
        }

        long established = 0;
        built.Client.SessionEnded += r => established += r.EstablishedNs >= 0 ? 1 : 0;
        new WorkloadSource(built.Simulation, built.Client, s.Session, w).Start(built.Simulation);
        built.Simulation.Run();

        Assert.That(established, Is.GreaterThan(100), "sessions got through");
        AssertNothingHeld(built, s);
    }

    [TestCase("load-r01", 60.0)]
    [TestCase("load-pre-r01", 60.0)]
    [TestCase("load-overload-udp", 80.0)] // past capacity over UDP: retransmissions and refused BYEs after the client is done
    public void Run_EverySessionSampled_NoTraceStaysBufferedAfterItsSessionEnded(string scenario, double rate)
    {
        // Other nodes record a session's last messages (the 200 to a BYE further down the chain,
        // retransmissions) after the client has ended it: they must not open a trace nobody closes.
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn(scenario);
        WorkloadDefinition w = s.Workload! with { Sessions = 400, Arrivals = new PoissonArrivals(rate), WarmUp = SimTime.Zero };
        RunMetrics m = LoadRunner.Run(s, new LoadOptions { Workload = w, Seed = 4, StepSampleEvery = 1 });

        Assert.That(m.SampledSessions, Is.GreaterThan(100), "sessions were sampled and judged");
        Assert.That(m.OpenTraces, Is.Zero);
    }

    [Test]
    public void Run_PastCapacityOverUdp_OnlyDialogsWhoseReleaseWasRefusedRemain()
    {
        // 80/s against a CPM server that serves 50/s: requests are refused with 503, answers lost,
        // clients time out. Late 2xx answers are ACKed and released, unacknowledged ones released by
        // their answerer after 64·T1, BYEs refused with 503 tried again after Retry-After (3 times).
        // What can remain are dialogs whose BYE was refused every time: without session timers
        // (RFC 4028, not modelled) a SIP network keeps those too. They stay few and bounded.
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn("load-overload-udp");
        BuiltScenario built = ScenarioBuilder.Build(s, 9);
        WorkloadDefinition w = s.Workload! with { Arrivals = new PoissonArrivals(80), Sessions = 600 };
        new WorkloadSource(built.Simulation, built.Client, s.Session, w).Start(built.Simulation);
        built.Simulation.Run();

        Assert.That(built.Simulation.PendingCount, Is.Zero);
        Assert.That(built.Client.HeldState, Is.Zero, "every client session ended");
        Isf isf = built.Network.Nodes.OfType<Isf>().Single();
        Assert.That(isf.ActiveCalls, Is.LessThan(600 / 20), "at most 5% of the sessions leave a dialog at the ISF");
    }

    private static void AssertNothingHeld(BuiltScenario built, ScenarioDefinition s)
    {
        Assert.That(built.Simulation.PendingCount, Is.Zero);
        foreach (SipNode node in built.Network.Nodes.OfType<SipNode>())
        {
            Assert.That(node.HeldState, Is.Zero, $"{node.Name} still holds call state");
        }

        SipMessagePools pools = built.Network.Shared<SipMessagePools>();
        Assert.That(pools.Requests.Created, Is.GreaterThan(0));
        if (!s.UnreliableTransport) // over UDP, messages kept for retransmission are retained, not pooled
        {
            Assert.That((pools.Requests.Available, pools.Responses.Available), Is.EqualTo(((int)pools.Requests.Created, (int)pools.Responses.Created)));
            var msrp = built.Network.Shared<MessagePool<MsrpMessage>>();
            var nonCpm = built.Network.Shared<MessagePool<NonCpmMessage>>();
            Assert.That((msrp.Available, nonCpm.Available), Is.EqualTo(((int)msrp.Created, (int)nonCpm.Created)));
        }
    }
}
