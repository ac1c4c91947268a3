using CpmSim.Core.Kernel;
using CpmSim.Core.Processes;

namespace CpmSim.Tests.Processes;

/// <summary>
/// The process layer's semantics, each against an order or a time worked out by hand: delays,
/// starts, joins, failures, events, conditions, time-outs, interrupts, resources, stores, containers,
/// and the exact interleaving of processes with callback events in the kernel's (time, sequence) order.
/// </summary>
public class ProcessTests
{
    private static SimTime Ms(long ms) => SimTime.FromMilliseconds(ms);

    /// <summary>Waits <paramref name="ms"/> milliseconds, then logs "<paramref name="who"/> woke @time".</summary>
    private static async SimTask Nap(Simulation sim, List<string> log, string who, long ms)
    {
        await sim.Delay(Ms(ms));
        log.Add($"{who} woke @{sim.Now.TotalMilliseconds}");
    }

    /// <summary>Starts a process that takes a unit of <paramref name="res"/> at time 0 (the first to ask) and holds it for <paramref name="holding"/>.</summary>
    private static void Occupy(Simulation sim, Resource res, SimTime holding) => sim.Process(async () =>
    {
        using ResourceHandle h = await res.Request();
        await sim.Delay(holding);
    });

    [Test]
    public void Delay_ResumesAtTheRightTimes()
    {
        var sim = new Simulation();
        var seen = new List<long>();
        sim.Process(async () =>
        {
            seen.Add(sim.Now.Nanoseconds);
            await sim.Delay(Ms(10));
            seen.Add(sim.Now.Nanoseconds);
            await sim.Delay(Ms(5));
            seen.Add(sim.Now.Nanoseconds);
        });

        Assert.That(seen, Is.Empty, "a process starts from an event, not inside Process()");
        sim.Run();
        Assert.That(seen, Is.EqualTo(new[] { 0L, 10_000_000, 15_000_000 }));
        Assert.That(sim.PendingCount, Is.Zero);
    }

    [Test]
    public void Interleaving_WithCallbackEvents_FollowsTimeThenSequence()
    {
        // Callback events and process wake-ups at equal times fire in the order they were scheduled.
        var sim = new Simulation();
        var log = new List<string>();
        sim.Schedule(Ms(10), _ => log.Add("cb1@10"));                  // seq 1
        sim.Process(async () =>                                        // start: seq 2 (at 0)
        {
            log.Add("A start");
            await sim.Delay(Ms(10));                                   // seq 4 (after B's start was scheduled? no: B start is seq 3)
            log.Add("A@10");
            sim.Schedule(SimTime.Zero, _ => log.Add("cb3@10 (scheduled by A)"));
            await sim.Delay(SimTime.Zero);
            log.Add("A after zero delay");
        }, "A");
        sim.Process(async () =>                                        // start: seq 3
        {
            log.Add("B start");
            await sim.Delay(Ms(10));
            log.Add("B@10");
        }, "B");
        sim.Schedule(Ms(10), _ => log.Add("cb2@10"));                  // seq 4, before A's and B's delays (made when they start)
        sim.Run();

        Assert.That(log, Is.EqualTo(new[]
        {
            "A start", "B start",
            "cb1@10", "cb2@10", "A@10", "B@10", "cb3@10 (scheduled by A)", "A after zero delay",
        }));
    }

    [Test]
    public void Join_WaitsForTheOtherProcess_AndHelpersCompose()
    {
        var sim = new Simulation();
        var log = new List<string>();
        SimTask worker = sim.Process(async () =>
        {
            await Nap(sim, log, "worker", 7);
            await Nap(sim, log, "worker", 3);
        }, "worker");
        sim.Process(async () =>
        {
            await worker;
            log.Add($"joined @{sim.Now.TotalMilliseconds}");
            await worker; // a finished task: continues at once
            log.Add("joined again");
        });
        sim.Run();

        Assert.That(log, Is.EqualTo(new[] { "worker woke @7", "worker woke @10", "joined @10", "joined again" }));
        Assert.That(worker.IsCompleted && !worker.IsFaulted, Is.True);
        Assert.That(worker.Name, Is.EqualTo("worker"));
    }

