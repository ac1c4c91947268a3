using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Random;

namespace CpmSim.Tests.Network;

public class NetworkTests
{
    private sealed class Ping(string kind = "ping", int size = 0) : Message
    {
        public override string Kind => kind;

        public override int SizeBytes => size;
    }

    /// <summary>Records what reaches it and when; can be asked to send and to set timers.</summary>
    private sealed class Probe(string name) : Node(name)
    {
        public List<(long At, string Kind, NodeId From)> Received { get; } = [];

        public int Overloads { get; private set; }

        public void SendTo(NodeId to, Message m) => Send(to, m);

        public EventHandle Timer(SimTime delay, Message m) => StartTimer(delay, m);

        public bool Cancel(EventHandle h) => CancelTimer(h);

        protected internal override void HandleMessage(Message message, NodeId from) => Received.Add((Now.Nanoseconds, message.Kind, from));

        protected internal override void OnOverload(Message message, NodeId from) => Overloads++;
    }

    private static (Simulation Sim, SimNetwork Net, Probe A, Probe B) Pair(LinkOptions? options = null, ulong seed = 1)
    {
        var sim = new Simulation(seed);
        var net = new SimNetwork(sim);
        var a = new Probe("a");
        var b = new Probe("b");
        net.Add(a);
        net.Add(b);
        net.ConnectBoth(a.Id, b.Id, options);
        return (sim, net, a, b);
    }

    [Test]
    public void Link_Loss10Percent_DropsTenPercentWithinTheBinomialBound()
    {
        (Simulation sim, SimNetwork net, Probe a, Probe b) = Pair(new LinkOptions { LossProbability = 0.1 });
        const int n = 100_000;
        for (int i = 0; i < n; i++)
        {
            a.SendTo(b.Id, new Ping());
        }

        sim.Run();

        double lost = 1 - (b.Received.Count / (double)n);
        double se = Math.Sqrt(0.1 * 0.9 / n);
        Assert.That(lost, Is.EqualTo(0.1).Within(4 * se));
        Assert.That(net.LostMessages, Is.EqualTo(n - b.Received.Count));
        Assert.That(net.FindLink(a.Id, b.Id)!.Lost, Is.EqualTo(net.LostMessages));
    }

    [Test]
    public void Link_Bandwidth_SerialisesBackToBackMessages()
    {
        // 100 bytes at 8 kbit/s take 100 ms to serialise; latency 5 ms.
        (Simulation sim, _, Probe a, Probe b) = Pair(new LinkOptions { Latency = new ConstantDistribution(5e6), BandwidthBitsPerSecond = 8000 });
        a.SendTo(b.Id, new Ping(size: 100));
        a.SendTo(b.Id, new Ping(size: 100));
        sim.Run();

        Assert.That(b.Received.Select(r => r.At), Is.EqualTo(new[] { 105_000_000L, 205_000_000L }));
    }

    [Test]
    public void Link_Bandwidth_SerialisationPastTheEndOfTheClock_ArrivesAtMaxValueNotLost()
    {
        // 2000 MB on 1 bit/s take 1.6e10 s (507 years), more than the clock holds (292 years): the
        // message finishes serialising at the end of the clock, on a loss-free link it is not lost,
        // and the message queued behind it arrives at the end of the clock too.
        (Simulation sim, SimNetwork net, Probe a, Probe b) = Pair(new LinkOptions { Latency = new ConstantDistribution(5e6), BandwidthBitsPerSecond = 1 });
        a.SendTo(b.Id, new Ping(size: 2_000_000_000));
        a.SendTo(b.Id, new Ping(size: 1));
        sim.Run();

        Assert.That(b.Received.Select(r => r.At), Is.EqualTo(new[] { SimTime.MaxValue.Nanoseconds, SimTime.MaxValue.Nanoseconds }));
        Assert.That(net.LostMessages, Is.Zero);
    }

    [Test]
    public void Link_Down_LosesEverything_Up_Delivers()
    {
        (Simulation sim, SimNetwork net, Probe a, Probe b) = Pair();
        Link link = net.FindLink(a.Id, b.Id)!;
        link.Up = false;
        a.SendTo(b.Id, new Ping());
        sim.Run();
        link.Up = true;
        a.SendTo(b.Id, new Ping());
        sim.Run();

        Assert.That((b.Received.Count, link.Lost), Is.EqualTo((1, 1L)));
    }

