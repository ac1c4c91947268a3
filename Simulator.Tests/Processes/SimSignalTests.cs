using CpmSim.Core.Kernel;
using CpmSim.Core.Processes;

namespace CpmSim.Tests.Processes;

/// <summary>
/// <see cref="SimSignal{T}"/>: one waiter, resumed inside the caller's event (no event of its own), a
/// value kept when nobody waits; and <see cref="SimulationProcesses.ProcessNow{TState}"/>.
/// </summary>
public class SimSignalTests
{
    private static SimTime Ms(long ms) => SimTime.FromMilliseconds(ms);

    [Test]
    public void Resume_ProcessWaiting_RunsItInsideTheCallersEvent()
    {
        var sim = new Simulation();
        var signal = new SimSignal<int>(sim);
        var log = new List<string>();
        sim.Process(async () =>
        {
            int value = await signal;
            log.Add($"got {value} @{sim.Now.TotalMilliseconds}");
            value = await signal;
            log.Add($"got {value} @{sim.Now.TotalMilliseconds}");
        });
        sim.Schedule(Ms(5), _ =>
        {
            log.Add("callback before");
            bool resumed = signal.Resume(1);
            log.Add($"callback after ({resumed})");
        });
        sim.Schedule(Ms(7), _ => signal.Resume(2));

        sim.Run();

        Assert.That(log, Is.EqualTo(new[] { "callback before", "got 1 @5", "callback after (True)", "got 2 @7" }));
        Assert.That(sim.EventsProcessed, Is.EqualTo(3), "the start and the two callbacks: the resumes are no events of their own");
    }

    [Test]
    public void Resume_NobodyWaiting_TheNextAwaitTakesTheValueWithoutWaiting()
    {
        var sim = new Simulation();
        var signal = new SimSignal<string>(sim);
        Assert.That(signal.Resume("early"), Is.False);
        Assert.That(signal.HasValue, Is.True);
        string? seen = null;
        sim.Process(async () =>
        {
            await sim.Delay(Ms(3));
            seen = await signal;
        });

        sim.Run();

        Assert.That(seen, Is.EqualTo("early"));
        Assert.That(signal.HasValue, Is.False);
        Assert.That(sim.Now, Is.EqualTo(Ms(3)));
    }

    [Test]
    public void Resume_AValueKeptAlready_Throws()
    {
        var signal = new SimSignal<int>(new Simulation());
        signal.Resume(1);

        Assert.Throws<InvalidOperationException>(() => signal.Resume(2));
        signal.Reset();
        Assert.That(signal.Resume(3), Is.False, "Reset forgets the kept value");
    }

    [Test]
    public void Await_ASecondProcessWhileOneWaits_FailsThatProcess()
    {
        var sim = new Simulation();
        var signal = new SimSignal<int>(sim);
        sim.Process(async () => await signal, "first");
        sim.Process(async () => await signal, "second");

        var ex = Assert.Throws<SimProcessException>(sim.Run);
        Assert.That(ex!.ProcessName, Is.EqualTo("second"));
        Assert.That(ex.InnerException, Is.TypeOf<InvalidOperationException>());
    }

    [Test]
    public void Interrupt_WhileWaiting_ThrowsAtTheAwait_AndALaterResumeIsKeptForTheNextAwait()
    {
        var sim = new Simulation();
        var signal = new SimSignal<int>(sim);
        var log = new List<string>();
        SimTask waiter = sim.Process(async () =>
        {
            try
            {
                await signal;
            }
            catch (InterruptedException e)
            {
                log.Add($"interrupted ({e.Cause}) @{sim.Now.TotalMilliseconds}");
            }

            await sim.Delay(Ms(10));
            log.Add($"then {await signal} @{sim.Now.TotalMilliseconds}");
        });
        sim.Schedule(Ms(2), _ => waiter.Interrupt("stop"));
        sim.Schedule(Ms(4), _ => log.Add($"resume while nobody waits: {signal.Resume(9)}"));

        sim.Run();

        Assert.That(log, Is.EqualTo(new[] { "interrupted (stop) @2", "resume while nobody waits: False", "then 9 @12" }));
    }

    [Test]
    public void ProcessNow_RunsTheFirstStepAtOnce_AndAFailureLaterStopsTheRunNamed()
    {
        var sim = new Simulation();
        var signal = new SimSignal<int>(sim);
        var log = new List<string>();
        sim.Schedule(Ms(1), _ =>
        {
            sim.ProcessNow(static s => s.Log(), (Log: (Func<SimTask>)(async () =>
            {
                log.Add("first step");
                await signal;
                throw new FormatException("bad");
            }), Unused: 0), "session 7");
            log.Add("after ProcessNow");
        });
        sim.Schedule(Ms(2), _ => signal.Resume(0));

        var ex = Assert.Throws<SimProcessException>(sim.Run);

        Assert.That(log, Is.EqualTo(new[] { "first step", "after ProcessNow" }));
        Assert.That(ex!.ProcessName, Is.EqualTo("session 7"));
        Assert.That(ex.InnerException, Is.TypeOf<FormatException>());
        Assert.That(ex.Time, Is.EqualTo(Ms(2)));
        Assert.That(sim.EventsProcessed, Is.EqualTo(2), "no start event");
    }
}
