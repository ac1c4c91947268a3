using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using CpmSim.Core.Kernel;

namespace CpmSim.Core.Processes;

/// <summary>
/// An activation of an <c>async SimTask</c> method: a process started with
/// <see cref="SimulationProcesses.Process(Simulation, Func{SimTask}, string?)"/>, or a helper method a
/// process awaits. It runs on the simulation's clock, never on a thread pool: it runs synchronously
/// until its first <c>await</c> of something not yet done (<see cref="SimulationProcesses.Delay"/>, a
/// <see cref="SimEvent"/>, a <see cref="Resource"/> request, a <see cref="Store{T}"/>, a
/// <see cref="Container"/>, another <see cref="SimTask"/>), and resumes from the event that completes
/// it, in the kernel's <c>(time, sequence)</c> order with every other event.
/// </summary>
/// <remarks>
/// Awaiting it from another <c>async SimTask</c> method waits for it to finish (a join) and rethrows
/// its exception. A process that fails while nobody awaits it stops the run:
/// <see cref="Simulation.Run"/> throws a <see cref="SimProcessException"/> naming the process.
/// One object per activation holds the method's state (as <see cref="Task"/> does); awaiting
/// the simulation's awaitables allocates nothing.
/// </remarks>
[AsyncMethodBuilder(typeof(SimTaskMethodBuilder))]
public abstract class SimTask : EventTarget
{
    private const byte Pending = 0;
    private const byte Succeeded = 1;
    private const byte Faulted = 2;

    // Wait states of a suspended activation.
    internal const byte Running = 0;
    internal const byte Waiting = 1;
    internal const byte Woken = 2;

    private byte _state;
    private bool _observed;
    private bool _isProcess;
    private ExceptionDispatchInfo? _error;

    // A process's name: given, or made from its number when first asked for (a string per process
    // would cost more than the rest of starting it).
    private string? _name;
    private long _number;

    // Joiners: one inline (the common case), more in a list.
    private SimTask? _joiner;
    private int _joinerVersion;
    private List<(SimTask Task, int Version)>? _moreJoiners;

    /// <summary>
    /// Incremented whenever the activation stops waiting: a registration (a timer, a queue entry) made
    /// for an older wait is stale and ignored. Events that resume it carry the version they were made for.
    /// </summary>
    internal int WaitVersion;

    /// <summary><see cref="Running"/>, <see cref="Waiting"/> (registered somewhere) or <see cref="Woken"/> (its resume event is scheduled).</summary>
    internal byte WaitState;

    /// <summary>Why it was resumed, read by the awaiter's GetResult: null (what it waited for happened), <see cref="TimedOut"/>, or an <see cref="Interruption"/>.</summary>
    internal object? ResumedBy;

    /// <summary>The timer of the current wait (a delay, a time-out), cancelled when something else ends the wait.</summary>
    internal EventHandle Timer;

    /// <summary>An interrupt that arrived while the activation was running or already woken: delivered at its next wait.</summary>
    internal Interruption? PendingInterrupt;

    /// <summary>What a resource hands over when it wakes the activation (a slot and its generation).</summary>
    internal long Handoff;

    internal SimTask()
    {
    }

    /// <summary>The simulation it runs on (known once it has waited for something, or was started as a process).</summary>
    internal Simulation? Simulation;

    /// <summary>The process's name (given to, or made by, <see cref="SimulationProcesses.Process(Simulation, Func{SimTask}, string?)"/>); null for a helper method's activation.</summary>
    public string? Name => _name ??= _isProcess ? $"process {_number}" : null;

    /// <summary>True once the method returned or threw.</summary>
    public bool IsCompleted => _state != Pending;

    /// <summary>True once the method threw.</summary>
    public bool IsFaulted => _state == Faulted;

    /// <summary>The exception the method threw, if it did.</summary>
    public Exception? Exception => _error?.SourceException;

    /// <summary>A task that has already completed.</summary>
    public static SimTask CompletedTask { get; } = new CompletedSimTask();

    /// <summary>For <c>await</c>: waits until the method has finished (a join) and rethrows its exception.</summary>
    public SimTaskAwaiter GetAwaiter() => new(this);

