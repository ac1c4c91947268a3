using System.Runtime.CompilerServices;
using CpmSim.Core.Kernel;

namespace CpmSim.Core.Processes;

/// <summary>
/// A place where one process waits for a value that code hands it with <see cref="Resume"/>: the
/// process resumes at once, inside the caller's event — no event of its own — so a script written as
/// a process acts exactly where a callback would (a node's handler of a message, a node's timer).
/// Reusable: once resumed it can be awaited again, so one signal serves a process's every wait in
/// turn and can be pooled with what it belongs to (a session's slot).
/// </summary>
/// <remarks>
/// Unlike a <see cref="SimEvent"/> (many waiters, one occurrence, waiters resumed by an event
/// scheduled now, as SimPy does), a signal has at most one waiter and resumes it directly. A value
/// given while nobody waits is kept, and the next <c>await</c> takes it without suspending.
/// An interrupt ends the wait as for any other awaitable (the registration becomes stale).
/// </remarks>
public sealed class SimSignal<T> : ICriticalNotifyCompletion, ISimAwaiter
{
    private readonly Simulation _simulation;
    private SimActivation? _waiter;
    private int _waiterVersion;
    private T _value = default!;
    private bool _pending;

    public SimSignal(Simulation simulation) => _simulation = simulation ?? throw new ArgumentNullException(nameof(simulation));

    public Simulation Simulation => _simulation;

    /// <summary>True while a process waits at the signal.</summary>
    public bool IsWaiting => _waiter is { } w && w.WaitVersion == _waiterVersion && w.WaitState == SimActivation.Waiting;

    /// <summary>True while a value given with <see cref="Resume"/> waits for the next <c>await</c>.</summary>
    public bool HasValue => _pending;

    /// <summary>
    /// Hands <paramref name="value"/> to the process waiting at the signal and runs it now, until its
    /// next wait (or its end), before returning: true. With nobody waiting, the value is kept for the
    /// next <c>await</c>: false. Throws if a value is kept already.
    /// </summary>
    public bool Resume(T value)
    {
        if (_pending)
        {
            throw new InvalidOperationException("This signal already holds a value nobody has taken: a signal carries one value at a time.");
        }

        _value = value;
        if (IsWaiting)
        {
            SimActivation waiter = _waiter!;
            _waiter = null;
            waiter.ResumeNow(_simulation);
            return true;
        }

        _waiter = null;
        _pending = true;
        return false;
    }

    /// <summary>Forgets a kept value and a stale waiter: the signal as new, for its next user.</summary>
    public void Reset()
    {
        _pending = false;
        _value = default!;
        _waiter = null;
    }

    /// <summary>For <c>await</c>: the value given with <see cref="Resume"/>.</summary>
    public SimSignal<T> GetAwaiter() => this;

    public bool IsCompleted => _pending;

    public T GetResult()
    {
        SimActivation.TakeResumeReason(_simulation);
        T value = _value;
        _value = default!;
        _pending = false;
        return value;
    }

    Simulation ISimAwaiter.Simulation => _simulation;

    void ISimAwaiter.Register(SimActivation waiter)
    {
        if (IsWaiting)
        {
            throw new InvalidOperationException("A second process awaited a signal another one waits at: a signal has one waiter.");
        }

        if (waiter.BeginWait(_simulation))
        {
            _waiter = waiter;
            _waiterVersion = waiter.WaitVersion;
        }
    }

    public void OnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();

    public void UnsafeOnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();
}
