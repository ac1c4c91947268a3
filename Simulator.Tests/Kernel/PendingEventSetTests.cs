using CpmSim.Core.Kernel;
using CpmSim.Core.Random;

namespace CpmSim.Tests.Kernel;

public class PendingEventSetTests
{
    // Keys as the simulation makes them: the sequence in the high bits (any slot number below).
    private static PendingEntry Entry(long time, long sequence) => new(time, (sequence << 24) | (sequence & 0xFF));

    private static long Seq(in PendingEntry e) => e.Key >> 24;

    [TestCase(1L)]
    [TestCase(1_000L)]
    [TestCase(3_600_000_000_000L)]
    public void CalendarAndRadix_InterleavedPushPop_MatchTheHeapExactly(long spread)
    {
        // Random interleaving of pushes (times from "now" to now + spread, with ties) and pops,
        // growing to 20k and shrinking to 0 so the calendar resizes both ways; far-future outliers included.
        var heap = new DaryHeap();
        var calendar = new CalendarQueue();
        var radix = new RadixHeap();
        var rng = new RandomStream(99);
        long now = 0;
        long seq = 0;
        for (int phase = 0; phase < 4; phase++)
        {
            int target = phase % 2 == 0 ? 20_000 : 0;
            while (heap.Count != target)
            {
                bool push = target > heap.Count ? rng.NextUnit() < 0.7 : rng.NextUnit() < 0.3;
                if (push)
                {
                    long t = now + (rng.NextUnit() < 0.01 ? spread * 1000 : (long)(rng.NextUnit() * spread));
                    PendingEntry e = Entry(t, ++seq);
                    heap.Push(e);
                    calendar.Push(e);
                    radix.Push(e);
                }
                else if (heap.TryPop(out PendingEntry h))
                {
                    Assert.That(calendar.TryPop(out PendingEntry c), Is.True);
                    Assert.That(c, Is.EqualTo(h));
                    Assert.That(radix.TryPop(out PendingEntry r), Is.True);
                    Assert.That(r, Is.EqualTo(h));
                    now = h.Time;
                }

                Assert.That(calendar.Count, Is.EqualTo(heap.Count));
                Assert.That(radix.Count, Is.EqualTo(heap.Count));
            }
        }

        Assert.That(calendar.TryPop(out _), Is.False);
        Assert.That(radix.TryPop(out _), Is.False);
    }

    [Test]
    public void TryPopNotAfter_RespectsTheLimit_BothQueues()
    {
        foreach (IPendingEventSet set in new IPendingEventSet[] { new DaryHeap(), new RadixHeap(), new CalendarQueue() })
        {
            set.Push(Entry(10, 1));
            set.Push(Entry(20, 2));

            Assert.That(set.TryPopNotAfter(9, out _), Is.False, set.Name);
            Assert.That(set.TryPopNotAfter(10, out PendingEntry e) && Seq(e) == 1, Is.True, set.Name);
            Assert.That(set.TryPeekTime(out long t) && t == 20, Is.True, set.Name);
            Assert.That(set.RemoveAll(k => k >> 24 == 2), Is.EqualTo(1), set.Name);
            Assert.That(set.Count, Is.Zero, set.Name);
        }
    }

    [Test]
    public void Push_EqualTimesWithKeysOutOfOrder_PopInKeyOrder_EverySet()
    {
        // The simulation's look-ahead window gives entries back to the set: then an entry can arrive
        // after entries of the same time with larger keys, also at the current minimum.
        foreach (IPendingEventSet set in new IPendingEventSet[] { new DaryHeap(), new RadixHeap(), new CalendarQueue() })
        {
            set.Push(Entry(100, 5));
            set.Push(Entry(100, 9));
            set.Push(Entry(200, 1));
            Assert.That(set.TryPop(out PendingEntry first) && Seq(first) == 5, Is.True, set.Name);
            set.Push(Entry(100, 7)); // at the current minimum, before 9
            set.Push(Entry(100, 6));
            set.Push(Entry(200, 0)); // later, before 1

            var order = new List<long>();
            while (set.TryPop(out PendingEntry e))
            {
                order.Add(Seq(e));
            }

            Assert.That(order, Is.EqualTo(new long[] { 6, 7, 9, 0, 1 }), set.Name);
        }
    }

