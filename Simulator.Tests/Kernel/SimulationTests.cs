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
    private sealed class Recorder : EventTarget
    {
        public List<(long Time, long Tag)> Fired { get; } = [];

        protected internal override void OnEvent(Simulation simulation, object? payload, long arg) => Fired.Add((simulation.Now.Nanoseconds, arg));
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
    public void Run_HandlersScheduleAndCancelWithTiesAndZeroDelays_MatchesAReferenceQueue()
    {
        // Handlers schedule events with delays from a small set (many ties, zero delays: events due
        // before the ones the kernel has already taken ahead of time) and cancel pending events at
        // random; the run is interrupted by RunUntil and fed from outside. Compared, event by event,
        // with a plain sorted list run on the same draws.
        Simulation sim = NewSimulation(3);
        var real = new List<(long Time, int Id)>();
        var handles = new List<(EventHandle Handle, int Id)>(); // every event scheduled (a cancel may hit one that fired: a no-op)
        long[] delays = [0, 0, 0, 1, 2, 3, 10, 100, 5_000];
        var draws = new System.Random(8);
        int nextId = 0;

        var reference = new List<(long Time, long Seq, int Id)>();
        var expected = new List<(long Time, int Id)>();
        var refDraws = new System.Random(8);
        long refSeq = 0;
        int refNextId = 0;
        var refIds = new List<int>();

        void Fire(Simulation s, int id)
        {
            real.Add((s.Now.Nanoseconds, id));
            int n = draws.Next(0, 3);
            for (int k = 0; k < n && nextId < 30_000; k++)
            {
                int child = ++nextId;
                handles.Add((s.Schedule(new SimTime(delays[draws.Next(delays.Length)]), s2 => Fire(s2, child)), child));
            }

            if (draws.Next(4) == 0 && handles.Count > 0)
            {
                int pick = draws.Next(handles.Count);
                s.Cancel(handles[pick].Handle);
                handles.RemoveAt(pick);
            }
        }

        void RefFire(long now, int id)
        {
            expected.Add((now, id));
            int n = refDraws.Next(0, 3);
            for (int k = 0; k < n && refNextId < 30_000; k++)
            {
                int child = ++refNextId;
                reference.Add((now + delays[refDraws.Next(delays.Length)], ++refSeq, child));
                refIds.Add(child);
            }

            if (refDraws.Next(4) == 0 && refIds.Count > 0)
            {
                int pick = refDraws.Next(refIds.Count);
                reference.RemoveAll(x => x.Id == refIds[pick]);
                refIds.RemoveAt(pick);
            }
        }

        for (int i = 0; i < 20; i++)
        {
            int id = ++nextId;
            handles.Add((sim.ScheduleAt(new SimTime(i % 3), s => Fire(s, id)), id));
            reference.Add((i % 3, ++refSeq, ++refNextId));
            refIds.Add(refNextId);
        }

        // Half the run in slices, with an outside event between slices, then the rest.
        for (long until = 50; until <= 2_000; until += 50)
        {
            sim.RunUntil(new SimTime(until));
            int id = ++nextId;
            handles.Add((sim.ScheduleAt(new SimTime(until), s => Fire(s, id)), id));
        }

        sim.Run();

        long now = 0;
        for (long until = 50; ; until += 50)
        {
            while (reference.Count > 0)
            {
                var first = reference.MinBy(x => (x.Time, x.Seq));
                if (until <= 2_000 && first.Time > until)
                {
                    break;
                }

                reference.Remove(first);
                now = first.Time;
                RefFire(now, first.Id);
            }

            if (until > 2_000)
            {
                break;
            }

            reference.Add((until, ++refSeq, ++refNextId));
            refIds.Add(refNextId);
        }

        Assert.That(real, Has.Count.GreaterThan(1_000));
        Assert.That(real, Is.EqualTo(expected));
    }

    [Test]
    public void Run_ManyPendingWithRecurringDelays_MatchesAReferenceQueue()
    {
        // Large enough for the look-ahead window and the delay lanes: 30,000 events pending at
        // first (long constant timers, most cancelled later, like SIP Timer B), handlers scheduling
        // with recurring constant delays (lanes), random ones (the set) and zero delays, ties
        // between lanes and the set. Compared with a sorted-set reference run on the same draws.
        Simulation sim = NewSimulation(4);
        long[] constants = [0, 1_000, 5_000, 20_000, 32_000_000];
        var real = new List<(long Time, int Id)>();
        var handles = new List<EventHandle>();
        var draws = new System.Random(21);
        int nextId = 0;

        var refQueue = new SortedSet<(long Time, long Seq, int Id)>();
        var refPending = new List<(long Time, long Seq, int Id)>();
        var expected = new List<(long Time, int Id)>();
        var refDraws = new System.Random(21);
        long refSeq = 0;
        int refNextId = 0;

        long Delay(System.Random r) => r.Next(3) == 0 ? r.Next(0, 50_000) : constants[r.Next(constants.Length)];

        void Fire(Simulation s, int id)
        {
            real.Add((s.Now.Nanoseconds, id));
            int n = draws.Next(0, 3);
            for (int k = 0; k < n && nextId < 120_000; k++)
            {
                int child = ++nextId;
                handles.Add(s.Schedule(new SimTime(Delay(draws)), s2 => Fire(s2, child)));
            }

            if (draws.Next(2) == 0)
            {
                s.Cancel(handles[draws.Next(handles.Count)]);
            }
        }

        void RefFire(long now, int id)
        {
            expected.Add((now, id));
            int n = refDraws.Next(0, 3);
            for (int k = 0; k < n && refNextId < 120_000; k++)
            {
                var e = (now + Delay(refDraws), ++refSeq, ++refNextId);
                refQueue.Add(e);
                refPending.Add(e);
            }

            if (refDraws.Next(2) == 0)
            {
                refQueue.Remove(refPending[refDraws.Next(refPending.Count)]);
            }
        }

        for (int i = 0; i < 30_000; i++)
        {
            int id = ++nextId;
            long t = (i % 7) * 1_000L + (i < 25_000 ? 32_000_000 : 0);
            handles.Add(sim.ScheduleAt(new SimTime(t), s => Fire(s, id)));
            var e = (t, ++refSeq, ++refNextId);
            refQueue.Add(e);
            refPending.Add(e);
        }

        sim.Run();
        while (refQueue.Count > 0)
        {
            var first = refQueue.Min;
            refQueue.Remove(first);
            RefFire(first.Time, first.Id);
        }

        Assert.That(sim.DelayLaneCount, Is.GreaterThan(0), "delay lanes were used");
        Assert.That(real, Has.Count.GreaterThan(10_000));
        Assert.That(real, Is.EqualTo(expected));
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
    public void Cancel_FreesTheSlotAtOnce_TheStaleEntryIsSkippedAndTheEventReusingTheSlotFiresOnItsTime()
    {
        // A cancel frees the slot while the cancelled entry still waits in the set; the next event
        // takes that slot. When the stale entry comes out first it must neither fire the new event's
        // handler (at the old time) nor free the slot the new event now owns.
        Simulation sim = NewSimulation();
        var r = new Recorder();
        EventHandle a = sim.Schedule(SimTime.FromMilliseconds(10), r, arg: 1);
        Assert.That(sim.Cancel(a), Is.True);
        EventHandle b = sim.Schedule(SimTime.FromMilliseconds(20), r, arg: 2); // takes a's slot
        sim.Schedule(SimTime.FromMilliseconds(5), r, arg: 3);
        Assert.That(sim.Cancel(a), Is.False, "already cancelled; the slot is b's now");

        sim.Run();

        Assert.That(r.Fired, Is.EqualTo(new (long, long)[] { (5_000_000, 3), (20_000_000, 2) }));
        Assert.That(sim.Cancel(b), Is.False, "fired");
        Assert.That(sim.PendingCount, Is.Zero);
    }

    private sealed class PayloadRecorder(string name, List<string> log) : EventTarget
    {
        protected internal override void OnEvent(Simulation simulation, object? payload, long arg) => log.Add($"{name}:{payload ?? "-"}:{arg}");
    }

    [Test]
    public void Slots_ReusedByAnotherTargetOrWithoutPayload_CallTheNewTargetWithItsOwnPayload()
    {
        // A freed slot keeps its last target (no write barrier when the same target stores again)
        // and loses its payload: the next event in that slot must see only what it was given.
        Simulation sim = NewSimulation();
        var log = new List<string>();
        var x = new PayloadRecorder("x", log);
        var y = new PayloadRecorder("y", log);
        sim.Schedule(SimTime.FromMilliseconds(1), x, "p", 1);
        sim.Run();
        sim.Schedule(SimTime.FromMilliseconds(1), x, null, 2); // same slot, same target, no payload
        sim.Run();
        sim.Schedule(SimTime.FromMilliseconds(1), y, null, 3); // same slot, another target
        sim.Run();
        EventHandle h = sim.Schedule(SimTime.FromMilliseconds(1), x, "q", 4);
        sim.Cancel(h); // freed by the cancel
        sim.Schedule(SimTime.FromMilliseconds(2), y, null, 5);
        sim.Run();

        Assert.That(log, Is.EqualTo(new[] { "x:p:1", "x:-:2", "y:-:3", "y:-:5" }));
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

    /// <summary>
    /// A model with many pending events (the look-ahead window and the delay lanes are used),
    /// recurring and random delays, ties and cancels; <paramref name="run"/> drives it to the end.
    /// </summary>
    private List<(long Time, int Id)> ChurnModel(Action<Simulation> run, out long events)
    {
        Simulation sim = NewSimulation(9);
        var fired = new List<(long Time, int Id)>();
        var handles = new List<EventHandle>();
        var draws = new System.Random(5);
        int nextId = 0;
        void Fire(Simulation s, int id)
        {
            fired.Add((s.Now.Nanoseconds, id));
            for (int k = draws.Next(0, 3); k > 0 && nextId < 60_000; k--)
            {
                int child = ++nextId;
                long delay = draws.Next(3) == 0 ? draws.Next(0, 50_000) : 20_000;
                handles.Add(s.Schedule(new SimTime(delay), s2 => Fire(s2, child)));
            }

            if (draws.Next(3) == 0)
            {
                s.Cancel(handles[draws.Next(handles.Count)]);
            }
        }

        for (int i = 0; i < 20_000; i++)
        {
            int id = ++nextId;
            handles.Add(sim.ScheduleAt(new SimTime((i % 5) * 1_000L), s => Fire(s, id)));
        }

        run(sim);
        events = sim.EventsProcessed;
        return fired;
    }

    [Test]
    public void RunEvents_InChunks_SameEventsInTheSameOrderAsRun()
    {
        List<(long Time, int Id)> whole = ChurnModel(sim => sim.Run(), out long wholeEvents);
        var chunkSizes = new List<long>();
        List<(long Time, int Id)> chunked = ChurnModel(sim =>
        {
            long before = sim.EventsProcessed;
            while (sim.RunEvents(997))
            {
                chunkSizes.Add(sim.EventsProcessed - before);
                before = sim.EventsProcessed;
            }
        }, out long chunkedEvents);

        Assert.That(whole, Has.Count.GreaterThan(20_000));
        Assert.That(chunked, Is.EqualTo(whole));
        Assert.That(chunkedEvents, Is.EqualTo(wholeEvents));
        Assert.That(chunkSizes, Has.Count.EqualTo(wholeEvents / 997).And.All.EqualTo(997L), "a chunk fires exactly the events asked for");
    }

    [Test]
    public void RunEvents_NothingLeftOrStopped_ReturnsFalse()
    {
        Simulation sim = NewSimulation();
        var r = new Recorder();
        sim.Schedule(SimTime.FromMilliseconds(1), r, arg: 1);
        sim.Schedule(SimTime.FromMilliseconds(2), s => s.Stop());
        sim.Schedule(SimTime.FromMilliseconds(3), r, arg: 3);
        sim.Schedule(SimTime.FromMilliseconds(4), r, arg: 4);

        Assert.That(sim.RunEvents(1), Is.True);
        Assert.That(sim.RunEvents(10), Is.False, "Stop ends the chunk");
        Assert.That((sim.Now, sim.EventsProcessed), Is.EqualTo((SimTime.FromMilliseconds(2), 2L)));
        Assert.That(sim.RunEvents(1), Is.True);
        Assert.That(sim.RunEvents(10), Is.False, "no event left");
        Assert.That(r.Fired.Select(f => f.Tag), Is.EqualTo(new long[] { 1, 3, 4 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.RunEvents(0));
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
    public void Schedule_DelayPastTheEndOfTheClock_SaturatesToMaxValueAndFiresLastInOrder()
    {
        // A delay drawn from a legal distribution can exceed what is left of the clock; it must not
        // overflow: the event falls due at SimTime.MaxValue, after every other event, and events
        // scheduled from there (any delay) fall due at MaxValue too, in the order they were scheduled.
        Simulation sim = NewSimulation();
        var r = new Recorder();
        sim.ScheduleAt(SimTime.FromMilliseconds(10), r, arg: 0);
        sim.Schedule(SimTime.FromMilliseconds(5), s =>
        {
            s.Schedule(SimTime.MaxValue, r, arg: 2);
            s.Schedule(SimTime.MaxValue - SimTime.FromMilliseconds(1), r, arg: 3);
            s.Schedule(SimTime.FromMilliseconds(20), r, arg: 1);
        });
        sim.Schedule(SimTime.MaxValue, s => s.Schedule(SimTime.FromMilliseconds(1), r, arg: 4));

        sim.Run();

        long max = SimTime.MaxValue.Nanoseconds;
        Assert.That(r.Fired, Is.EqualTo(new List<(long, long)> { (10_000_000, 0), (25_000_000, 1), (max, 2), (max, 3), (max, 4) }));
        Assert.That(sim.Now, Is.EqualTo(SimTime.MaxValue));
    }

    [Test]
    public void TryPeekNextTime_FewOrManyPending_IsTheEarliestPendingTime_FalseWhenNone()
    {
        Simulation sim = NewSimulation();
        var r = new Recorder();
        Assert.That(sim.TryPeekNextTime(out _), Is.False);
        sim.Schedule(SimTime.FromMilliseconds(5), r);
        sim.Schedule(SimTime.FromMilliseconds(3), r);
        Assert.That(sim.TryPeekNextTime(out SimTime first) ? first : SimTime.Zero, Is.EqualTo(SimTime.FromMilliseconds(3)));

        // Enough events with recurring delays that the lanes and the look-ahead window hold some.
        for (int i = 0; i < 20_000; i++)
        {
            sim.Schedule(SimTime.FromMilliseconds(10 + (i % 7)) + new SimTime(i), r, arg: i);
        }

        sim.RunUntil(SimTime.FromMilliseconds(12));
        long expected = r.Fired.Count; // events fired so far; the next one is the earliest left
        var all = Enumerable.Range(0, 20_000).Select(i => ((10 + (i % 7)) * 1_000_000L) + i).Where(t => t > 12_000_000).Min();
        Assert.That(sim.TryPeekNextTime(out SimTime next), Is.True);
        Assert.That(next.Nanoseconds, Is.EqualTo(all));
        sim.Run();
        Assert.That((sim.TryPeekNextTime(out _), expected > 0), Is.EqualTo((false, true)));
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
