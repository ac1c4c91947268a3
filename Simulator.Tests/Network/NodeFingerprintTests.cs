using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Random;

namespace CpmSim.Tests.Network;

/// <summary>What a node folds into a fingerprint for its events.</summary>
public class NodeFingerprintTests
{
    /// <summary>Counts how often its kind is asked for.</summary>
    private sealed class Counted(int[] asked) : Message
    {
        public override string Kind
        {
            get
            {
                asked[0]++;
                return "counted";
            }
        }
    }

    private sealed class Hop(string name) : Node(name)
    {
        public NodeId Next { get; set; } = NodeId.None;

        public void SendTo(NodeId to, Message m) => Send(to, m);

        protected internal override void HandleMessage(Message message, NodeId from)
        {
            if (!Next.IsNone)
            {
                Send(Next, message);
            }
        }
    }

    private sealed class Starter(Action start) : EventTarget
    {
        protected internal override void OnEvent(Simulation simulation, object? payload, long arg) => start();
    }

    /// <summary>Three messages from a through b (a server: arrival, then end of service) to c; how often their kind was asked for.</summary>
    private static int KindsAsked(string? ingredients)
    {
        var sim = new Simulation(1) { Fingerprint = ingredients is null ? null : new Fingerprint(ingredients) };
        var net = new SimNetwork(sim);
        Hop a = new("a"), b = new("b") { Service = new ServiceModel(1, new ConstantDistribution(1e6)) }, c = new("c");
        net.Add(a);
        net.Add(b);
        net.Add(c);
        net.Connect(a.Id, b.Id, new LinkOptions { Latency = new ConstantDistribution(1e6) });
        net.Connect(b.Id, c.Id, new LinkOptions { Latency = new ConstantDistribution(1e6) });
        b.Next = c.Id;
        int[] asked = [0];
        sim.Schedule(SimTime.Zero, new Starter(() =>
        {
            for (int i = 0; i < 3; i++)
            {
                a.SendTo(b.Id, new Counted(asked));
            }
        }), null, 0);
        sim.Run();
        return asked[0];
    }

    [Test]
    public void MessageKind_FoldedAtEachArrival_NotAgainAtTheEndOfService()
    {
        // 3 messages × 2 arrivals (b, c); b's ends of service add no kind: the message has not changed since it arrived.
        Assert.That(KindsAsked("tnk") - KindsAsked(null), Is.EqualTo(6));
        Assert.That(KindsAsked("tn") - KindsAsked(null), Is.Zero, "without k the message is not asked");
    }
}