    [Test]
    public void Failure_NobodyWaiting_SurfacesFromRun_WithTheProcessName()
    {
        var sim = new Simulation();
        sim.Process(async () =>
        {
            await sim.Delay(Ms(4));
            throw new InvalidOperationException("boom");
        }, "customer 17");

        var ex = Assert.Throws<SimProcessException>(sim.Run);
        Assert.That(ex!.ProcessName, Is.EqualTo("customer 17"));
        Assert.That(ex.Message, Does.Contain("customer 17").And.Contain("boom"));
        Assert.That(ex.InnerException, Is.TypeOf<InvalidOperationException>());
        Assert.That(ex.Time, Is.EqualTo(Ms(4)));
    }

    [Test]
    public void Failure_BeforeTheFirstWait_AlsoSurfacesFromRun()
    {
        var sim = new Simulation();
        sim.Process(async () =>
        {
            await SimTask.CompletedTask;
            throw new FormatException("bad input");
        });

        var ex = Assert.Throws<SimProcessException>(sim.Run);
        Assert.That(ex!.ProcessName, Is.EqualTo("process 1"));
        Assert.That(ex.InnerException, Is.TypeOf<FormatException>());
    }

    [Test]
    public void Failure_Joined_IsRethrownInTheJoiner_NotFromRun()
    {
        var sim = new Simulation();
        string? caught = null;
        SimTask failing = sim.Process(async () =>
        {
            await sim.Delay(Ms(1));
            throw new ArgumentException("bad");
        });
        sim.Process(async () =>
        {
            try
            {
                await failing;
            }
            catch (ArgumentException e)
            {
                caught = e.Message;
            }
        });

        sim.Run();
        Assert.That(caught, Is.EqualTo("bad"));
        Assert.That(failing.IsFaulted, Is.True);
    }

    [Test]
    public void AwaitingATask_OutsideTheSimulation_IsRefused()
    {
        var sim = new Simulation();
        sim.Process(async () => await System.Threading.Tasks.Task.Delay(1), "wall-clock");
        var ex = Assert.Throws<SimProcessException>(sim.Run);
        Assert.That(ex!.InnerException!.Message, Does.Contain("can only await the simulation's awaitables"));
    }

    [Test]
    public void SimEvent_SucceedAndFail_WakeWaitersInOrder()
    {
        var sim = new Simulation();
        var evt = new SimEvent(sim);
        var bad = new SimEvent(sim);
        var log = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            int n = i;
            sim.Process(async () =>
            {
                object? v = await evt;
                log.Add($"w{n} got {v} @{sim.Now.TotalMilliseconds}");
            });
        }

        sim.Process(async () =>
        {
            try
            {
                await bad;
            }
            catch (TimeoutException e)
            {
                log.Add($"failed: {e.Message}");
            }
        });
        sim.Schedule(Ms(5), _ => evt.Succeed("go"));
        sim.Schedule(Ms(6), _ => bad.Fail(new TimeoutException("late")));
        sim.Run();

