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
}