    [Test]
    public void Timers_FireAtTheirTime_CancelledOnesDoNot()
    {
        (Simulation sim, _, Probe a, _) = Pair();
        a.Timer(SimTime.FromMilliseconds(3), new Ping("t1"));
        EventHandle t2 = a.Timer(SimTime.FromMilliseconds(5), new Ping("t2"));
        a.Timer(SimTime.FromMilliseconds(7), new Ping("t3"));
        Assert.That(a.Cancel(t2), Is.True);
        sim.Run();

        Assert.That(a.Received.Select(r => (r.At, r.Kind, r.From)), Is.EqualTo(new[] { (3_000_000L, "t1", a.Id), (7_000_000L, "t3", a.Id) }));
        Assert.That(a.Cancel(t2), Is.False);
    }

    [TestCase(OverloadPolicy.Drop)]
    [TestCase(OverloadPolicy.Reject)]
    public void Ingress_FullQueue_DropsOrRejects(OverloadPolicy policy)
    {
        // One server (10 ms), two waiting places, five arrivals at once: 1 served now, 2 wait, 2 overflow.
        (Simulation sim, _, Probe a, Probe b) = Pair();
        b.Service = new ServiceModel(1, new ConstantDistribution(1e7), queueCapacity: 2, policy);
        for (int i = 0; i < 5; i++)
        {
            a.SendTo(b.Id, new Ping());
        }

        sim.Run();

        Assert.That(b.Received.Select(r => r.At), Is.EqualTo(new[] { 10_000_000L, 20_000_000L, 30_000_000L }));
        Assert.That((b.Statistics.Dropped, b.Statistics.Rejected, b.Overloads),
            Is.EqualTo(policy == OverloadPolicy.Drop ? (2L, 0L, 0) : (0L, 2L, 2)));
        Assert.That(b.Statistics.MeanWaitNs, Is.EqualTo((0 + 10e6 + 20e6) / 3));
    }

    [Test]
    public void Ingress_PerKindServiceTimes()
    {
        (Simulation sim, _, Probe a, Probe b) = Pair();
        b.Service = new ServiceModel(2, new ConstantDistribution(1e6)).WithKind("slow", new ConstantDistribution(5e6));
        a.SendTo(b.Id, new Ping("slow"));
        a.SendTo(b.Id, new Ping("fast"));
        sim.Run();

        Assert.That(b.Received.Select(r => (r.At, r.Kind)), Is.EqualTo(new[] { (1_000_000L, "fast"), (5_000_000L, "slow") }));
    }

    [Test]
    public void Route_OverTwoHops_AddsBothLatencies_TransitNodeDoesNotHandleIt()
    {
        var sim = new Simulation();
        var net = new SimNetwork(sim);
        Probe a = new("a"), b = new("b"), c = new("c");
        net.Add(a);
        net.Add(b);
        net.Add(c);
        net.Connect(a.Id, b.Id, new LinkOptions { Latency = new ConstantDistribution(2e6) });
        net.Connect(b.Id, c.Id, new LinkOptions { Latency = new ConstantDistribution(3e6) });
        net.AddRoute(a.Id, c.Id, b.Id);
        a.SendTo(c.Id, new Ping());
        sim.Run();

        Assert.That(c.Received.Single(), Is.EqualTo((5_000_000L, "ping", a.Id)));
        Assert.That(b.Received, Is.Empty);
    }

    [Test]
    public void Send_WithoutLinkOrRoute_ErrorNamesBothNodes()
    {
        var sim = new Simulation();
        var net = new SimNetwork(sim);
        Probe a = new("alpha"), b = new("beta");
        net.Add(a);
        net.Add(b);

        var e = Assert.Throws<InvalidOperationException>(() => a.SendTo(b.Id, new Ping()));
        Assert.That(e!.Message, Does.Contain("'alpha'").And.Contain("'beta'").And.Contain("declare a link or a route"));
    }

