using CpmSim.Core.Kernel;
using CpmSim.Core.Random;

namespace CpmSim.Tests.Kernel;

public class PendingEventSetTests
{
    private sealed class Nobody : IEventTarget
    {
        public static readonly Nobody Instance = new();

        public void OnEvent(Simulation simulation, object? payload, long arg)
        {
        }
    }

    [TestCase(1L)]
    [TestCase(1_000L)]
    [TestCase(3_600_000_000_000L)]
    public void CalendarQueue_InterleavedPushPop_MatchesTheHeapExactly(long spread)
    {
        // Random interleaving of pushes (times from "now" to now + spread, with ties) and pops,
        // growing to 20k and shrinking to 0 so the calendar resizes both ways; far-future outliers included.
        var heap = new DaryHeap();
        var calendar = new CalendarQueue();
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
                    var e = new ScheduledEvent(t, ++seq, Nobody.Instance, null, 0);
                    heap.Push(e);
                    calendar.Push(e);
                }
                else if (heap.TryPop(out ScheduledEvent h))
                {
                    Assert.That(calendar.TryPop(out ScheduledEvent c), Is.True);
                    Assert.That((c.Time, c.Sequence), Is.EqualTo((h.Time, h.Sequence)));
                    now = h.Time;
                }

                Assert.That(calendar.Count, Is.EqualTo(heap.Count));
            }
        }

        Assert.That(calendar.TryPop(out _), Is.False);
    }

    [Test]
    public void TryPopNotAfter_RespectsTheLimit_BothQueues()
    {
        foreach (IPendingEventSet set in new IPendingEventSet[] { new DaryHeap(), new CalendarQueue() })
        {
            set.Push(new ScheduledEvent(10, 1, Nobody.Instance, null, 0));
            set.Push(new ScheduledEvent(20, 2, Nobody.Instance, null, 0));

            Assert.That(set.TryPopNotAfter(9, out _), Is.False, set.Name);
            Assert.That(set.TryPopNotAfter(10, out ScheduledEvent e) && e.Sequence == 1, Is.True, set.Name);
            Assert.That(set.TryPeekTime(out long t) && t == 20, Is.True, set.Name);
            Assert.That(set.RemoveAll(new HashSet<long> { 2 }), Is.EqualTo(1), set.Name);
            Assert.That(set.Count, Is.Zero, set.Name);
        }
    }
}
