using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Random;

namespace CpmSim.Tests.Network;

/// <summary>Faults in the network: links down, slowed or lossy; nodes crashed or silent; transport errors.</summary>
public class FaultTests
{
    private sealed class Ping(string kind = "ping") : Message
    {
        public override string Kind => kind;
    }

    private sealed class Probe(string name) : Node(name)
    {
        public List<(long At, string Kind)> Received { get; } = [];

        public List<(long At, string Kind, NodeId To)> Errors { get; } = [];

        public List<long> Timers { get; } = [];

        public int Crashed { get; private set; }

        public int Restarted { get; private set; }

        public void SendTo(NodeId to, Message m) => Send(to, m);

        public void Timer(SimTime delay, long data) => StartTimer(delay, 0, data);

        protected internal override void HandleMessage(Message message, NodeId from) => Received.Add((Now.Nanoseconds, message.Kind));

        protected override void OnTimer(int kind, long data) => Timers.Add(data);

        protected internal override void OnTransportError(Message message, NodeId to) => Errors.Add((Now.Nanoseconds, message.Kind, to));

        protected override void OnCrash() => Crashed++;

        protected override void OnRestart() => Restarted++;
    }

    private static (Simulation Sim, SimNetwork Net, Probe A, Probe B) Pair(bool reliable, double loss = 0, ulong seed = 1, double latencyMs = 10)
    {
        var sim = new Simulation(seed);
        var net = new SimNetwork(sim);
        var a = new Probe("a");
        var b = new Probe("b");
        net.Add(a);
        net.Add(b);
        net.ConnectBoth(a.Id, b.Id, new LinkOptions { Reliable = reliable, LossProbability = loss, Latency = new ConstantDistribution(latencyMs * 1e6) });
        return (sim, net, a, b);
    }

    [Test]
    public void LinkDown_Reliable_SenderGetsATransportErrorAtOnce()
    {
        (Simulation sim, SimNetwork net, Probe a, Probe b) = Pair(reliable: true);
        net.FindLink(a.Id, b.Id)!.FaultDown();
        a.SendTo(b.Id, new Ping("INVITE"));
        sim.Run();

        Assert.That(b.Received, Is.Empty);
        Assert.That(a.Errors, Is.EqualTo(new[] { (0L, "INVITE", b.Id) }));
        Assert.That((net.LostMessages, net.TransportErrors), Is.EqualTo((1L, 1L)));
    }

    [Test]
    public void LinkDown_Unreliable_MessageIsLostSilently()
    {
        (Simulation sim, SimNetwork net, Probe a, Probe b) = Pair(reliable: false);
        net.FindLink(a.Id, b.Id)!.FaultDown();
        a.SendTo(b.Id, new Ping());
        sim.Run();

        Assert.That(b.Received, Is.Empty);
        Assert.That(a.Errors, Is.Empty);
        Assert.That((net.LostMessages, net.TransportErrors), Is.EqualTo((1L, 0L)));
    }

    [Test]
    public void DownFaults_Overlapping_LinkIsDownUntilTheLastEnds()
    {
        (Simulation sim, SimNetwork net, Probe a, Probe b) = Pair(reliable: false);
        Link l = net.FindLink(a.Id, b.Id)!;
        l.FaultDown();
        l.FaultDown();
        l.FaultUp();
        Assert.That(l.IsUp, Is.False, "one of two down faults still holds it");
        l.FaultUp();
        Assert.That(l.IsUp, Is.True);
        Assert.Throws<InvalidOperationException>(l.FaultUp);
        a.SendTo(b.Id, new Ping());
        sim.Run();
        Assert.That(b.Received, Has.Count.EqualTo(1));
    }

