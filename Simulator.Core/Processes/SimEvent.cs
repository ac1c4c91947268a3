using System.Runtime.CompilerServices;
using CpmSim.Core.Kernel;

namespace CpmSim.Core.Processes;

/// <summary>
/// Something that happens once, which processes can wait for: code calls <see cref="Succeed"/> (with
/// a value) or <see cref="Fail"/> (with an exception). Every process waiting for it resumes at that
/// time, in the order they began to wait, after the events already due then; awaiting it returns the
/// value or throws the exception. Awaiting an event that has already happened continues at once.
/// Combine events with <see cref="SimulationProcesses.AnyOf"/> and <see cref="SimulationProcesses.AllOf"/>;
/// wait with a time-out with <see cref="Wait(SimTime)"/>.
/// </summary>
public class SimEvent : EventTarget
{
    private const byte Pending = 0;
    private const byte Succeeded = 1;
    private const byte Failed = 2;

    private byte _state;
    private object? _value;
    private Exception? _error;
    private List<(SimActivation Task, int Version)>? _waiters;
    private List<ConditionEvent>? _conditions;
    private EventHandle _scheduled;

    public SimEvent(Simulation simulation) => Simulation = simulation ?? throw new ArgumentNullException(nameof(simulation));

    public Simulation Simulation { get; }

    /// <summary>True once it succeeded or failed.</summary>
    public bool IsTriggered => _state != Pending;

    /// <summary>True once it succeeded.</summary>
    public bool IsSucceeded => _state == Succeeded;

    /// <summary>The value it succeeded with.</summary>
    public object? Value => _value;

    /// <summary>The exception it failed with.</summary>
    public Exception? Error => _error;

    /// <summary>Makes it succeed now with <paramref name="value"/>; waiting processes resume.</summary>
    public void Succeed(object? value = null)
    {
        CheckPending();
        _value = value;
        _state = Succeeded;
        Notify();
    }

    /// <summary>Makes it fail now: waiting processes resume and their <c>await</c> throws <paramref name="error"/>.</summary>
    public void Fail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        CheckPending();
        _error = error;
        _state = Failed;
        Notify();
    }

    /// <summary>Makes it succeed after <paramref name="delay"/> (unless it has been triggered by then).</summary>
    public void SucceedAfter(SimTime delay, object? value = null)
    {
        CheckPending();
        _scheduled = Simulation.Schedule(delay, this, value);
    }

    protected internal override void OnEvent(Simulation simulation, object? payload, long arg)
    {
        _scheduled = default;
        if (_state == Pending)
        {
            Succeed(payload);
        }
    }

    private void CheckPending()
    {
        if (_state != Pending)
        {
            throw new InvalidOperationException($"This event has already {(_state == Succeeded ? "succeeded" : "failed")}: an event happens once.");
        }
    }

    private void Notify()
    {
        if (_scheduled.IsValid)
        {
            Simulation.Cancel(_scheduled);
            _scheduled = default;
        }

        if (_waiters is { } waiters)
        {
            _waiters = null;
            foreach ((SimActivation task, int version) in waiters)
            {
                if (task.WaitVersion == version && task.WaitState == SimActivation.Waiting)
                {
                    task.Wake(Simulation, null);
                }
            }
        }

        if (_conditions is { } conditions)
        {
            _conditions = null;
            foreach (ConditionEvent condition in conditions)
            {
                condition.ChildTriggered(this);
            }
        }
    }

    internal void AddWaiter(SimActivation waiter) => (_waiters ??= []).Add((waiter, waiter.WaitVersion));

    internal void AddCondition(ConditionEvent condition) => (_conditions ??= []).Add(condition);

    internal object? GetResultCore()
    {
        if (_state == Failed)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_error!);
        }

        return _value;
    }

    /// <summary>For <c>await</c>: the value it succeeded with, or its exception thrown.</summary>
    public SimEventAwaiter GetAwaiter() => new(this);

    /// <summary>Waits for the event at most <paramref name="timeout"/>: true if it happened (a failure throws), false on time-out.</summary>
    public SimEventWait Wait(SimTime timeout)
    {
        if (timeout.Nanoseconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), $"Cannot wait with a negative time-out ({timeout}).");
        }

        return new SimEventWait(this, timeout);
    }
}

/// <summary>Awaits a <see cref="SimEvent"/>.</summary>
public readonly struct SimEventAwaiter : ICriticalNotifyCompletion, ISimAwaiter
{
    private readonly SimEvent _event;

    internal SimEventAwaiter(SimEvent e) => _event = e;

    public bool IsCompleted => _event.IsTriggered;

    public object? GetResult()
    {
        SimActivation.TakeResumeReason(_event.Simulation);
        return _event.GetResultCore();
    }

    Simulation ISimAwaiter.Simulation => _event.Simulation;

    void ISimAwaiter.Register(SimActivation waiter)
    {
        if (waiter.BeginWait(_event.Simulation))
        {
            _event.AddWaiter(waiter);
        }
    }

    public void OnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();

    public void UnsafeOnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();
}

/// <summary>What <see cref="SimEvent.Wait(SimTime)"/> returns: await it for true (happened) or false (timed out).</summary>
public readonly struct SimEventWait : ICriticalNotifyCompletion, ISimAwaiter
{
    private readonly SimEvent _event;
    private readonly SimTime _timeout;

    internal SimEventWait(SimEvent e, SimTime timeout)
    {
        _event = e;
        _timeout = timeout;
    }

    public SimEventWait GetAwaiter() => this;

    public bool IsCompleted => _event.IsTriggered;

    public bool GetResult()
    {
        if (SimActivation.TakeResumeReason(_event.Simulation) is SimActivation.TimedOut)
        {
            return false;
        }

        _event.GetResultCore();
        return true;
    }

    Simulation ISimAwaiter.Simulation => _event.Simulation;

    void ISimAwaiter.Register(SimActivation waiter)
    {
        Simulation sim = _event.Simulation;
        if (waiter.BeginWait(sim))
        {
            _event.AddWaiter(waiter);
            waiter.Timer = sim.Schedule(_timeout, waiter, SimActivation.TimedOut.Instance, waiter.WaitVersion);
        }
    }

    public void OnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();

    public void UnsafeOnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();
}

/// <summary>The event of <see cref="SimulationProcesses.AnyOf"/> and <see cref="SimulationProcesses.AllOf"/>.</summary>
internal sealed class ConditionEvent : SimEvent
{
    private readonly bool _all;
    private int _remaining;

    public ConditionEvent(Simulation simulation, SimEvent[] events, bool all)
        : base(simulation)
    {
        ArgumentNullException.ThrowIfNull(events);
        _all = all;
        _remaining = events.Length;
        if (events.Length == 0)
        {
            Succeed();
            return;
        }

        foreach (SimEvent e in events)
        {
            ArgumentNullException.ThrowIfNull(e);
            if (e.Simulation != simulation)
            {
                throw new ArgumentException("AnyOf/AllOf: every event must belong to the same simulation.", nameof(events));
            }
        }

        foreach (SimEvent e in events)
        {
            if (IsTriggered)
            {
                break;
            }

            if (e.IsTriggered)
            {
                ChildTriggered(e);
            }
            else
            {
                e.AddCondition(this);
            }
        }
    }

    public void ChildTriggered(SimEvent child)
    {
        if (IsTriggered)
        {
            return;
        }

        if (!child.IsSucceeded)
        {
            Fail(child.Error!);
        }
        else if (!_all)
        {
            Succeed(child);
        }
        else if (--_remaining == 0)
        {
            Succeed();
        }
    }
}