    [Test]
    public void RadixHeap_PushBeforeTheLatestMinimum_RefilesAndKeepsTheOrder()
    {
        // The simulation never schedules before now, but the set's own API allows it: the buckets are
        // re-filed around the earlier time, and ties still leave in insertion order.
        var radix = new RadixHeap();
        radix.Push(Entry(1_000, 1));
        radix.Push(Entry(5_000, 2));
        radix.Push(Entry(5_000, 3));
        Assert.That(radix.TryPop(out PendingEntry first) && Seq(first) == 1, Is.True);

        radix.Push(Entry(10, 4));
        radix.Push(Entry(5_000, 5));
        radix.Push(Entry(1L << 50, 6));

        var order = new List<long>();
        while (radix.TryPop(out PendingEntry e))
        {
            order.Add(Seq(e));
        }

        Assert.That(order, Is.EqualTo(new long[] { 4, 2, 3, 5, 6 }));
    }

    [Test]
    public void RemoveAll_BetweenPushesAndPops_EverySetAgrees()
    {
        // Cancellation sweeps land at any moment — including when the radix heap's front bucket is
        // half consumed — and must leave the same events in the same order in every set.
        IPendingEventSet[] sets = [new DaryHeap(), new RadixHeap(), new CalendarQueue()];
        var rng = new RandomStream(17);
        var live = new List<long>();
        long now = 0;
        long seq = 0;
        for (int op = 0; op < 30_000; op++)
        {
            double u = rng.NextUnit();
            if (u < 0.55)
            {
                PendingEntry e = Entry(now + rng.NextIndex(50), ++seq);
                foreach (IPendingEventSet set in sets)
                {
                    set.Push(e);
                }

                live.Add(seq);
            }
            else if (u < 0.99)
            {
                bool any = sets[0].TryPop(out PendingEntry first);
                for (int i = 1; i < sets.Length; i++)
                {
                    Assert.That(sets[i].TryPop(out PendingEntry other), Is.EqualTo(any), sets[i].Name);
                    Assert.That(other, Is.EqualTo(first), sets[i].Name);
                }

                if (any)
                {
                    now = first.Time;
                    live.Remove(Seq(first));
                }
            }
            else
            {
                var doomed = live.Where(_ => rng.NextUnit() < 0.3).ToHashSet();
                foreach (IPendingEventSet set in sets)
                {
                    Assert.That(set.RemoveAll(k => doomed.Contains(k >> 24)), Is.EqualTo(doomed.Count), set.Name);
                }

                live.RemoveAll(doomed.Contains);
            }

            foreach (IPendingEventSet set in sets)
            {
                Assert.That(set.Count, Is.EqualTo(live.Count), set.Name);
            }
        }
    }

    [Test]
    public void Clear_LeavesEverySetEmptyAndReusable()
    {
        foreach (IPendingEventSet set in new IPendingEventSet[] { new DaryHeap(), new RadixHeap(), new CalendarQueue() })
        {
            for (int i = 0; i < 100; i++)
            {
                set.Push(Entry(1_000 + (i * 7919 % 500), i + 1));
            }

            Assert.That(set.TryPop(out _), Is.True);
            set.Clear();
            Assert.That((set.Count, set.TryPeekTime(out _), set.TryPop(out _)), Is.EqualTo((0, false, false)), set.Name);

            set.Push(Entry(5, 1));
            Assert.That(set.TryPeekTime(out long t) && t == 5, Is.True, set.Name);
            Assert.That(set.TryPop(out PendingEntry e) && e.Time == 5, Is.True, set.Name);
        }
    }
}
