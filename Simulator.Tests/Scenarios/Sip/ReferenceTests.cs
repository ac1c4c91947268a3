using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Sip;

/// <summary>Typed references to a node's call state (CallRef, LegRef) instead of bit-packed longs.</summary>
public class ReferenceTests
{
    [TestCase(1L, 0)]
    [TestCase(1L, 1)]
    [TestCase((1L << SlotTable<int>.HandleBits) - 1, 1)]
    public void LegRef_ThroughItsTag_IsTheSameLeg(long entry, int index)
    {
        var leg = new LegRef(CallRef.FromTag(entry), index);

        LegRef back = LegRef.FromTag(leg.Tag);

        Assert.That(back, Is.EqualTo(leg));
        Assert.That((back.Entry.Tag, back.Index), Is.EqualTo((entry, index)));
        Assert.That(leg.Tag, Is.LessThan(1L << 55), "a tag fits a light timer's data (shifted 8 bits into a long)");
    }

    [Test]
    public void LegRef_MoreLegsThanAnEntryHolds_Throws() =>
        Assert.That(() => new LegRef(CallRef.FromTag(1), LegRef.MaxLegsPerEntry), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void CallRef_AfterItsCallEnded_IsStaleEvenWhenTheSlotIsReused()
    {
        var table = new SlotTable<int>();
        int slot = table.Add();
        CallRef old = table.RefOf(slot);
        table.Remove(slot);
        int reused = table.Add();
        CallRef fresh = table.RefOf(reused);

        Assert.That(reused, Is.EqualTo(slot));
        Assert.That(table.TryResolve(old, out _), Is.False, "the old call's timer or tag does not reach the new call");
        Assert.That(table.TryResolve(fresh, out int found) && found == reused, Is.True);
        Assert.That(table.TryResolve(LegRef.FromTag(new LegRef(fresh, 1).Tag).Entry, out found) && found == reused, Is.True);
    }

    [Test]
    public void NodeTimer_ComesBackWithItsOwnKindAndReference()
    {
        var simulation = new Simulation(1);
        var network = new SimNetwork(simulation);
        var node = new TimerNode("n");
        network.Add(node);
        var leg = new LegRef(CallRef.FromTag(12345), 1);

        node.Start(SimTime.FromSeconds(2), TimerNode.Kind.Second, leg);
        node.Start(SimTime.FromSeconds(1), TimerNode.Kind.First, new LegRef(CallRef.FromTag(7)));
        simulation.Run();

        Assert.That(node.Fired, Is.EqualTo(new[] { (TimerNode.Kind.First, new LegRef(CallRef.FromTag(7))), (TimerNode.Kind.Second, leg) }));
    }

    [Test]
    public void NodeTimer_KindNotAnIntEnumOrOutOfRange_IsRefused()
    {
        var node = new TimerNode("n");
        new SimNetwork(new Simulation(1)).Add(node);

        Assert.That(() => node.StartByte(), Throws.ArgumentException.With.Message.Contains("backed by int"));
        Assert.That(() => node.Start(SimTime.FromSeconds(1), (TimerNode.Kind)60, default), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("numbered 0 to"));
    }

    private sealed class TimerNode(string name) : SipNode(name)
    {
        public enum Kind
        {
            First,
            Second,
        }

        private enum ByteKind : byte
        {
            Only,
        }

        public List<(Kind Kind, LegRef Leg)> Fired { get; } = [];

        public void Start(SimTime delay, Kind kind, LegRef leg) => StartNodeTimer(delay, kind, leg);

        public void StartByte() => StartNodeTimer(SimTime.FromSeconds(1), ByteKind.Only, CallRef.None);

        protected override void OnNodeTimer(NodeTimer timer) => Fired.Add((timer.Kind<Kind>(), timer.Leg));

        protected override void OnRequest(SipRequest request, NodeId from)
        {
        }

        protected override void OnResponse(SipResponse response, NodeId from)
        {
        }
    }
}
