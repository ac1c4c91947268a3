using CpmSim.Core.Kernel;
using CsCheck;

namespace CpmSim.Tests.Kernel;

/// <summary>
/// A <see cref="TimerQueue"/>'s time-outs against the reference they replace: one kernel timer per
/// time-out, cancelled when stopped. Same events, same order, same count, same clock.
/// </summary>
[TestFixtureSource(nameof(Queues))]
public class TimerQueueTests(string queue)
{
    public static readonly string[] Queues = ["heap", "radix", "calendar"];

    private Simulation NewSimulation() => new(1, 0, queue switch
    {
        "heap" => new DaryHeap(),
        "radix" => new RadixHeap(),
        _ => new CalendarQueue(),
    });

    /// <summary>Records (time, argument) of every event it receives.</summary>
    private sealed class Recorder : EventTarget
    {
        public List<(long Time, long Arg)> Fired { get; } = [];

        protected internal override string FingerprintName => "recorder";

        protected internal override void OnEvent(Simulation simulation, object? payload, long arg) => Fired.Add((simulation.Now.Nanoseconds, arg));
    }

    /// <summary>One time-out of a generated schedule: started at <c>Start</c> µs with delay number <c>Delay</c>; stopped at <c>Stop</c> µs (never when negative).</summary>
    private readonly record struct Op(int Start, int Delay, int Stop);

    private static readonly long[] Delays = [0, 5_000, 7_000]; // ns: ties with the starts and stops (multiples of 1,000)

    /// <summary>
    /// Runs a schedule: each time-out is started by an event at its start time and stopped by one at
    /// its stop time; <paramref name="background"/> plain events (every 1,000 ns, tying with the rest)
    /// keep the pending set large enough for the kernel's delay lanes and look-ahead window. With
    /// <paramref name="queued"/> the time-outs are a TimerQueue's, else kernel timers cancelled at the stop.
    /// </summary>
    private (List<(long, long)> Fired, long Events, long Now, ulong Fingerprint) Run(Op[] ops, bool queued, int background)
    {
        Simulation sim = NewSimulation();
        sim.Fingerprint = new Fingerprint("etnk");
        var recorder = new Recorder();
        long[] sequences = new long[ops.Length]; // queued: the time-out's number while it stands, 0 once stopped
        var handles = new EventHandle[ops.Length];
        var queues = Delays.Select(d => new TimerQueue(sim, new SimTime(d), recorder, (arg, sequence) => sequences[arg] == sequence)).ToArray();
        for (int b = 0; b < background; b++)
        {
            sim.ScheduleAt(new SimTime(b * 1_000L), recorder, arg: 1_000_000 + b);
        }

        for (int i = 0; i < ops.Length; i++)
        {
            int n = i;
            Op op = ops[i];
            sim.ScheduleAt(new SimTime(op.Start * 1_000L), s =>
            {
                if (queued)
                {
                    sequences[n] = queues[op.Delay].Start(n);
                }
                else
                {
                    handles[n] = s.Schedule(new SimTime(Delays[op.Delay]), recorder, null, n);
                }
            });
            if (op.Stop >= 0)
            {
                sim.ScheduleAt(new SimTime((op.Start + op.Stop) * 1_000L), s =>
                {
                    if (queued)
                    {
                        sequences[n] = 0;
                    }
                    else
                    {
                        s.Cancel(handles[n]);
                    }
                });
            }
        }

        sim.Run();
        return (recorder.Fired, sim.EventsProcessed, sim.Now.Nanoseconds, sim.Fingerprint.Hash);
    }

    private static readonly Gen<Op[]> Schedules =
        Gen.Select(Gen.Int[0, 40], Gen.Int[0, Delays.Length - 1], Gen.Int[-3, 8], (start, delay, stop) => new Op(start, delay, stop)).Array[1, 300];

    [Test]
    public void Run_RandomSchedules_SameEventsOrderCountClockAndFingerprintAsCancelledKernelTimers() =>
        Schedules.Sample(ops => AssertSameAsCancelledKernelTimers(ops, background: 0), iter: 200);

    [Test]
    public void Run_RandomSchedulesAmongManyPendingEvents_SameAsCancelledKernelTimers() =>
        Schedules.Sample(ops => AssertSameAsCancelledKernelTimers(ops, background: 20_000), iter: 10); // the kernel's delay lanes and look-ahead window in use

    private void AssertSameAsCancelledKernelTimers(Op[] ops, int background)
    {
        var reference = Run(ops, queued: false, background);
        var queued = Run(ops, queued: true, background);
        Assert.That(queued.Fired, Is.EqualTo(reference.Fired));
        Assert.That((queued.Events, queued.Now, queued.Fingerprint), Is.EqualTo((reference.Events, reference.Now, reference.Fingerprint)));
    }

    [Test]
    public void Start_StoppedTimeoutsOnly_NotFiredNotCountedClockStays()
    {
        Simulation sim = NewSimulation();
        var recorder = new Recorder();
        var queue = new TimerQueue(sim, SimTime.FromSeconds(32), recorder, (_, _) => false);
        sim.Schedule(SimTime.FromMilliseconds(1), _ => queue.Start(7));
        sim.Run();
        Assert.That(recorder.Fired, Is.Empty);
        Assert.That(sim.EventsProcessed, Is.EqualTo(1)); // the starting event only
        Assert.That(sim.Now, Is.EqualTo(SimTime.FromMilliseconds(1))); // not moved to the stopped time-out's deadline
        Assert.That(sim.PendingCount, Is.Zero);
    }

    [Test]
    public void Start_ManyTimeoutsStoppedAtOnce_QueueStaysSmall()
    {
        // 100,000 time-outs of 32 s started 1 ms apart, each stopped as the next starts: at most one
        // stands at a time, so the queue may hold the stopped ones only up to its next compaction.
        Simulation sim = NewSimulation();
        var recorder = new Recorder();
        long standing = 0;
        var queue = new TimerQueue(sim, SimTime.FromSeconds(32), recorder, (_, sequence) => sequence == standing);
        int largest = 0;
        for (int i = 0; i < 100_000; i++)
        {
            sim.ScheduleAt(SimTime.FromMilliseconds(i), _ =>
            {
                standing = queue.Start(0);
                largest = Math.Max(largest, queue.Count);
            });
        }

        sim.Run();
        Assert.That(largest, Is.LessThanOrEqualTo(32));
        Assert.That(recorder.Fired, Has.Count.EqualTo(1)); // the last one, never stopped
        Assert.That(recorder.Fired[0].Time, Is.EqualTo(SimTime.FromMilliseconds(99_999 + 32_000).Nanoseconds));
    }
}
