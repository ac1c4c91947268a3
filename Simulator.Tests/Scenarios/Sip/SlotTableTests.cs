using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Sip;

public class SlotTableTests
{
    private struct Call
    {
        public long Id;
    }

    [Test]
    public void TryResolve_HandleOfAFreedSlot_IsStaleEvenWhenTheSlotIsReused()
    {
        var table = new SlotTable<Call>();
        int a = table.Add();
        table[a].Id = 1;
        long handle = table.HandleOf(a);

        Assert.That(table.TryResolve(handle, out int slot) && slot == a, Is.True);

        table.Remove(a);
        Assert.That(table.TryResolve(handle, out _), Is.False, "freed");

        int b = table.Add();
        Assert.That(b, Is.EqualTo(a), "the slot is reused");
        Assert.That(table[b].Id, Is.Zero, "reset to default");
        Assert.That(table.TryResolve(handle, out _), Is.False, "the old handle does not reach the new call");
        Assert.That(table.TryResolve(table.HandleOf(b), out _), Is.True);
        Assert.That(table.HandleOf(b), Is.LessThan(1L << SlotTable<Call>.HandleBits));
    }

    [Test]
    public void Clear_AfterACrash_OldHandlesStale_NewSlotsResolve()
    {
        // A node's tables are cleared when it crashes: every handle given out before is stale, and the
        // slots taken afterwards (free ones and formerly used ones alike) resolve to their new calls.
        var table = new SlotTable<Call>();
        int[] slots = [table.Add(), table.Add(), table.Add()];
        long[] before = [.. slots.Select(table.HandleOf)];
        table.Remove(slots[1]); // one slot free before the crash
        table.Clear();

        Assert.That(table.Count, Is.Zero);
        Assert.That(before.Select(h => table.TryResolve(h, out _)), Is.All.False);
        int[] again = [table.Add(), table.Add(), table.Add(), table.Add()];
        Assert.That(again.Take(3), Is.EquivalentTo(slots), "the old slots are reused");
        Assert.That(again.Select(s => table.TryResolve(table.HandleOf(s), out int r) && r == s), Is.All.True);
        Assert.That(before.Select(h => table.TryResolve(h, out _)), Is.All.False);
        Assert.That(table.Count, Is.EqualTo(4));
    }

    [Test]
    public void Add_ManySlots_GrowsAndKeepsValues()
    {
        var table = new SlotTable<Call>();
        var slots = new List<int>();
        for (int i = 0; i < 10_000; i++)
        {
            int s = table.Add();
            table[s].Id = i;
            slots.Add(s);
        }

        Assert.That(table.Count, Is.EqualTo(10_000));
        Assert.That(slots.Select(s => table[s].Id), Is.EqualTo(Enumerable.Range(0, 10_000).Select(i => (long)i)));
    }
}
