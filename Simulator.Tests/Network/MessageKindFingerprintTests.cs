using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Random;

namespace CpmSim.Tests.Network;

/// <summary>Ingredient k of a fingerprint with a message that keeps its kind's hash (<c>KindTracked</c>).</summary>
public class MessageKindFingerprintTests
{
    /// <summary>A message whose kind is a field; tracked (its setter tells the fingerprint) or not.</summary>
    private sealed class Signal : Message
    {
        private readonly bool _tellsChanges;

        public Signal(string kind, bool tracked, bool tellsChanges = true)
        {
            Name = kind;
            KindTracked = tracked;
            _tellsChanges = tellsChanges;
        }

        public string Name
        {
            get;
            set
            {
                field = value;
                if (_tellsChanges)
                {
                    KindChanged();
                }
            }
        }

        public override string Kind => Name;
    }

    /// <summary>a sends to b; b renames the message (the same object, or a new one) and sends it to c.</summary>
    private sealed class Hop(string name) : Node(name)
    {
        public NodeId Next { get; set; } = NodeId.None;

        public string? Rename { get; set; }

        public bool Fresh { get; set; }

        public bool Tracked { get; set; }

        public void SendTo(NodeId to, Message m) => Send(to, m);

        protected internal override void HandleMessage(Message message, NodeId from)
        {
            if (Next.IsNone)
            {
                return;
            }

            if (Rename is string kind)
            {
                if (Fresh)
                {
                    Send(Next, new Signal(kind, Tracked));
                    return;
                }

                ((Signal)message).Name = kind;
            }

            Send(Next, message);
        }
    }

    private static string Run(bool tracked, bool fresh, string rename, bool tellsChanges = true)
    {
        var sim = new Simulation(1) { Fingerprint = new Fingerprint("k") };
        var net = new SimNetwork(sim);
        Hop a = new("a"), b = new("b") { Rename = rename, Fresh = fresh, Tracked = tracked }, c = new("c");
        net.Add(a);
        net.Add(b);
        net.Add(c);
        net.Connect(a.Id, b.Id, new LinkOptions { Latency = new ConstantDistribution(1e6) });
        net.Connect(b.Id, c.Id, new LinkOptions { Latency = new ConstantDistribution(1e6) });
        b.Next = c.Id;
        sim.Schedule(SimTime.Zero, new Starter(() => a.SendTo(b.Id, new Signal("first", tracked, tellsChanges))), null, 0);
        sim.Run();
        return sim.Fingerprint!.ToString();
    }

    private sealed class Starter(Action start) : EventTarget
    {
        protected internal override void OnEvent(Simulation simulation, object? payload, long arg) => start();
    }

    [Test]
    public void TrackedKind_ChangedOnTheWay_FoldsTheNewKind()
    {
        // The same object renamed at b must fold as a fresh message of the new kind would: the kept hash is dropped.
        Assert.That(Run(tracked: true, fresh: false, rename: "second"), Is.EqualTo(Run(tracked: true, fresh: true, rename: "second")));
        Assert.That(Run(tracked: true, fresh: false, rename: "second"), Is.Not.EqualTo(Run(tracked: true, fresh: false, rename: "first")));
    }

    [Test]
    public void TrackedKind_SameAsUntracked()
    {
        // Keeping the hash is only a saving: the fingerprint is the one of a message asked for its kind at every event.
        Assert.That(Run(tracked: true, fresh: false, rename: "second"), Is.EqualTo(Run(tracked: false, fresh: false, rename: "second")));
        Assert.That(Run(tracked: true, fresh: true, rename: "second"), Is.EqualTo(Run(tracked: false, fresh: true, rename: "second")));
    }

    [Test]
    public void TrackedKind_SetterNotTelling_KeepsTheOldKind()
    {
        // What the contract guards against: a tracked type whose setter forgets KindChanged keeps the old hash.
        // (This shows the test above can fail; the built-in message types all tell.)
        Assert.That(Run(tracked: true, fresh: false, rename: "second", tellsChanges: false), Is.EqualTo(Run(tracked: true, fresh: false, rename: "first")));
        Assert.That(Run(tracked: false, fresh: false, rename: "second", tellsChanges: false), Is.EqualTo(Run(tracked: false, fresh: false, rename: "second")));
    }
}
