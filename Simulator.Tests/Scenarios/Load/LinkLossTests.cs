using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Sip;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Tests.Scenarios.Load;

/// <summary>
/// Load with loss on every link (issue 16, item 1; issue 18, defect 2): a lost message used to go back
/// to its pool twice (once when the link lost it, once when the forwarding handler ended), so the
/// pool handed one object out twice and runs crashed with "already on its way" or misrouted ACKs.
/// </summary>
public class LinkLossTests
{
    private static ScenarioDefinition Lossy(double loss, bool udp, string scenario = "load-r01") =>
        ScenarioLoader.LoadBuiltIn(scenario) is var s
            ? s with { UnreliableTransport = udp, Links = [.. s.Links.Select(l => l with { Loss = loss })] }
            : throw new InvalidOperationException();

    [TestCase(0.01, true, 3UL)]
    [TestCase(0.01, true, 4UL)]
    [TestCase(0.01, false, 3UL)]
    [TestCase(0.01, false, 4UL)]
    [TestCase(0.10, true, 5UL)]
    [TestCase(0.10, true, 6UL)]
    [TestCase(0.10, false, 5UL)]
    [TestCase(0.10, false, 6UL)]
    public void Run_LossOnEveryLink_EverySessionEndsOnceAndNothingIsHeld(double loss, bool udp, ulong seed)
    {
        ScenarioDefinition s = Lossy(loss, udp);
        BuiltScenario built = ScenarioBuilder.Build(s, seed);
        const long sessions = 2000;
        WorkloadDefinition w = s.Workload! with { Arrivals = new PoissonArrivals(40), Sessions = sessions, WarmUp = SimTime.Zero };
        foreach (Isf isf in built.Network.Nodes.OfType<Isf>())
        {
            w.Population?.Register(isf.Recipients, built.Simulation.Random.Seed);
        }

        var outcomes = new Dictionary<long, SessionOutcome>();
        long endedTwice = 0;
        built.Client.SessionEnded += r => endedTwice += outcomes.TryAdd(r.Session, r.Outcome) ? 0 : 1;
        new WorkloadSource(built.Simulation, built.Client, s.Session, w).Start(built.Simulation);
        built.Simulation.Run();

        Assert.That(built.Network.Links.Sum(l => l.Lost + l.Retransmitted), Is.GreaterThan(100), "the links did lose messages");
        Assert.That((outcomes.Count, endedTwice), Is.EqualTo((sessions, 0L)), "every session started ends exactly once");
        Assert.That(outcomes.Values.Count(o => o == SessionOutcome.Success), Is.GreaterThan(sessions / 3), "most sessions get through");
        Assert.That(built.Simulation.PendingCount, Is.Zero);
        Assert.That(built.Client.HeldState, Is.Zero, "the client ended every session");
        if (udp)
        {
            // Over UDP a lost answer to a BYE or a lost ACK can leave a dialog at a proxy or the ISF
            // (no session timers, as in the no-leak tests); they stay few.
            foreach (SipNode node in built.Network.Nodes.OfType<SipNode>())
            {
                Assert.That(node.HeldState, Is.LessThan(sessions / 20), $"{node.Name} holds state for at most 5% of the sessions");
            }
        }
        else
        {
            // Over TCP nothing is lost: every node lets go of everything, every pooled message is back.
            Assert.That(built.Network.LostMessages, Is.Zero, "a reliable link loses nothing: loss is delay");
            foreach (SipNode node in built.Network.Nodes.OfType<SipNode>())
            {
                Assert.That(node.HeldState, Is.Zero, $"{node.Name} still holds call state");
            }

            SipMessagePools pools = built.Network.Shared<SipMessagePools>();
            Assert.That((pools.Requests.Available, pools.Responses.Available), Is.EqualTo(((int)pools.Requests.Created, (int)pools.Responses.Created)));
        }
    }

