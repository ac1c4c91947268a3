using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Tracing;

namespace CpmSim.Tests.Network;

/// <summary>Who owns a message when, and when a pooled message goes back to its pool.</summary>
public class MessageOwnershipTests
{
    private sealed class Token : Message
    {
        public int Value { get; set; }

        public int Resets { get; private set; }

        public override string Kind => "token";

        public override long SessionId => Value;

        protected override void Reset()
        {
            Value = 0;
            Resets++;
        }
    }

    /// <summary>Passes every message on to <see cref="Next"/>, or keeps it (<see cref="Keep"/>), or resends it at once (<see cref="Resend"/>).</summary>
    private sealed class Hop(string name) : Node(name)
    {
        public NodeId Next { get; set; } = NodeId.None;

        public bool Keep { get; set; }

        public bool Resend { get; set; }

        public List<Message> Seen { get; } = [];

        public Exception? Error { get; private set; }

        public void SendTo(NodeId to, Message m) => Send(to, m);

        protected internal override void HandleMessage(Message message, NodeId from)
        {
            Seen.Add(message);
            if (Keep)
            {
                message.Retain();
            }

            if (!Next.IsNone)
            {
                Send(Next, message);
                if (Resend)
                {
                    try
                    {
                        Send(Next, message);
                    }
                    catch (InvalidOperationException e)
                    {
                        Error = e;
                    }
                }
            }
        }
    }

    private static (Simulation Sim, SimNetwork Net, Hop A, Hop B, Hop C) Chain()
    {
        var sim = new Simulation(1);
        var net = new SimNetwork(sim);
        Hop a = new("a"), b = new("b"), c = new("c");
        net.Add(a);
        net.Add(b);
        net.Add(c);
        net.Connect(a.Id, b.Id, new LinkOptions { Latency = new CpmSim.Core.Random.ConstantDistribution(1e6) });
        net.Connect(b.Id, c.Id, new LinkOptions { Latency = new CpmSim.Core.Random.ConstantDistribution(1e6) });
        b.Next = c.Id;
        return (sim, net, a, b, c);
    }

    [Test]
    public void Send_ForwardedMessage_TravelsAsTheSameObjectAndReturnsToItsPoolAtTheEnd()
    {
        (Simulation sim, SimNetwork net, Hop a, Hop b, Hop c) = Chain();
        MessagePool<Token> pool = net.Shared<MessagePool<Token>>();
        Token t = pool.Rent();
        t.Value = 7;

        a.SendTo(b.Id, t);
        sim.Run();

        Assert.That(b.Seen.Single(), Is.SameAs(t), "b handled it");
        Assert.That(c.Seen.Single(), Is.SameAs(t), "b forwarded the object itself, not a copy");
        Assert.That((pool.Available, t.Resets, t.Value), Is.EqualTo((1, 1, 0)), "done at c: reset once and back in the pool");
        Assert.That(pool.Rent(), Is.SameAs(t), "the next rent reuses it");
    }

    [Test]
    public void Pool_SteadyTraffic_MakesOnlyAsManyMessagesAsTravelAtOnce()
    {
        (Simulation sim, SimNetwork net, Hop a, Hop b, _) = Chain();
        MessagePool<Token> pool = net.Shared<MessagePool<Token>>();
        for (int i = 0; i < 10_000; i++)
        {
            sim.ScheduleAt(new SimTime(i * 100_000L), _ => a.SendTo(b.Id, pool.Rent())); // 2 ms on the way, one sent every 0.1 ms
        }

        sim.Run();

        Assert.That(pool.Created, Is.InRange(20, 25), "about 20 in transit at once; 10,000 sent");
        Assert.That(pool.Available, Is.EqualTo(pool.Created));
    }

    [Test]
    public void Send_MessageAlreadyOnItsWay_IsRefusedWithAHint()
    {
        (Simulation sim, _, Hop a, Hop b, _) = Chain();
        b.Resend = true;
        a.SendTo(b.Id, new Token());
        sim.Run();

        Assert.That(b.Error, Is.Not.Null);
        Assert.That(b.Error!.Message, Does.Contain("already on its way").And.Contain("send a copy"));
    }

    [Test]
    public void Send_RecycledMessage_IsRefused()
    {
        (Simulation sim, SimNetwork net, Hop a, Hop b, _) = Chain();
        b.Next = NodeId.None;
        MessagePool<Token> pool = net.Shared<MessagePool<Token>>();
        Token t = pool.Rent();
        a.SendTo(b.Id, t);
        sim.Run();

        var e = Assert.Throws<InvalidOperationException>(() => a.SendTo(b.Id, t));
        Assert.That(e!.Message, Does.Contain("recycled").And.Contain("Retain()"));
    }

    [Test]
    public void Retain_KeptMessage_IsNotRecycled()
    {
        (Simulation sim, SimNetwork net, Hop a, Hop b, Hop c) = Chain();
        c.Keep = true;
        MessagePool<Token> pool = net.Shared<MessagePool<Token>>();
        Token t = pool.Rent();
        t.Value = 3;
        a.SendTo(b.Id, t);
        sim.Run();

        Assert.That((t.IsRetained, t.Resets, t.Value, pool.Available), Is.EqualTo((true, 0, 3, 0)));
    }

    [Test]
    public void Tracer_TracedMessages_AreRetainedSoTheTraceKeepsThem()
    {
        (Simulation sim, SimNetwork net, Hop a, Hop b, _) = Chain();
        var sink = new MemoryTraceSink();
        net.Tracer = new Tracer(sink);
        MessagePool<Token> pool = net.Shared<MessagePool<Token>>();
        Token t = pool.Rent();
        t.Value = 5;
        a.SendTo(b.Id, t);
        sim.Run();

        Assert.That(sink.Records.Select(r => r.Payload), Is.All.SameAs(t));
        Assert.That((t.Value, pool.Available), Is.EqualTo((5, 0)), "never reset, never reused");
    }

    [Test]
    public void Link_LostMessage_IsRecycled()
    {
        (Simulation sim, SimNetwork net, Hop a, Hop b, _) = Chain();
        net.FindLink(a.Id, b.Id)!.Up = false;
        MessagePool<Token> pool = net.Shared<MessagePool<Token>>();
        a.SendTo(b.Id, pool.Rent());
        sim.Run();

        Assert.That((net.LostMessages, pool.Available), Is.EqualTo((1L, 1)));
    }
}