    /// <summary>
    /// Interrupts the process where it waits: the <c>await</c> it is suspended at throws a
    /// <see cref="InterruptedException"/> carrying <paramref name="cause"/>, at the current time
    /// (through an event scheduled now, as SimPy does). What it waited for is abandoned: its timer is
    /// cancelled, its place in a queue given up. If the process is running, or already woken by what
    /// it waited for, the interrupt is delivered at its next wait.
    /// </summary>
    public void Interrupt(object? cause = null)
    {
        if (IsCompleted)
        {
            throw new InvalidOperationException($"Cannot interrupt {Describe()}: it has already finished.");
        }

        Simulation sim = Simulation ?? throw new InvalidOperationException($"Cannot interrupt {Describe()}: it has not started waiting yet.");
        var interruption = new Interruption(cause);
        if (WaitState == Waiting)
        {
            Wake(sim, interruption);
        }
        else
        {
            PendingInterrupt = interruption;
        }
    }

    internal string Describe() => Name is { } name ? $"process '{name}'" : "a SimTask";

    internal void MarkProcess(Simulation simulation, string? name, long number)
    {
        _isProcess = true;
        _name = name;
        _number = number;
        Simulation ??= simulation;
    }

    internal abstract void MoveNext();

    /// <summary>A new process: its first step runs from an event scheduled now.</summary>
    internal void ScheduleStart(Simulation simulation)
    {
        Simulation = simulation;
        WaitState = Woken;
        simulation.Schedule(SimTime.Zero, this, null, WaitVersion);
    }

    /// <summary>
    /// Called by an awaiter before it registers the activation: false if an interrupt is pending, in
    /// which case the activation is woken with it instead of waiting.
    /// </summary>
    internal bool BeginWait(Simulation simulation)
    {
        Simulation ??= simulation;
        if (PendingInterrupt is { } pending)
        {
            PendingInterrupt = null;
            WaitState = Waiting;
            Wake(simulation, pending);
            return false;
        }

        WaitState = Waiting;
        return true;
    }

    /// <summary>
    /// Ends the current wait and schedules the activation to resume now (after the events already due
    /// now): its other registrations become stale, its timer is cancelled unless it is what woke it.
    /// </summary>
    internal void Wake(Simulation simulation, object? by)
    {
        WaitVersion++;
        WaitState = Woken;
        if (Timer.IsValid)
        {
            if (by != TimedOut.Instance)
            {
                simulation.Cancel(Timer);
            }

            Timer = default;
        }

        simulation.Schedule(SimTime.Zero, this, by, WaitVersion);
    }

    /// <summary>Ends the current wait and resumes the activation at once, inside the caller's event (a join).</summary>
    internal void ResumeNow(Simulation simulation)
    {
        WaitVersion++;
        if (Timer.IsValid)
        {
            simulation.Cancel(Timer);
            Timer = default;
        }

        Resume(simulation, null);
    }

    protected internal sealed override void OnEvent(Simulation simulation, object? payload, long arg)
    {
        if (arg != WaitVersion)
        {
            return; // made for a wait that has ended
        }

        if (WaitState == Waiting)
        {
            // Its own timer: a delay that elapsed, or a time-out.
            WaitVersion++;
            Timer = default;
        }

        Resume(simulation, payload);
    }

    private void Resume(Simulation simulation, object? by)
    {
        WaitState = Running;
        ResumedBy = by;
        SimTask? previous = simulation.ActiveTask;
        simulation.ActiveTask = this;
        try
        {
            MoveNext();
        }
        finally
        {
            simulation.ActiveTask = previous;
        }
    }

    /// <summary>
    /// Called by every awaiter's GetResult: what ended the wait of the activation running now. Throws
    /// the interrupt if it was one; returns <see cref="TimedOut"/> for a time-out, null otherwise.
    /// </summary>
    internal static object? TakeResumeReason(Simulation? simulation)
    {
        SimTask? active = simulation?.ActiveTask;
        object? by = active?.ResumedBy;
        if (by is null)
        {
            return null;
        }

        active!.ResumedBy = null;
        if (by is Interruption interruption)
        {
            throw new InterruptedException(interruption.Cause);
        }

        return by;
    }

    internal void AddJoiner(SimTask waiter)
    {
        _observed = true;
        if (_joiner is null)
        {
            _joiner = waiter;
            _joinerVersion = waiter.WaitVersion;
        }
        else
        {
            (_moreJoiners ??= []).Add((waiter, waiter.WaitVersion));
        }
    }

    internal void GetResultCore()
    {
        _observed = true;
        _error?.Throw();
    }