    [TestCase(0.10, true)]
    [TestCase(0.10, false)]
    public void Run_LossSameSeedTwice_IdenticalOutputs(double loss, bool udp)
    {
        ScenarioDefinition s = Lossy(loss, udp);
        WorkloadDefinition w = s.Workload! with { Arrivals = new PoissonArrivals(40), Sessions = 1500, WarmUp = SimTime.Zero };
        string Csv()
        {
            RunMetrics m = LoadRunner.Run(s, new LoadOptions { Workload = w, Seed = 21, RecordSessions = true });
            Assert.That(m.SessionsStarted, Is.EqualTo(1500));
            Assert.That(m.Outcomes.Values.Sum(), Is.EqualTo(1500), "the outcomes add up to the sessions started");
            string dir = Path.Combine(Path.GetTempPath(), "cpmsim-loss-" + Guid.NewGuid().ToString("N"));
            try
            {
                IReadOnlyList<string> files = LoadReportWriter.WriteAll(new LoadReport(s.Name, [m]), dir);
                return string.Join("\n", files.Select(f => Path.GetFileName(f) + "\n" + File.ReadAllText(f)));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        string first = Csv();
        string second = Csv();
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Run_LinkDownOverTcp_SessionsTimeOutAndNothingCrashes()
    {
        // The smallest case: a link that is down, over the default transport, 3 sessions.
        ScenarioDefinition r01 = ScenarioLoader.LoadBuiltIn("r01");
        ScenarioDefinition s = r01 with { Links = [.. r01.Links.Select(l => l.To == "iwf-mms" && l.From == "sip-core" ? l with { Up = false } : l)] };
        BuiltScenario built = ScenarioBuilder.Build(s, 1);
        var outcomes = new List<SessionOutcome>();
        built.Client.SessionEnded += r => outcomes.Add(r.Outcome);
        var w = new WorkloadDefinition { Arrivals = new ConstantArrivals(1), Sessions = 3 };
        new WorkloadSource(built.Simulation, built.Client, s.Session, w).Start(built.Simulation);
        built.Simulation.Run();

        Assert.That(built.Network.LostMessages, Is.GreaterThan(0));
        Assert.That(outcomes, Has.Count.EqualTo(3));
        Assert.That(outcomes, Has.None.EqualTo(SessionOutcome.Success), "the file cannot reach the MMS IWF");
    }

    [Test]
    public void Carry_ReliableLinkLosesEveryFewMessages_DelaysByTimeoutsAndLosesNone()
    {
        var sim = new Simulation(1);
        var net = new SimNetwork(sim);
        NodeId a = net.Add(new Sink("a"));
        NodeId b = net.Add(new Sink("b"));
        Link link = net.Connect(a, b, new LinkOptions { LossProbability = 0.5, Reliable = true, Latency = new CpmSim.Core.Random.ConstantDistribution(10_000_000) /* ns */ });
        var sender = (Sink)net[a];
        for (int i = 0; i < 1000; i++)
        {
            sender.SendTo(b, new Ping());
        }

        sim.Run();
        var receiver = (Sink)net[b];
        Assert.That(receiver.ArrivalsNs, Has.Count.EqualTo(1000), "nothing lost");
        Assert.That(link.Lost, Is.Zero);
        Assert.That(link.Retransmitted, Is.InRange(850, 1150), "with p = 0.5 a message needs 1 extra transmission on average");

        // Arrival = 10 ms + the sum of the time-outs, 1 s doubling up to 60 s: 10 ms, 1.01 s, 3.01 s,
        // 7.01 s, ..., 63.01 s, 123.01 s, 183.01 s, ...
        var allowed = new List<long> { 10_000_000 };
        for (long rto = 1, sum = 0; allowed.Count < 20; rto = Math.Min(60, rto * 2))
        {
            sum += rto;
            allowed.Add((sum * SimTime.NanosPerSecond) + 10_000_000);
        }

        Assert.That(receiver.ArrivalsNs, Is.All.AnyOf(allowed.Cast<object>().ToArray()));
        double onTime = receiver.ArrivalsNs.Count(t => t == allowed[0]) / 1000.0;
        Assert.That(onTime, Is.InRange(0.45, 0.55), "half the messages get through the first time");
    }

    private sealed class Ping : Message
    {
        public override string Kind => "PING";
    }

    private sealed class Sink(string name) : Node(name)
    {
        public List<long> ArrivalsNs { get; } = [];

        public void SendTo(NodeId to, Message m) => Send(to, m);

        protected internal override void HandleMessage(Message message, NodeId from) => ArrivalsNs.Add(Now.Nanoseconds);
    }
}