    [Test]
    public void Connect_InconsistentLinks_EachRefusedWithWhatIsWrong()
    {
        // One construction path (SimNetwork.Add / Connect / AddRoute, as ScenarioBuilder and the library
        // tutorial build networks): each inconsistency is refused where it is made.
        var net = new SimNetwork(new Simulation());
        Probe a = new("a"), b = new("b");
        net.Add(a);
        net.Add(b);
        net.Connect(a.Id, b.Id);

        Assert.That(Assert.Throws<ArgumentException>(() => net.Connect(a.Id, a.Id))!.Message, Does.Contain("'a' to itself is not allowed"));
        Assert.That(Assert.Throws<ArgumentException>(() => net.Connect(a.Id, b.Id))!.Message, Does.Contain("already a link a->b"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => net.Connect(b.Id, a.Id, new LinkOptions { LossProbability = 1.5 }))!.Message, Does.Contain("loss probability must lie in [0, 1)"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => net.Connect(b.Id, a.Id, new LinkOptions { BandwidthBitsPerSecond = 0 }))!.Message, Does.Contain("bandwidth must be positive"));
        Assert.That(Assert.Throws<ArgumentException>(() => net.AddRoute(a.Id, b.Id, a.Id))!.Message, Does.Contain("must lead away from its start"));
        Assert.That(net.Links.Count(), Is.EqualTo(1)); // nothing refused was added
    }

    [Test]
    public void Send_ToItself_IsAnErrorThatPointsToTimers()
    {
        (_, _, Probe a, _) = Pair();

        var e = Assert.Throws<InvalidOperationException>(() => a.SendTo(a.Id, new Ping()));
        Assert.That(e!.Message, Does.Contain("to itself").And.Contain("timer"));
    }

    [Test]
    public void Service_ChangedWhileBusy_IsRefused()
    {
        (Simulation sim, _, Probe a, Probe b) = Pair();
        b.Service = new ServiceModel(1, new ConstantDistribution(1e6));
        a.SendTo(b.Id, new Ping());
        sim.RunUntil(SimTime.FromMicroseconds(500L));

        Assert.Throws<InvalidOperationException>(() => b.Service = null);
        sim.Run();
        Assert.DoesNotThrow(() => b.Service = null);
    }

    private static (Simulation Sim, SimNetwork Net, Probe A, Probe B, Probe C) Chain(LinkOptions second)
    {
        var sim = new Simulation();
        var net = new SimNetwork(sim);
        Probe a = new("a"), b = new("b"), c = new("c");
        net.Add(a);
        net.Add(b);
        net.Add(c);
        net.Connect(a.Id, b.Id, new LinkOptions { Latency = new ConstantDistribution(10e6) });
        net.Connect(b.Id, c.Id, second);
        net.AddRoute(a.Id, c.Id, b.Id);
        return (sim, net, a, b, c);
    }

    [Test]
    public void Route_LaterLinkGoesDownWhileTheMessageIsOnTheFirst_MessageIsLost()
    {
        (Simulation sim, SimNetwork net, Probe a, _, Probe c) = Chain(new LinkOptions());
        a.SendTo(c.Id, new Ping());
        sim.Schedule(SimTime.FromMilliseconds(5L), _ => net.FindLink(net["b"].Id, c.Id)!.Up = false);
        sim.Run();

        Assert.That((c.Received.Count, net.LostMessages), Is.EqualTo((0, 1L)));
    }

    [Test]
    public void Route_SecondLinkBandwidth_IsTakenWhenTheMessageReachesIt()
    {
        // 100 bytes at 8 kbit/s = 100 ms on the second link. A direct b->c message sent at 0 holds it
        // until 100 ms; the routed message reaches b at 10 ms and waits for it: arrives at 200 ms.
        (Simulation sim, _, Probe a, Probe b, Probe c) = Chain(new LinkOptions { BandwidthBitsPerSecond = 8000 });
        b.SendTo(c.Id, new Ping("direct", 100));
        a.SendTo(c.Id, new Ping("routed", 100));
        sim.Run();

        Assert.That(c.Received.Select(r => (r.At, r.Kind)), Is.EqualTo(new[] { (100_000_000L, "direct"), (200_000_000L, "routed") }));
    }
}