    /// <summary>The method returned (<paramref name="error"/> null) or threw: wakes the joiners.</summary>
    internal void Complete(Exception? error)
    {
        if (error is not null)
        {
            _error = ExceptionDispatchInfo.Capture(error);
            _state = Faulted;
        }
        else
        {
            _state = Succeeded;
        }

        bool resumedAny = false;
        if (_joiner is { } joiner)
        {
            _joiner = null;
            resumedAny |= ResumeJoiner(joiner, _joinerVersion);
        }

        if (_moreJoiners is { } more)
        {
            _moreJoiners = null;
            foreach ((SimTask task, int version) in more)
            {
                resumedAny |= ResumeJoiner(task, version);
            }
        }

        if (error is not null && !resumedAny && _isProcess && !_observed && Simulation is { } sim)
        {
            throw new SimProcessException(Name!, sim.Now, error);
        }
    }

    private bool ResumeJoiner(SimTask joiner, int version)
    {
        if (joiner.WaitVersion != version || joiner.WaitState != Waiting)
        {
            return false; // interrupted meanwhile
        }

        joiner.ResumeNow(Simulation ?? joiner.Simulation!);
        return true;
    }

    internal static SimTask FromException(Exception error)
    {
        var task = new CompletedSimTask();
        task.Complete(error);
        return task;
    }

    /// <summary>The marker of a wake-up by a time-out.</summary>
    internal sealed class TimedOut
    {
        public static readonly TimedOut Instance = new();
    }

    /// <summary>Wraps an interrupt's cause on its way to the interrupted activation.</summary>
    internal sealed class Interruption(object? cause)
    {
        public object? Cause { get; } = cause;
    }

    private sealed class CompletedSimTask : SimTask
    {
        public CompletedSimTask() => _state = Succeeded;

        internal override void MoveNext() => throw new InvalidOperationException("A completed SimTask has nothing to resume.");
    }
}

/// <summary>The activation of one async method: its state machine, held inline.</summary>
internal sealed class SimTaskBox<TStateMachine> : SimTask
    where TStateMachine : IAsyncStateMachine
{
    public TStateMachine StateMachine = default!;

    internal override void MoveNext() => StateMachine.MoveNext();
}

/// <summary>Awaits a <see cref="SimTask"/> (a join).</summary>
public readonly struct SimTaskAwaiter : ICriticalNotifyCompletion, ISimAwaiter
{
    private readonly SimTask _task;

    internal SimTaskAwaiter(SimTask task) => _task = task;

    public bool IsCompleted => _task.IsCompleted;

    public void GetResult()
    {
        SimTask.TakeResumeReason(_task.Simulation);
        _task.GetResultCore();
    }

    void ISimAwaiter.Register(SimTask waiter)
    {
        Simulation sim = _task.Simulation ?? waiter.Simulation
            ?? throw new InvalidOperationException("A SimTask awaited a task that waits for nothing of a simulation.");
        if (waiter.BeginWait(sim))
        {
            _task.AddJoiner(waiter);
        }
    }

    public void OnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();

    public void UnsafeOnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();
}

/// <summary>What the simulation's awaiters do when an async SimTask method suspends on them.</summary>
internal interface ISimAwaiter
{
    /// <summary>Registers <paramref name="waiter"/> to be resumed when the awaited thing happens.</summary>
    void Register(SimTask waiter);

    static InvalidOperationException OutsideSimTask() =>
        new("The simulation's awaitables (Delay, events, resources, stores, SimTasks) can only be awaited inside an async SimTask method: a Task or ValueTask method would resume outside the simulated clock.");
}

/// <summary>Thrown at the <c>await</c> where an interrupted process waits (<see cref="SimTask.Interrupt"/>).</summary>
public sealed class InterruptedException : Exception
{
    public InterruptedException()
        : this(null)
    {
    }

    public InterruptedException(object? cause)
        : base(cause is null ? "The process was interrupted." : $"The process was interrupted: {cause}.")
        => Cause = cause;

    public InterruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What the interrupter passed (for a preemption, a <see cref="Preempted"/>).</summary>
    public object? Cause { get; }
}

/// <summary>A process failed and nobody awaited it: thrown by <see cref="Simulation.Run"/>, naming the process.</summary>
public sealed class SimProcessException : Exception
{
    public SimProcessException()
    {
    }

    public SimProcessException(string message)
        : base(message)
    {
    }

    public SimProcessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SimProcessException(string processName, SimTime time, Exception innerException)
        : base($"Process '{processName}' failed at {time}: {innerException?.GetType().Name}: {innerException?.Message}", innerException)
    {
        ProcessName = processName;
        Time = time;
    }

    /// <summary>The name of the process that failed.</summary>
    public string? ProcessName { get; }

    /// <summary>When it failed.</summary>
    public SimTime Time { get; }
}