        Assert.That(log, Is.EqualTo(new[] { "w0 got go @5", "w1 got go @5", "w2 got go @5", "failed: late" }));
        Assert.Throws<InvalidOperationException>(() => evt.Succeed());
    }

    [Test]
    public void AnyOf_AllOf_Timeout()
    {
        var sim = new Simulation();
        var log = new List<string>();
        sim.Process(async () =>
        {
            SimEvent fast = sim.Timeout(Ms(3), "fast");
            SimEvent slow = sim.Timeout(Ms(8), "slow");
            object? first = await sim.AnyOf(fast, slow);
            log.Add($"any: {((SimEvent)first!).Value} @{sim.Now.TotalMilliseconds}");
            await sim.AllOf(fast, slow);
            log.Add($"all @{sim.Now.TotalMilliseconds}");
            await sim.AllOf();
            log.Add("empty all: at once");
        });
        sim.Run();
        Assert.That(log, Is.EqualTo(new[] { "any: fast @3", "all @8", "empty all: at once" }));
    }

    [Test]
    public void WaitWithTimeout_TrueWhenTheEventComesFirst_FalseOtherwise_AndNoTimerLeft()
    {
        var sim = new Simulation();
        var comes = new SimEvent(sim);
        var never = new SimEvent(sim);
        var results = new List<(bool, double)>();
        sim.Process(async () =>
        {
            results.Add((await comes.Wait(Ms(10)), sim.Now.TotalMilliseconds));
            results.Add((await never.Wait(Ms(10)), sim.Now.TotalMilliseconds));
        });
        sim.Schedule(Ms(4), _ => comes.Succeed());
        sim.Run();

        Assert.That(results, Is.EqualTo(new[] { (true, 4.0), (false, 14.0) }));
        Assert.That(sim.Now, Is.EqualTo(Ms(14)), "the first wait's time-out was cancelled: the clock did not run on to 10 ms for it... nor past 14");
    }

    [Test]
    public void Interrupt_DuringADelay_ThrowsAtTheAwait_AndCancelsTheTimer()
    {
        var sim = new Simulation();
        var log = new List<string>();
        SimTask sleeper = sim.Process(async () =>
        {
            try
            {
                await sim.Delay(Ms(100));
                log.Add("slept");
            }
            catch (InterruptedException e)
            {
                log.Add($"interrupted by {e.Cause} @{sim.Now.TotalMilliseconds}");
            }

            await sim.Delay(Ms(1));
            log.Add($"done @{sim.Now.TotalMilliseconds}");
        });
        sim.Schedule(Ms(30), _ => sleeper.Interrupt("alarm"));
        sim.Run();

        Assert.That(log, Is.EqualTo(new[] { "interrupted by alarm @30", "done @31" }));
        Assert.That(sim.Now, Is.EqualTo(Ms(31)), "the 100 ms timer was cancelled");
        Assert.Throws<InvalidOperationException>(() => sleeper.Interrupt());
    }

    [Test]
    public void Interrupt_WhileWaitingForAResource_LeavesTheQueue()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1);
        var log = new List<string>();
        Occupy(sim, res, Ms(10));
        SimTask waiter = sim.Process(async () =>
        {
            try
            {
                using ResourceHandle h = await res.Request();
                log.Add("waiter got it");
            }
            catch (InterruptedException)
            {
                log.Add($"waiter gave up @{sim.Now.TotalMilliseconds}, queue {res.QueueLength}");
            }
        });
        sim.Process(async () =>
        {
            await sim.Delay(Ms(1));
            using ResourceHandle h = await res.Request();
            log.Add($"third got it @{sim.Now.TotalMilliseconds}");
        });
        sim.Schedule(Ms(5), _ => waiter.Interrupt());
        sim.Run();

        Assert.That(log, Is.EqualTo(new[] { "waiter gave up @5, queue 1", "third got it @10" }));
        Assert.That(res.InUse, Is.Zero);
    }

    [Test]
    public void Resource_Fifo_ServesInArrivalOrder_AndCountsUnits()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 2);
        var log = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            int n = i;
            sim.Process(async () =>
            {
                await sim.Delay(Ms(n)); // arrive at 0, 1, 2, 3, 4 ms
                using ResourceHandle unit = await res.Request();
                log.Add($"c{n} in @{sim.Now.TotalMilliseconds}");
                await sim.Delay(Ms(10));
            });
        }

        sim.RunUntil(Ms(5));
        Assert.That((res.InUse, res.QueueLength), Is.EqualTo((2, 3)));
        sim.Run();
        Assert.That(log, Is.EqualTo(new[] { "c0 in @0", "c1 in @1", "c2 in @10", "c3 in @11", "c4 in @20" }));
        Assert.That((res.InUse, res.QueueLength), Is.EqualTo((0, 0)));
    }

    [Test]
    public void Resource_Priority_ServesLowestNumberFirst_FifoAmongEquals()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1, ResourceQueueing.Priority);
        var order = new List<string>();
        Occupy(sim, res, Ms(10));
        (string Name, int Priority)[] requests = [("p5a", 5), ("p1", 1), ("p5b", 5), ("p0", 0)];
        foreach ((string name, int priority) in requests)
        {
            sim.Process(async () =>
            {
                await sim.Delay(Ms(1));
                using ResourceHandle h = await res.Request(priority);
                order.Add(name);
                await sim.Delay(Ms(1));
            });
        }

        sim.Run();
        Assert.That(order, Is.EqualTo(new[] { "p0", "p1", "p5a", "p5b" }));
    }

    [Test]
    public void Resource_Preemptive_InterruptsTheLowerPriorityUser()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1, ResourceQueueing.PreemptivePriority);
        var log = new List<string>();
        sim.Process(async () =>
        {
            using ResourceHandle h = await res.Request(priority: 2);
            try
            {
                await sim.Delay(Ms(30));
                log.Add("low finished");
            }
            catch (InterruptedException e) when (e.Cause is Preempted p)
            {
                log.Add($"low preempted @{sim.Now.TotalMilliseconds} by {p.By?.Name}, had it since {p.UsageSince.TotalMilliseconds}");
            }
        }, "low");
        sim.Process(async () =>
        {
            await sim.Delay(Ms(10));
            using ResourceHandle h = await res.Request(priority: 1);
            log.Add($"high got it @{sim.Now.TotalMilliseconds}");
            await sim.Delay(Ms(5));
        }, "high");
        sim.Run();

        Assert.That(log, Is.EqualTo(new[] { "low preempted @10 by high, had it since 0", "high got it @10" }));
        Assert.That(res.InUse, Is.Zero, "the preempted user's later release did nothing");
    }

    [Test]
    public void Resource_RequestWithTimeout_Reneges()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1);
        var log = new List<string>();
        Occupy(sim, res, Ms(10));
        sim.Process(async () =>
        {
            using ResourceHandle h = await res.Request(timeout: Ms(4));
            log.Add($"impatient granted={h.IsGranted} @{sim.Now.TotalMilliseconds}");
        });
        sim.Process(async () =>
        {
            using ResourceHandle h = await res.Request(timeout: Ms(40));
            log.Add($"patient granted={h.IsGranted} @{sim.Now.TotalMilliseconds}");
        });
        sim.Run();

        Assert.That(log, Is.EqualTo(new[] { "impatient granted=False @4", "patient granted=True @10" }));
        Assert.That(sim.Now, Is.EqualTo(Ms(10)), "the granted request's time-out was cancelled");
    }

    [Test]
    public void ResourceHandle_ReleasedTwice_ReleasesOnce()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 2);
        int inUseAfter = -1;
        sim.Process(async () =>
        {
            ResourceHandle a = await res.Request();
            ResourceHandle b = await res.Request();
            a.Dispose();
            a.Dispose();
            inUseAfter = res.InUse;
            b.Dispose();
        });
        sim.Run();
        Assert.That(inUseAfter, Is.EqualTo(1));
        Assert.That(res.InUse, Is.Zero);
    }

    [Test]
    public void Store_ProducerConsumer_BlocksWhenFullAndEmpty()
    {
        var sim = new Simulation();
        var store = new Store<int>(sim, capacity: 2);
        var log = new List<string>();
        sim.Process(async () =>
        {
            for (int i = 1; i <= 4; i++)
            {
                await store.Put(i);
                log.Add($"put {i} @{sim.Now.TotalMilliseconds}");
            }
        });
        sim.Process(async () =>
        {
            await sim.Delay(Ms(10));
            for (int i = 0; i < 4; i++)
            {
                int item = await store.Get();
                log.Add($"got {item} @{sim.Now.TotalMilliseconds}");
                await sim.Delay(Ms(5));
            }
        });
        sim.Run();

        Assert.That(log, Is.EqualTo(new[]
        {
            "put 1 @0", "put 2 @0",
            "got 1 @10", "put 3 @10",
            "got 2 @15", "put 4 @15",
            "got 3 @20", "got 4 @25",
        }));
    }

    [Test]
    public void Store_GetterWaits_ThenReceivesInOrder()
    {
        var sim = new Simulation();
        var store = new Store<string>(sim);
        var got = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            sim.Process(async () => got.Add($"{await store.Get()}@{sim.Now.TotalMilliseconds}"));
        }

        sim.Schedule(Ms(3), _ => store.TryPut("a"));
        sim.Schedule(Ms(4), _ => store.TryPut("b"));
        sim.Run();
        Assert.That(got, Is.EqualTo(new[] { "a@3", "b@4" }));
    }

    [Test]
    public void Container_GetWaitsForTheLevel_PutWaitsForRoom()
    {
        var sim = new Simulation();
        var tank = new Container(sim, capacity: 100, initial: 10);
        var log = new List<string>();
        sim.Process(async () =>
        {
            await tank.Get(30);
            log.Add($"got 30 @{sim.Now.TotalMilliseconds}, level {tank.Level}");
        });
        sim.Process(async () =>
        {
            await sim.Delay(Ms(5));
            await tank.Put(50);
            log.Add($"put 50 @{sim.Now.TotalMilliseconds}");
            await tank.Put(80);
            log.Add($"put 80 @{sim.Now.TotalMilliseconds}, level {tank.Level}");
        });
        sim.Process(async () =>
        {
            await sim.Delay(Ms(9));
            await tank.Get(20);
            log.Add($"got 20 @{sim.Now.TotalMilliseconds}");
        });
        sim.Run();

        Assert.That(log, Is.EqualTo(new[] { "put 50 @5", "got 30 @5, level 30", "got 20 @9", "put 80 @9, level 90" }));
    }

    [Test]
    public void SameSeed_SameProcesses_SameOutcome()
    {
        static string RunOnce(ulong seed)
        {
            var sim = new Simulation(seed);
            var res = new Resource(sim, 3);
            var rng = sim.Random.For("model");
            var log = new System.Text.StringBuilder();
            for (int i = 0; i < 50; i++)
            {
                int n = i;
                sim.Process(async () =>
                {
                    await sim.Delay(SimTime.FromSeconds(rng.NextExponential(1)));
                    using ResourceHandle h = await res.Request();
                    await sim.Delay(SimTime.FromSeconds(rng.NextExponential(2)));
                    log.Append(n).Append('@').Append(sim.Now.Nanoseconds).Append(';');
                });
            }

            sim.Run();
            return log.ToString();
        }

        string first = RunOnce(5);
        Assert.That(RunOnce(5), Is.EqualTo(first));
        Assert.That(RunOnce(6), Is.Not.EqualTo(first));
    }

    [Test]
    public void SimTask_KeptAfterItsActivationServesTheNextProcess_ReportsFinished_AndLeavesTheNextAlone()
    {
        var sim = new Simulation();
        var log = new List<string>();
        SimTask first = sim.Process(() => Nap(sim, log, "first", 1));
        SimTask copy = first;
        sim.Run();
        SimTask second = sim.Process(() => Nap(sim, log, "second", 10));
        sim.RunUntil(Ms(2));

        Assert.That(second.Activation, Is.SameAs(first.Activation), "the finished process's activation serves the next call of the same method");
        Assert.That((first.IsCompleted, first.IsFaulted, first.Exception, first.Name), Is.EqualTo((true, false, (Exception?)null, "process 1")));
        Assert.That((second.IsCompleted, second.Name), Is.EqualTo((false, "process 2")));
        Assert.That((first == copy, first == second), Is.EqualTo((true, false)));
        var refused = Assert.Throws<InvalidOperationException>(() => first.Interrupt("stale"));
        Assert.That(refused!.Message, Does.Contain("process 'process 1'").And.Contain("already finished"));
        sim.Process(async () =>
        {
            await first;
            log.Add($"joined first @{sim.Now.TotalMilliseconds}");
        });
        sim.Run();

        Assert.That(log, Is.EqualTo(new[] { "first woke @1", "joined first @2", "second woke @11" }), "the interrupt and the join through the old SimTask did not reach the second process");
    }

    [Test]
    public void Interrupt_WhileJoining_IsThrown_EvenIfTheJoinedProcessFinishesAndMovesOnFirst()
    {
        // At 5 ms: the interrupt (scheduled first), then the worker's delay ends and its activation
        // goes back to the pool, then the joiner resumes from the interrupt's wake-up.
        var sim = new Simulation();
        var log = new List<string>();
        SimTask worker = sim.Process(() => Nap(sim, log, "worker", 5));
        SimTask joiner = default;
        sim.Schedule(Ms(5), _ => joiner.Interrupt("stop"));
        joiner = sim.Process(async () =>
        {
            try
            {
                await worker;
                log.Add("joined");
            }
            catch (InterruptedException e)
            {
                log.Add($"joiner interrupted: {e.Cause} @{sim.Now.TotalMilliseconds}");
            }
        });
        sim.Run();

        Assert.That(log, Is.EqualTo(new[] { "worker woke @5", "joiner interrupted: stop @5" }));
        Assert.That(worker.Live, Is.Null, "the worker's activation had gone back to the pool");
    }

    [Test]
    public void NamedProcess_KeepsItsActivation_SoItsSimTaskKeepsItsName()
    {
        var sim = new Simulation();

        async SimTask Nap() => await sim.Delay(Ms(1));

        SimTask named = sim.Process(Nap, "named");
        sim.Run();
        SimTask next = sim.Process(Nap);
        sim.Run();

        Assert.That(next.Activation, Is.Not.SameAs(named.Activation));
        Assert.That((named.IsCompleted, named.Name), Is.EqualTo((true, "named")));
    }

    [Test]
    public void Resource_PreemptingAUnitLeftByAFinishedProcess_DoesNotInterruptTheProcessNowInItsActivation()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1, ResourceQueueing.PreemptivePriority);
        var log = new List<string>();

        async SimTask User(string who, int priority, bool release)
        {
            try
            {
                ResourceHandle unit = await res.Request(priority);
                log.Add($"{who} got it @{sim.Now.TotalMilliseconds}");
                await sim.Delay(Ms(1));
                if (release)
                {
                    unit.Dispose();
                }
            }
            catch (InterruptedException)
            {
                log.Add($"{who} interrupted @{sim.Now.TotalMilliseconds}");
            }
        }

        sim.Process(() => User("leaver", 5, release: false)); // finishes at 1 ms, still holding the unit
        sim.Schedule(Ms(2), s => s.Process(() => User("waiter", 5, release: true))); // in the leaver's activation, waits for the unit
        sim.Schedule(Ms(3), s => s.Process(() => User("urgent", 0, release: true))); // preempts the unit from the leaver
        sim.Run();

        Assert.That(log, Is.EqualTo(new[] { "leaver got it @0", "urgent got it @3", "waiter got it @4" }));
    }

    [Test]
    public void ResourceHandle_ReleasedAgainAfterTheUnitWentToAnother_LeavesItWithThem()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1);
        var log = new List<string>();
        sim.Process(async () =>
        {
            ResourceHandle unit = await res.Request();
            unit.Dispose();
            await sim.Delay(Ms(1)); // meanwhile the next process takes the unit, a third waits
            unit.Dispose();
            log.Add($"released again: in use {res.InUse}, queue {res.QueueLength}");
        });
        for (int i = 2; i <= 3; i++)
        {
            string who = $"p{i}";
            sim.Process(async () =>
            {
                using ResourceHandle unit = await res.Request();
                log.Add($"{who} got it @{sim.Now.TotalMilliseconds}");
                await sim.Delay(Ms(5));
            });
        }

        sim.Run();
        Assert.That(log, Is.EqualTo(new[] { "p2 got it @0", "released again: in use 1, queue 1", "p3 got it @5" }));
    }
}
