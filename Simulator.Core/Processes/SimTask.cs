using System.Runtime.CompilerServices;
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
/// <para>
/// A struct, as <see cref="ValueTask"/> is: it refers to the method's activation with a version.
/// Activations are pooled — one whose method returned serves the next call of the same method — so a
/// model that starts a process per customer allocates nothing per customer. A <c>SimTask</c> kept
/// after its method returned stays valid: it sees the new version, and reports "completed,
/// successfully" (with its name) without touching the activation's next use. A process that was given
/// a name, or that failed, keeps its activation. <c>default(SimTask)</c> is a completed task.
/// </para>
/// </remarks>
[AsyncMethodBuilder(typeof(SimTaskMethodBuilder))]
public readonly struct SimTask : IEquatable<SimTask>
{
    private readonly SimActivation? _activation;
    private readonly int _version;

    // The process's number, for its name once the activation has moved on (0: not a process, or
    // not known; a process with a larger number keeps its activation).
    private readonly int _number;

    internal SimTask(SimActivation activation)
    {
        _activation = activation;
        _version = activation.Version;
        _number = (int)Math.Min(activation.Number, int.MaxValue);
    }

    /// <summary>The activation it refers to, whichever use of it is current (for tests of the pooling).</summary>
    internal SimActivation? Activation => _activation;

    /// <summary>The activation, while this use of it lasts; null once it has finished and moved on (or for <c>default</c>).</summary>
    internal SimActivation? Live => _activation is { } a && a.Version == _version ? a : null;

    /// <summary>The process's name (given to, or made by, <see cref="SimulationProcesses.Process(Simulation, Func{SimTask}, string?)"/>); null for a helper method's activation.</summary>
    public string? Name => Live is { } a ? a.Name : _number > 0 ? SimActivation.ProcessName(_number) : null;

    /// <summary>True once the method returned or threw.</summary>
    public bool IsCompleted => Live is not { } a || a.IsCompleted;

    /// <summary>True once the method threw.</summary>
    public bool IsFaulted => Live is { } a && a.IsFaulted;

    /// <summary>The exception the method threw, if it did.</summary>
    public Exception? Exception => Live?.Exception;

    /// <summary>A task that has already completed.</summary>
    public static SimTask CompletedTask => default;

    /// <summary>For <c>await</c>: waits until the method has finished (a join) and rethrows its exception.</summary>
    public SimTaskAwaiter GetAwaiter() => new(this);

    /// <summary>
    /// Interrupts the process where it waits: the <c>await</c> it is suspended at throws a
    /// <see cref="InterruptedException"/> carrying <paramref name="cause"/>, at the current time
    /// (through an event scheduled now, as SimPy does). What it waited for is abandoned: its timer is
    /// cancelled, its place in a queue given up. If the process is running, or already woken by what
    /// it waited for, the interrupt is delivered at its next wait. Throws if it has finished.
    /// </summary>
    public void Interrupt(object? cause = null)
    {
        if (Live is not { } activation)
        {
            throw SimActivation.AlreadyFinished(SimActivation.Describe(Name));
        }

        activation.Interrupt(cause);
    }

    public bool Equals(SimTask other) => _activation == other._activation && _version == other._version;

    public override bool Equals(object? obj) => obj is SimTask other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_activation, _version);

    public static bool operator ==(SimTask left, SimTask right) => left.Equals(right);

    public static bool operator !=(SimTask left, SimTask right) => !left.Equals(right);
}

/// <summary>Awaits a <see cref="SimTask"/> (a join).</summary>
public readonly struct SimTaskAwaiter : ICriticalNotifyCompletion, ISimAwaiter
{
    private readonly SimTask _task;

    // The simulation of the awaited activation, kept here: by the time the joiner resumes (say, from
    // an interrupt), the activation may have finished and moved on.
    private readonly Simulation? _simulation;

    internal SimTaskAwaiter(SimTask task)
    {
        _task = task;
        _simulation = task.Live?.Simulation;
    }

    public bool IsCompleted => _task.IsCompleted;

    public void GetResult()
    {
        SimActivation.TakeResumeReason(_simulation);
        _task.Live?.GetResultCore();
    }

    Simulation? ISimAwaiter.Simulation => _simulation;

    internal Simulation? Simulation => _simulation;

    void ISimAwaiter.Register(SimActivation waiter) => Register(waiter);

    internal void Register(SimActivation waiter)
    {
        Simulation sim = _simulation ?? waiter.Simulation
            ?? throw new InvalidOperationException("A SimTask awaited a task that waits for nothing of a simulation.");
        if (waiter.BeginWait(sim))
        {
            _task.Live!.AddJoiner(waiter);
        }
    }

    public void OnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();

    public void UnsafeOnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();
}