    [Test]
    public void DelayFaults_AddToTheLatency_AndOverlappingOnesAddUp()
    {
        (Simulation sim, SimNetwork net, Probe a, Probe b) = Pair(reliable: true, latencyMs: 10);
        Link l = net.FindLink(a.Id, b.Id)!;
        l.AddFaultDelay(SimTime.FromMilliseconds(300));
        a.SendTo(b.Id, new Ping("one"));
        l.AddFaultDelay(SimTime.FromMilliseconds(50));
        a.SendTo(b.Id, new Ping("two"));
        l.RemoveFaultDelay(SimTime.FromMilliseconds(300));
        l.RemoveFaultDelay(SimTime.FromMilliseconds(50));
        a.SendTo(b.Id, new Ping("three"));
        sim.Run();

        Assert.That(b.Received, Is.EqualTo(new[] { (10_000_000L, "three"), (310_000_000L, "one"), (360_000_000L, "two") }));
    }

    [Test]
    public void GilbertElliott_LosesTheStationaryShareInBursts()
    {
        // p = 1%, r = 30%, bad-loss = 50%: the channel is bad p/(p+r) = 1/31 of the time, so it loses
        // 0.5/31 ≈ 1.61% of the messages, in bad spells of 1/r ≈ 3.3 messages.
        (Simulation sim, SimNetwork net, Probe a, Probe b) = Pair(reliable: false, latencyMs: 0);
        Link l = net.FindLink(a.Id, b.Id)!;
        LossModel model = LossModel.GilbertElliott(0.01, 0.3, 0.5);
        l.AddFaultLoss(model);
        const int n = 400_000;
        for (int i = 0; i < n; i++)
        {
            a.SendTo(b.Id, new Ping(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        sim.Run();
        double expected = 0.01 * 0.5 / 0.31;
        double lost = (double)(n - b.Received.Count) / n;
        Assert.That(model.MeanLoss, Is.EqualTo(expected).Within(1e-12));

        // Losses are correlated, so the binomial bound understates the spread: allow 10 % of the mean.
        Assert.That(lost, Is.EqualTo(expected).Within(expected * 0.1));

        // Bursty: the chance that the message after a lost one is lost too is far above the mean
        // (in the bad state it is about (1 − r)·bad-loss = 35 %).
        var received = new HashSet<int>(b.Received.Select(r => int.Parse(r.Kind, System.Globalization.CultureInfo.InvariantCulture)));
        int lostPairs = 0, lostFirst = 0;
        for (int i = 0; i + 1 < n; i++)
        {
            if (!received.Contains(i))
            {
                lostFirst++;
                lostPairs += received.Contains(i + 1) ? 0 : 1;
            }
        }

        Assert.That((double)lostPairs / lostFirst, Is.GreaterThan(0.25));
    }

    [Test]
    public void LossFault_DrawsFromItsOwnStream_LinkOwnLossUnchanged()
    {
        // The link's own 10 % loss loses the same messages with a loss fault of 0 % laid over it.
        List<string> Survivors(bool fault)
        {
            (Simulation sim, SimNetwork net, Probe a, Probe b) = Pair(reliable: false, loss: 0.1, seed: 7);
            if (fault)
            {
                net.FindLink(a.Id, b.Id)!.AddFaultLoss(LossModel.Bernoulli(0));
            }

            for (int i = 0; i < 1000; i++)
            {
                a.SendTo(b.Id, new Ping(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            sim.Run();
            return [.. b.Received.Select(r => r.Kind)];
        }

        Assert.That(Survivors(true), Is.EqualTo(Survivors(false)));
    }

    [Test]
    public void LossFault_Reliable_IsDelayNotLoss()
    {
        (Simulation sim, SimNetwork net, Probe a, Probe b) = Pair(reliable: true, latencyMs: 0);
        net.FindLink(a.Id, b.Id)!.AddFaultLoss(LossModel.Bernoulli(0.5));
        for (int i = 0; i < 200; i++)
        {
            a.SendTo(b.Id, new Ping());
        }

        sim.Run();
        Assert.That(b.Received, Has.Count.EqualTo(200));
        Assert.That(b.Received.Count(r => r.At >= 1_000_000_000), Is.InRange(60, 140), "about half waited a retransmission time-out (1 s)");
        Assert.That(net.LostMessages, Is.Zero);
    }

    [Test]
    public void Crash_Reliable_MessagesToItFailAtTheSender_TimersDie_RestartEmpty()
    {
        (Simulation sim, SimNetwork net, Probe a, Probe b) = Pair(reliable: true, latencyMs: 10);
        b.Timer(SimTime.FromSeconds(1), 42); // dies with the crash at 0.5 s
        a.SendTo(b.Id, new Ping("in-flight")); // arrives at 10 ms: delivered
        sim.ScheduleAt(SimTime.FromMilliseconds(500), _ =>
        {
            a.SendTo(b.Id, new Ping("arrives-crashed")); // sent before the crash, arrives after
            b.Crash();
            a.SendTo(b.Id, new Ping("sent-to-crashed"));
        });
        sim.ScheduleAt(SimTime.FromSeconds(2), _ =>
        {
            b.Restart();
            b.Timer(SimTime.FromSeconds(1), 7); // set after the restart: fires
            a.SendTo(b.Id, new Ping("after-restart"));
        });
        sim.Run();

        Assert.That(b.Received.Select(r => r.Kind), Is.EqualTo(new[] { "in-flight", "after-restart" }));
        Assert.That(b.Timers, Is.EqualTo(new[] { 7L }));
        Assert.That(a.Errors.Select(e => (e.At, e.Kind)), Is.EquivalentTo(new[] { (500_000_000L, "sent-to-crashed"), (510_000_000L, "arrives-crashed") }));
        Assert.That((b.Crashed, b.Restarted, b.Crashes), Is.EqualTo((1, 1, 1L)));
        Assert.That(sim.PendingCount, Is.Zero);
    }

    [Test]
    public void Crash_Unreliable_MessagesAreLostWithoutError()
    {
        (Simulation sim, SimNetwork net, Probe a, Probe b) = Pair(reliable: false);
        b.Crash();
        a.SendTo(b.Id, new Ping());
        sim.Run();

        Assert.That(b.Received, Is.Empty);
        Assert.That(a.Errors, Is.Empty);
        Assert.That(net.LostMessages, Is.EqualTo(1));
    }

    [Test]
    public void Crash_LosesTheIngressQueue_CountedAsDropped()
    {
        (Simulation sim, SimNetwork net, Probe a, Probe b) = Pair(reliable: true, latencyMs: 0);
        b.Service = new ServiceModel(1, new ConstantDistribution(1e9), 10);
        for (int i = 0; i < 3; i++)
        {
            a.SendTo(b.Id, new Ping());
        }

        sim.ScheduleAt(SimTime.FromMilliseconds(100), _ => b.Crash());
        sim.ScheduleAt(SimTime.FromMilliseconds(200), _ => b.Restart());
        sim.Run();

        Assert.That(b.Received, Is.Empty, "the one in service and the two waiting died with the crash");
        Assert.That((b.Statistics.Arrivals, b.Statistics.Dropped, b.Statistics.Served), Is.EqualTo((3L, 3L, 0L)));
        Assert.That((b.BusyServers, b.QueueLength), Is.EqualTo((0, 0)));
    }

    [Test]
    public void Silent_NodeReceivesButWhatItSendsIsLost()
    {
        (Simulation sim, SimNetwork net, Probe a, Probe b) = Pair(reliable: true);
        b.BeginSilence();
        a.SendTo(b.Id, new Ping("to-silent"));
        b.SendTo(a.Id, new Ping("from-silent"));
        sim.Run();
        b.EndSilence();
        b.SendTo(a.Id, new Ping("after"));
        sim.Run();

        Assert.That(b.Received.Select(r => r.Kind), Is.EqualTo(new[] { "to-silent" }));
        Assert.That(a.Received.Select(r => r.Kind), Is.EqualTo(new[] { "after" }));
        Assert.That((a.Errors.Count, b.Errors.Count), Is.EqualTo((0, 0)), "a silent node's connections stay up");
    }
}
