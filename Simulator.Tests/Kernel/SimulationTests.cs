using CpmSim.Core.Kernel;
using CsCheck;

namespace CpmSim.Tests.Kernel;

[TestFixtureSource(nameof(Queues))]
public class SimulationTests(string queue)
{
    public static readonly string[] Queues = ["heap", "radix", "calendar"];

    private Simulation NewSimulation(ulong seed = 1) => new(seed, 0, queue switch
    {
        "heap" => new DaryHeap(),
        "radix" => new RadixHeap(),
        _ => new CalendarQueue(),
    });

    /// <summary>Records (time, tag) of every event it receives.</summary>
    private sealed class Recorder : IEventTarget
    {
        public List<(long Time, long Tag)> Fired { get; } = [];

        public void OnEvent(Simulation simulation, object? payload, long arg) => Fired.Add((simulation.Now.Nanoseconds, arg));
    }

    [Test]
    public void Run_RandomSchedules_FireInTimeThenInsertionOrder()
    {
        // Property: for any schedule (times with many ties), events fire sorted by (time, insertion
        // order), compared with a sorted reference list.
        Gen<long[]> schedules = Gen.Long[0, 50].Array[1, 400];
        schedules.Sample(times =>
        {
            Simulation sim = NewSimulation();
            var r = new Recorder();
            for (int i = 0; i < times.Length; i++)
            {
                sim.ScheduleAt(new SimTime(times[i] * 1000), r, arg: i);
            }

            sim.Run();
            var expected = times.Select((t, i) => (Time: t * 1000, Tag: (long)i)).OrderBy(x => x.Time).ThenBy(x => x.Tag).ToList();
            Assert.That(r.Fired, Is.EqualTo(expected));
        }, iter: 300, threads: 1, seed: "0N0XIzNsQ0O2");
    }

    [Test]
    public void Run_EventsScheduledFromHandlers_InterleaveInOrder()
    {
        Simulation sim = NewSimulation(7);
        var fired = new List<long>();
        var rng = sim.Random.For("test");
        int scheduled = 0;
        void Handler(Simulation s)
        {
            fired.Add(s.Now.Nanoseconds);
            if (scheduled++ < 20_000)
            {
                s.Schedule(new SimTime((long)rng.NextExponential(1e6)), Handler);
                if (scheduled % 3 == 0)
                {
                    s.Schedule(new SimTime((long)rng.NextExponential(1e9)), Handler);
                }
            }
        }

        for (int i = 0; i < 100; i++)
        {
            sim.Schedule(new SimTime(i), Handler);
        }

        sim.Run();

        Assert.That(fired, Is.Ordered);
        Assert.That(fired, Has.Count.EqualTo(sim.EventsProcessed));
        Assert.That(sim.EventsProcessed, Is.GreaterThan(20_000));
    }

    [Test]
    public void Cancel_PendingEvent_DoesNotFireAndAlreadyFiredReturnsFalse()
    {
        Simulation sim = NewSimulation();
        var r = new Recorder();
        EventHandle a = sim.Schedule(SimTime.FromMilliseconds(1), r, arg: 1);
        EventHandle b = sim.Schedule(SimTime.FromMilliseconds(2), r, arg: 2);
        sim.Schedule(SimTime.FromMilliseconds(3), r, arg: 3);

        Assert.That(sim.Cancel(b), Is.True);
        Assert.That(sim.Cancel(b), Is.False, "a second cancel is a no-op");
        Assert.That(sim.PendingCount, Is.EqualTo(2));
        sim.Run();

        Assert.That(r.Fired.Select(f => f.Tag), Is.EqualTo(new long[] { 1, 3 }));
        Assert.That(sim.Cancel(a), Is.False, "already fired");
        Assert.That(sim.Cancel(default), Is.False);
        Assert.That(sim.EventsProcessed, Is.EqualTo(2));
    }

    [Test]
    public void Cancel_SameTimeLaterEventFromAHandler_IsSkipped()
    {
        Simulation sim = NewSimulation();
        var r = new Recorder();
        EventHandle later = default;
        sim.Schedule(SimTime.FromMilliseconds(5), s => Assert.That(s.Cancel(later), Is.True));
        later = sim.Schedule(SimTime.FromMilliseconds(5), r, arg: 9);
        sim.Run();

        Assert.That(r.Fired, Is.Empty);
    }

    [Test]
    public void Cancel_ManyLongTimers_SweepsThemOutAndKeepsOrder()
    {
        // SIP-like: every "transaction" arms a 32 s timer and cancels it a few ms later.
        Simulation sim = NewSimulation();
        var r = new Recorder();
        var rng = sim.Random.For("t");
        for (int i = 0; i < 50_000; i++)
        {
            long at = i * 1_000_000L;
            sim.ScheduleAt(new SimTime(at), s =>
            {
                EventHandle timer = s.Schedule(SimTime.FromSeconds(32L), r, arg: -1);
                s.Schedule(new SimTime((long)rng.NextExponential(5e6)), s2 => s2.Cancel(timer));
            });
        }

        sim.Run();

        Assert.That(r.Fired, Is.Empty, "every timer was cancelled");
        Assert.That(sim.PendingCount, Is.Zero);
    }

