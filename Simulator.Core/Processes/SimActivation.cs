using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using CpmSim.Core.Kernel;

namespace CpmSim.Core.Processes;

/// <summary>
/// The activation of an <c>async SimTask</c> method once it has suspended: its state machine (in a
/// <see cref="SimTaskBox{TStateMachine}"/>), how it waits, and how it ended. It is the kernel event's
/// target itself (a resume is an event with the wait's version as its argument: no closure), and the
/// queues of resources, stores and events hold it with that version. The public face is the
/// <see cref="SimTask"/> struct, which holds the activation and its <see cref="Version"/>.
/// </summary>
/// <remarks>
/// Pooled: when its method has returned and it was not given a name, the activation goes back to its
/// simulation's pool (<see cref="ActivationPool"/>) and serves the next call of the same method. Its
/// <see cref="Version"/> changes then, so a <see cref="SimTask"/> kept from before tells that it has
/// finished (successfully: a failed activation is never reused) and touches nothing of the new one;
/// its <see cref="WaitVersion"/> keeps counting, so a registration made in its former life (a timer,
/// a queue entry) stays stale.
/// </remarks>
internal abstract class SimActivation : EventTarget
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
    private bool _keep; // never reused: a SimTask kept from before could not tell its name
    private ExceptionDispatchInfo? _error;

    // A process's name: given, or made from its number when first asked for (a string per process
    // would cost more than the rest of starting it).
    private string? _name;
    private long _number;

    // Joiners: one inline (the common case), more in a list.
    private SimActivation? _joiner;
    private int _joinerVersion;
    private List<(SimActivation Task, int Version)>? _moreJoiners;

    /// <summary>Which use of this (pooled) object: a <see cref="SimTask"/> is valid while its version matches.</summary>
    internal int Version;

    /// <summary>
    /// Incremented whenever the activation stops waiting: a registration (a timer, a queue entry) made
    /// for an older wait is stale and ignored. Events that resume it carry the version they were made for.
    /// Never reset, also not when the activation is reused.
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

    /// <summary>The simulation it runs on (known once it has waited for something, or was started as a process).</summary>
    internal Simulation? Simulation;

    /// <summary>The process's name (given, or <c>process N</c>); null for a helper method's activation.</summary>
    public string? Name => _name ??= _isProcess ? ProcessName(_number) : null;

    /// <summary>The process's number (0 for a helper method's activation).</summary>
    internal long Number => _number;

    /// <summary>True once the method returned or threw.</summary>
    public bool IsCompleted => _state != Pending;

    /// <summary>True once the method threw.</summary>
    public bool IsFaulted => _state == Faulted;

    /// <summary>The exception the method threw, if it did.</summary>
    public Exception? Exception => _error?.SourceException;

    internal static string ProcessName(long number) => $"process {number}";

    /// <summary>See <see cref="SimTask.Interrupt"/>.</summary>
    public void Interrupt(object? cause)
    {
        if (IsCompleted)
        {
            throw AlreadyFinished(Describe());
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

    internal static InvalidOperationException AlreadyFinished(string what) => new($"Cannot interrupt {what}: it has already finished.");

    internal string Describe() => Describe(Name);

    internal static string Describe(string? name) => name is not null ? $"process '{name}'" : "a SimTask";

    internal void MarkProcess(Simulation simulation, string? name, long number)
    {
        _isProcess = true;
        if (name is not null)
        {
            _name = name; // null already (new, or reset): no store, no GC write barrier
        }
        _number = number;
        _keep = name is not null || number > int.MaxValue;
        Simulation ??= simulation;
    }

    internal abstract void MoveNext();

    /// <summary>Returns a finished activation to its pool (if it has one).</summary>
    private protected virtual void Recycle()
    {
    }

    /// <summary>Clears what the finished activation knew, for its next use (its <see cref="WaitVersion"/> runs on).</summary>
    private protected void Reset()
    {
        Version++;
        WaitVersion++;
        _state = Pending;
        _observed = false;
        _isProcess = false;
        _name = null;
        _number = 0;
        WaitState = Running;
        ResumedBy = null;
        Timer = default;
        PendingInterrupt = null;
        Handoff = 0;
        // Simulation stays: the pool is the simulation's, and the next use is in the same one.
    }

    /// <summary>A new process: its first step runs from an event scheduled now.</summary>
    internal void ScheduleStart(Simulation simulation)
    {
        if (Simulation != simulation)
        {
            Simulation = simulation; // a pooled activation knows its simulation already: no store
        }

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
        if (by != ResumedBy)
        {
            ResumedBy = by; // usually null, and null already (a write here would cost a GC write barrier)
        }

        SimActivation? previous = simulation.ActiveTask;
        simulation.ActiveTask = this;
        try
        {
            MoveNext();
        }
        finally
        {
            if (previous is null)
            {
                simulation.ActiveTask = null; // the usual case (resumed from the kernel): a store without a GC write barrier
            }
            else
            {
                simulation.ActiveTask = previous; // a join, resumed inside the joined activation's last step
            }
        }

        // Returned (its joiners have run, inside MoveNext): nothing refers to this use of it any more
        // but SimTasks, which tell by the version. A failure keeps it, for its exception.
        if (_state == Succeeded && !_keep)
        {
            Recycle();
        }
    }

    /// <summary>
    /// Called by every awaiter's GetResult: what ended the wait of the activation running now. Throws
    /// the interrupt if it was one; returns <see cref="TimedOut"/> for a time-out, null otherwise.
    /// </summary>
    internal static object? TakeResumeReason(Simulation? simulation)
    {
        SimActivation? active = simulation?.ActiveTask;
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

    internal void AddJoiner(SimActivation waiter)
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
            foreach ((SimActivation task, int version) in more)
            {
                resumedAny |= ResumeJoiner(task, version);
            }
        }

        if (error is not null && !resumedAny && _isProcess && !_observed && Simulation is { } sim)
        {
            throw new SimProcessException(Name!, sim.Now, error);
        }
    }

    private bool ResumeJoiner(SimActivation joiner, int version)
    {
        if (joiner.WaitVersion != version || joiner.WaitState != Waiting)
        {
            return false; // interrupted meanwhile
        }

        joiner.ResumeNow(Simulation ?? joiner.Simulation!);
        return true;
    }

    internal static SimActivation FromException(Exception error)
    {
        var task = new FailedAtStart();
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

    /// <summary>A method that threw before it first suspended: only its exception.</summary>
    private sealed class FailedAtStart : SimActivation
    {
        internal override void MoveNext() => throw new InvalidOperationException("A completed SimTask has nothing to resume.");
    }
}

/// <summary>The activation of one async method: its state machine, held inline; pooled per simulation and method.</summary>
internal sealed class SimTaskBox<TStateMachine> : SimActivation
    where TStateMachine : IAsyncStateMachine
{
    private static readonly int s_poolIndex = ActivationPool.NewMethodIndex();

    public TStateMachine StateMachine = default!;

    internal override void MoveNext() => StateMachine.MoveNext();

    /// <summary>A finished activation of this method from <paramref name="simulation"/>'s pool, or a new one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static SimTaskBox<TStateMachine> Rent(Simulation? simulation) =>
        simulation?.Activations?.Take(s_poolIndex) is { } pooled
            ? Unsafe.As<SimTaskBox<TStateMachine>>(pooled) // the stack of this index holds only this type
            : new SimTaskBox<TStateMachine>();

    private protected override void Recycle()
    {
        if (Simulation is { } simulation)
        {
            Reset();
            (simulation.Activations ??= new ActivationPool()).Return(s_poolIndex, this);
        }
    }
}

/// <summary>What the simulation's awaiters do when an async SimTask method suspends on them.</summary>
internal interface ISimAwaiter
{
    /// <summary>Registers <paramref name="waiter"/> to be resumed when the awaited thing happens.</summary>
    void Register(SimActivation waiter);

    /// <summary>The simulation of what is awaited (null if not known): where the waiter's activation is pooled.</summary>
    Simulation? Simulation { get; }

    static InvalidOperationException OutsideSimTask() =>
        new("The simulation's awaitables (Delay, events, resources, stores, SimTasks) can only be awaited inside an async SimTask method: a Task or ValueTask method would resume outside the simulated clock.");
}

