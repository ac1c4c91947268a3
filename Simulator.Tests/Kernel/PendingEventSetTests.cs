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

    [Test]
    public void RadixHeap_AroundItsSmallModeSize_MatchesTheHeapInEveryOperation()
    {
        // The radix heap keeps up to 32 entries in a sorted array and moves to its buckets past that,
        // back below 9. A random walk of the count between 0 and 48 crosses both ways hundreds of
        // times, with ties, entries given back at the current minimum with smaller keys (as the
        // look-ahead window does), peeks, limited pops and removals in both modes.
        var heap = new DaryHeap();
        var radix = new RadixHeap();
        var rng = new RandomStream(2024);
        long now = 0;
        long seq = 1_000_000;
        int crossings = 0;
        bool wasLarge = false;
        for (int step = 0; step < 200_000; step++)
        {
            double u = rng.NextUnit();
            int bias = (step / 2_000) % 2 == 0 ? 48 : 0; // alternately fill up and drain
            if (u < (heap.Count < bias ? 0.65 : 0.35))
            {
                long t = now + (rng.NextUnit() < 0.3 ? 0 : (long)(rng.NextUnit() * 50));
                PendingEntry e = Entry(t, ++seq);
                heap.Push(e);
                radix.Push(e);
            }
            else if (u < 0.8)
            {
                long limit = now + (long)(rng.NextUnit() * 60);
                bool fromHeap = heap.TryPopNotAfter(limit, out PendingEntry h);
                Assert.That(radix.TryPopNotAfter(limit, out PendingEntry r), Is.EqualTo(fromHeap), $"step {step}");
                if (fromHeap)
                {
                    Assert.That(r, Is.EqualTo(h), $"step {step}");
                    now = h.Time;
                    if (rng.NextUnit() < 0.1)
                    {
                        // Given back with a smaller key than entries waiting at the same time.
                        PendingEntry back = Entry(h.Time, Seq(h) - 500_000);
                        heap.Push(back);
                        radix.Push(back);
                    }
                }
            }
            else if (u < 0.95)
            {
                Assert.That(radix.TryPeek(out PendingEntry r), Is.EqualTo(heap.TryPeek(out PendingEntry h)), $"step {step}");
                Assert.That(r, Is.EqualTo(h), $"step {step}");
                Assert.That(radix.TryPeekTime(out long rt), Is.EqualTo(heap.TryPeekTime(out long ht)), $"step {step}");
                Assert.That(rt, Is.EqualTo(ht), $"step {step}");
            }
            else
            {
                long odd = rng.NextUnit() < 0.5 ? 1 : 0;
                bool Doomed(long key) => ((key >> 24) & 3) == odd;
                Assert.That(radix.RemoveAll(Doomed), Is.EqualTo(heap.RemoveAll(Doomed)), $"step {step}");
            }

            Assert.That(radix.Count, Is.EqualTo(heap.Count), $"step {step}");
            bool large = heap.Count > 32;
            crossings += large != wasLarge ? 1 : 0;
            wasLarge = large;
        }

        Assert.That(crossings, Is.GreaterThan(100), "the walk crossed the small-mode size both ways");
        while (heap.TryPop(out PendingEntry h))
        {
            Assert.That(radix.TryPop(out PendingEntry r) ? r : default, Is.EqualTo(h));
        }

        Assert.That(radix.TryPop(out _), Is.False);
    }
}