    [Test]
    public void Cancel_AfterASweepOrWithAStaleHandle_ReturnsFalseAndLeavesOtherEventsAlone()
    {
        // 2,000 cancelled timers trigger a sweep; cancelling one of them again must be a no-op. Then
        // a handle of a fired event, whose slot a new event reuses, must not cancel the new event.
        Simulation sim = NewSimulation();
        var r = new Recorder();
        var timers = new List<EventHandle>();
        for (int i = 0; i < 2_000; i++)
        {
            timers.Add(sim.Schedule(SimTime.FromSeconds(10L), r, arg: -1));
        }

        sim.Schedule(SimTime.FromSeconds(1L), r, arg: 1);
        foreach (EventHandle t in timers)
        {
            Assert.That(sim.Cancel(t), Is.True);
        }

        Assert.That(sim.PendingCount, Is.EqualTo(1));
        Assert.That(sim.Cancel(timers[0]), Is.False, "already cancelled (and swept)");

        EventHandle fired = sim.Schedule(SimTime.FromMilliseconds(1), r, arg: 2);
        sim.RunUntil(SimTime.FromMilliseconds(500));
        EventHandle reuser = sim.Schedule(SimTime.FromMilliseconds(1), r, arg: 3); // takes the freed slot
        Assert.That(sim.Cancel(fired), Is.False, "fired: its slot now belongs to another event");
        sim.Run();

        Assert.That(r.Fired.Select(f => f.Tag), Is.EqualTo(new long[] { 2, 3, 1 }));
        Assert.That(sim.Cancel(reuser), Is.False);
    }

    [Test]
    public void RunUntil_FiresUpToTheLimitThenSetsTheClock_LaterEventsStayPending()
    {
        Simulation sim = NewSimulation();
        var r = new Recorder();
        foreach (long ms in new long[] { 1, 5, 10, 11, 20 })
        {
            sim.Schedule(SimTime.FromMilliseconds(ms), r, arg: ms);
        }

        sim.RunUntil(SimTime.FromMilliseconds(10));

        Assert.That(r.Fired.Select(f => f.Tag), Is.EqualTo(new long[] { 1, 5, 10 }));
        Assert.That(sim.Now, Is.EqualTo(SimTime.FromMilliseconds(10)));
        Assert.That(sim.PendingCount, Is.EqualTo(2));

        sim.RunUntil(SimTime.FromMilliseconds(15));
        Assert.That(sim.Now, Is.EqualTo(SimTime.FromMilliseconds(15)));
        sim.Run();
        Assert.That(r.Fired.Select(f => f.Tag), Is.EqualTo(new long[] { 1, 5, 10, 11, 20 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.RunUntil(SimTime.FromMilliseconds(1)));
    }

    [Test]
    public void Stop_ReturnsAfterTheCurrentEvent_RunResumes()
    {
        Simulation sim = NewSimulation();
        var r = new Recorder();
        sim.Schedule(SimTime.FromMilliseconds(1), r, arg: 1);
        sim.Schedule(SimTime.FromMilliseconds(2), s => s.Stop());
        sim.Schedule(SimTime.FromMilliseconds(3), r, arg: 3);

        sim.Run();
        Assert.That((sim.Now, r.Fired.Count), Is.EqualTo((SimTime.FromMilliseconds(2), 1)));
        sim.Run();
        Assert.That(r.Fired.Count, Is.EqualTo(2));
    }

    [Test]
    public void Schedule_InThePast_ErrorNamesTheTimeAndNow()
    {
        Simulation sim = NewSimulation();
        sim.Schedule(SimTime.FromMilliseconds(10), _ => { });
        sim.Run();

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => sim.ScheduleAt(SimTime.FromMilliseconds(4), _ => { }));
        Assert.That(e!.Message, Does.Contain("4ms").And.Contain("10ms"));
        var neg = Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(SimTime.FromMilliseconds(-1), _ => { }));
        Assert.That(neg!.Message, Does.Contain("-1ms").And.Contain("10ms"));
    }

    private static ulong Fingerprint(Simulation sim)
    {
        // A small random model: 50 entities, exponential gaps, random targets; hash of the event trace.
        ulong hash = 14695981039346656037UL;
        var streams = Enumerable.Range(0, 50).Select(i => sim.Random.For("entity-" + i)).ToArray();
        int count = 0;
        void Fire(Simulation s, int who)
        {
            hash = (hash ^ (ulong)s.Now.Nanoseconds ^ ((ulong)who << 48)) * 1099511628211UL;
            if (++count < 20_000)
            {
                int next = streams[who].NextIndex(streams.Length);
                s.Schedule(new SimTime((long)streams[who].NextExponential(1e6)), s2 => Fire(s2, next));
            }
        }

        for (int i = 0; i < streams.Length; i++)
        {
            int who = i;
            sim.Schedule(new SimTime((long)streams[i].NextExponential(1e6)), s => Fire(s, who));
        }

        sim.Run();
        return hash;
    }

    [Test]
    public void Run_SameSeed_IdenticalFingerprint_OtherSeedDifferent()
    {
        ulong a = Fingerprint(NewSimulation(42));
        ulong b = Fingerprint(NewSimulation(42));
        ulong c = Fingerprint(NewSimulation(43));

        Assert.That(b, Is.EqualTo(a));
        Assert.That(c, Is.Not.EqualTo(a));
    }

    [Test]
    public void Fingerprint_IsTheSameForEveryQueue()
    {
        ulong heap = Fingerprint(new Simulation(42, 0, new DaryHeap()));
        ulong calendar = Fingerprint(new Simulation(42, 0, new CalendarQueue()));
        ulong radix = Fingerprint(new Simulation(42, 0, new RadixHeap()));

        Assert.That(calendar, Is.EqualTo(heap));
        Assert.That(radix, Is.EqualTo(heap));
    }
}
