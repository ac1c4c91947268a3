using System.Runtime.CompilerServices;
using CpmSim.Core.Kernel;

namespace CpmSim.Core.Processes;

/// <summary>
/// Process-style modelling on a <see cref="Simulation"/>, in the manner of SimPy and SimSharp: a
/// process is an <c>async SimTask</c> method that waits (<c>await sim.Delay(...)</c>) instead of a
/// chain of callbacks. Processes share the kernel with callback events: everything runs in one
/// <c>(time, sequence)</c> order, deterministically.
/// </summary>
public static class SimulationProcesses
{
    /// <summary>
    /// Starts a process: calls <paramref name="body"/>, whose async method does not run yet but from
    /// an event scheduled now (after the events already due now, as SimPy's <c>env.process</c>), and
    /// returns its <see cref="SimTask"/> (await it to join the process). If the process throws and
    /// nobody awaits it, <see cref="Simulation.Run"/> throws a <see cref="SimProcessException"/>
    /// naming it (<paramref name="name"/>, or <c>process N</c>).
    /// </summary>
    public static SimTask Process(this Simulation simulation, Func<SimTask> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(body);
        SimTaskMethodBuilder.StartingOn = simulation;
        SimTask task;
        try
        {
            task = body();
        }
        finally
        {
            SimTaskMethodBuilder.StartingOn = null;
        }

        return Started(simulation, task, name);
    }

    /// <summary>
    /// Starts a process with a state argument: with a <c>static</c> lambda nothing is captured, so
    /// starting it allocates only the process's own activation.
    /// </summary>
    public static SimTask Process<TState>(this Simulation simulation, Func<TState, SimTask> body, TState state, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(body);
        SimTaskMethodBuilder.StartingOn = simulation;
        SimTask task;
        try
        {
            task = body(state);
        }
        finally
        {
            SimTaskMethodBuilder.StartingOn = null;
        }

        return Started(simulation, task, name);
    }

    /// <summary>
    /// Starts a process whose first step runs now, inside the caller's event, until its first wait —
    /// no start event of its own, unlike <see cref="Process{TState}(Simulation, Func{TState, SimTask}, TState, string?)"/>.
    /// For a process that takes over from a callback and must act where the callback would (a session
    /// a node starts when asked to). Otherwise a process like any other: its failure stops the run,
    /// named. With a <c>static</c> lambda nothing is captured.
    /// </summary>
    public static SimTask ProcessNow<TState>(this Simulation simulation, Func<TState, SimTask> body, TState state, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(body);
        return Started(simulation, body(state), name);
    }

    private static SimTask Started(Simulation simulation, SimTask task, string? name)
    {
        long number = ++simulation.ProcessesStarted;
        if (task.Live is not { } activation || activation.IsCompleted)
        {
            // The body was not an async SimTask method (it returned a finished task, or threw before
            // starting one): surface a failure from the run, as any other, named.
            if (task.IsFaulted)
            {
                FailAtStart(simulation, name ?? SimActivation.ProcessName(number), task.Exception!);
            }

            return task;
        }

        activation.MarkProcess(simulation, name, number);
        return new SimTask(activation); // now with its number, for its name
    }

    // Apart from Started: a lambda's captures there would cost an object on every start, not only on this path.
    private static void FailAtStart(Simulation simulation, string name, Exception error) =>
        simulation.Schedule(SimTime.Zero, _ => throw new SimProcessException(name, simulation.Now, error));

    /// <summary>Waits <paramref name="delay"/> of virtual time (zero: until the events already due now have run).</summary>
    public static DelayAwaitable Delay(this Simulation simulation, SimTime delay)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        if (delay.Nanoseconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), $"Cannot wait a negative delay ({delay}).");
        }

        return new DelayAwaitable(simulation, delay);
    }

    /// <summary>The process running now (null outside processes, or in a helper's first synchronous part).</summary>
    public static SimTask? ActiveProcess(this Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        return simulation.ActiveTask is { } active ? new SimTask(active) : null;
    }

    /// <summary>An event that succeeds after <paramref name="delay"/> with <paramref name="value"/>, for <see cref="AnyOf"/> and <see cref="AllOf"/>.</summary>
    public static SimEvent Timeout(this Simulation simulation, SimTime delay, object? value = null)
    {
        var e = new SimEvent(simulation);
        e.SucceedAfter(delay, value);
        return e;
    }

    /// <summary>An event that succeeds when the first of <paramref name="events"/> succeeds (its value: that event), or fails when it fails.</summary>
    public static SimEvent AnyOf(this Simulation simulation, params SimEvent[] events) => new ConditionEvent(simulation, events, all: false);

    /// <summary>An event that succeeds when all of <paramref name="events"/> have succeeded, or fails when one fails.</summary>
    public static SimEvent AllOf(this Simulation simulation, params SimEvent[] events) => new ConditionEvent(simulation, events, all: true);
}

/// <summary>What <see cref="SimulationProcesses.Delay"/> returns: await it.</summary>
public readonly struct DelayAwaitable
{
    private readonly Simulation _simulation;
    private readonly SimTime _delay;

    internal DelayAwaitable(Simulation simulation, SimTime delay)
    {
        _simulation = simulation;
        _delay = delay;
    }

    public DelayAwaiter GetAwaiter() => new(_simulation, _delay);
}

/// <summary>Awaits a delay: the process is the kernel event's target itself, nothing is allocated.</summary>
public readonly struct DelayAwaiter : ICriticalNotifyCompletion, ISimAwaiter
{
    private readonly Simulation _simulation;
    private readonly SimTime _delay;

    internal DelayAwaiter(Simulation simulation, SimTime delay)
    {
        _simulation = simulation;
        _delay = delay;
    }

    public bool IsCompleted => false;

    public void GetResult() => SimActivation.TakeResumeReason(_simulation);

    internal void Register(SimActivation waiter)
    {
        if (waiter.BeginWait(_simulation))
        {
            waiter.Timer = _simulation.Schedule(_delay, waiter, null, waiter.WaitVersion);
        }
    }

    void ISimAwaiter.Register(SimActivation waiter) => Register(waiter);

    Simulation ISimAwaiter.Simulation => _simulation;

    internal Simulation Simulation => _simulation;

    public void OnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();

    public void UnsafeOnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();
}
