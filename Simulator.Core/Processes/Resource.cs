using System.Runtime.CompilerServices;
using CpmSim.Core.Kernel;

namespace CpmSim.Core.Processes;

/// <summary>How a <see cref="Resource"/> orders the processes waiting for it.</summary>
public enum ResourceQueueing
{
    /// <summary>First come, first served (SimPy's <c>Resource</c>).</summary>
    Fifo,

    /// <summary>Lowest priority number first, FIFO among equals (SimPy's <c>PriorityResource</c>).</summary>
    Priority,

    /// <summary>
    /// As <see cref="Priority"/>, and a request may preempt a user of a higher priority number, which
    /// is interrupted with a <see cref="Preempted"/> cause (SimPy's <c>PreemptiveResource</c>).
    /// </summary>
    PreemptivePriority,
}

/// <summary>The cause of the interrupt a preempted user of a <see cref="Resource"/> receives.</summary>
/// <param name="By">The process whose request preempted it (null if unknown).</param>
/// <param name="UsageSince">When the preempted user had got the resource.</param>
public sealed record Preempted(SimTask? By, SimTime UsageSince);

/// <summary>
/// A resource with <see cref="Capacity"/> identical units, as in SimPy and SimSharp: a process
/// <c>await</c>s <see cref="Request(int, bool)"/> and gets a <see cref="ResourceHandle"/> to dispose
/// of (<c>using var unit = await resource.Request();</c>) when it is done with the unit. While no unit
/// is free, requests wait in FIFO or priority order; a released unit goes straight to the first
/// waiting request, whose process resumes at that time (after the events already due then). A
/// request granted on the spot continues without an event. Requests, waiting and releasing allocate
/// nothing.
/// </summary>
public sealed class Resource
{
    private readonly Simulation _simulation;
    private readonly ResourceQueueing _queueing;

    // The units: who holds each (for preemption), with what priority, since when, and a generation
    // that a handle must match (a handle released twice, or after a preemption, does nothing).
    private readonly Holder[] _holders;
    private readonly int[] _generation;
    private readonly int[] _free;
    private int _freeCount;

    // Waiting requests: a ring (FIFO) or a binary heap on (priority, sequence).
    private Waiter[] _waiting = new Waiter[16];
    private int _head;
    private int _count;
    private long _sequence;

    public Resource(Simulation simulation, int capacity, ResourceQueueing queueing = ResourceQueueing.Fifo, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _simulation = simulation;
        _queueing = queueing;
        Name = name ?? "resource";
        _holders = new Holder[capacity];
        _generation = new int[capacity];
        _free = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _free[i] = capacity - 1 - i; // unit 0 first
        }

        _freeCount = capacity;
    }

    public string Name { get; }

    public Simulation Simulation => _simulation;

    /// <summary>The number of units.</summary>
    public int Capacity => _free.Length;

    /// <summary>Units in use now.</summary>
    public int InUse => _free.Length - _freeCount;

    /// <summary>Requests waiting now.</summary>
    public int QueueLength => _count;

    public ResourceQueueing Queueing => _queueing;

    /// <summary>
    /// Requests a unit: await it for the handle (dispose of the handle to release the unit).
    /// <paramref name="priority"/>: lower is served first (ignored by a FIFO resource);
    /// <paramref name="preempt"/>: whether the request may preempt (only for
    /// <see cref="ResourceQueueing.PreemptivePriority"/>).
    /// </summary>
    public ResourceRequest Request(int priority = 0, bool preempt = true) => new(this, priority, preempt, -1);

    /// <summary>
    /// Requests a unit, waiting at most <paramref name="timeout"/>: the handle's
    /// <see cref="ResourceHandle.IsGranted"/> is false if the time ran out first (the request has then
    /// left the queue; disposing of such a handle does nothing). SimPy's
    /// <c>yield req | env.timeout(patience)</c>, for a customer who reneges.
    /// </summary>
    public ResourceRequest Request(SimTime timeout, int priority = 0)
    {
        if (timeout.Nanoseconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), $"Cannot wait for {Name} with a negative time-out ({timeout}).");
        }

        return new ResourceRequest(this, priority, preempt: true, timeout.Nanoseconds);
    }

    /// <summary>A unit for a request, on the spot, if one is free and nobody waits (never for a preemptive resource: its holders must be known processes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryAcquire(out ResourceHandle handle)
    {
        if (_freeCount != 0 && _count == 0 && _queueing != ResourceQueueing.PreemptivePriority)
        {
            int unit = _free[--_freeCount];
            // No holder recorded: only a preemptive resource needs to know it, and it never takes this path.
            handle = new ResourceHandle(this, unit, _generation[unit]);
            return true;
        }

        handle = default;
        return false;
    }

    internal void Enqueue(SimActivation waiter, int priority, bool preempt, long timeoutNs)
    {
        if (!waiter.BeginWait(_simulation))
        {
            return;
        }

        var w = new Waiter(waiter, waiter.WaitVersion, priority, ++_sequence);
        if (_queueing == ResourceQueueing.Fifo)
        {
            PushRing(w);
        }
        else
        {
            PushHeap(w);
        }

        if (timeoutNs >= 0)
        {
            waiter.Timer = _simulation.Schedule(new SimTime(timeoutNs), waiter, SimActivation.TimedOut.Instance, waiter.WaitVersion);
        }

        if (_freeCount == 0 && preempt && _queueing == ResourceQueueing.PreemptivePriority)
        {
            TryPreempt(waiter, priority);
        }

        GrantWaiting();
    }

    private void TryPreempt(SimActivation by, int priority)
    {
        // The user with the highest priority number, the latest among equals (SimPy's choice).
        int victim = -1;
        for (int unit = 0; unit < _holders.Length; unit++)
        {
            ref Holder h = ref _holders[unit];
            if (victim < 0 || h.Priority > _holders[victim].Priority
                || (h.Priority == _holders[victim].Priority && h.Since > _holders[victim].Since))
            {
                victim = unit;
            }
        }

        if (victim < 0 || _holders[victim].Priority <= priority)
        {
            return;
        }

        (SimActivation? holder, int version, _, long since) = _holders[victim];
        bool sameUse = holder is not null && holder.Version == version;
        var cause = new Preempted(new SimTask(by), new SimTime(since));
        FreeUnit(victim);
        if (sameUse && !holder!.IsCompleted)
        {
            holder.Interrupt(cause);
        }
    }

    private void SetHolder(int unit, SimActivation? holder, int priority)
    {
        _holders[unit] = new Holder(holder, holder?.Version ?? 0, priority, _simulation.Now.Nanoseconds);
    }

    /// <summary>Releases the unit of a handle: the first waiting request gets it.</summary>
    internal void Release(int unit, int generation)
    {
        if ((uint)unit >= (uint)_generation.Length || _generation[unit] != generation)
        {
            return; // released already, or preempted
        }

        FreeUnit(unit);
        if (_count != 0)
        {
            GrantWaiting();
        }
    }

    private void FreeUnit(int unit)
    {
        _generation[unit]++;
        _holders[unit].Task = null;
        _free[_freeCount++] = unit;
    }

    private void GrantWaiting()
    {
        while (_freeCount != 0 && _count != 0)
        {
            Waiter w = _queueing == ResourceQueueing.Fifo ? PopRing() : PopHeap();
            SimActivation task = w.Task;
            if (task.WaitVersion != w.Version || task.WaitState != SimActivation.Waiting)
            {
                continue; // gave up meanwhile
            }

            int unit = _free[--_freeCount];
            if (_queueing == ResourceQueueing.PreemptivePriority)
            {
                SetHolder(unit, task, w.Priority);
            }
            task.Handoff = (uint)unit | ((long)_generation[unit] << 32);
            task.Wake(_simulation, null);
        }
    }

    /// <summary>Takes a request that timed out or was interrupted out of the queue.</summary>
    internal void Remove(SimActivation waiter)
    {
        for (int i = 0; i < _count; i++)
        {
            int index = _queueing == ResourceQueueing.Fifo ? (_head + i) & (_waiting.Length - 1) : i;
            if (_waiting[index].Task != waiter)
            {
                continue;
            }

            if (_queueing == ResourceQueueing.Fifo)
            {
                for (int j = i; j < _count - 1; j++)
                {
                    _waiting[(_head + j) & (_waiting.Length - 1)] = _waiting[(_head + j + 1) & (_waiting.Length - 1)];
                }

                _waiting[(_head + _count - 1) & (_waiting.Length - 1)] = default;
                _count--;
            }
            else
            {
                Waiter last = _waiting[--_count];
                _waiting[_count] = default;
                if (i < _count)
                {
                    _waiting[i] = last;
                    SiftDown(i);
                    SiftUp(i);
                }
            }

            return;
        }
    }

    internal ResourceHandle HandleFromHandoff(long handoff) => new(this, (int)(uint)handoff, (int)(handoff >> 32));

    private void Grow()
    {
        var grown = new Waiter[_waiting.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            grown[i] = _waiting[_queueing == ResourceQueueing.Fifo ? (_head + i) & (_waiting.Length - 1) : i];
        }

        _waiting = grown;
        _head = 0;
    }

    private void PushRing(in Waiter w)
    {
        if (_count == _waiting.Length)
        {
            Grow();
        }

        _waiting[(_head + _count) & (_waiting.Length - 1)] = w;
        _count++;
    }

    private Waiter PopRing()
    {
        Waiter w = _waiting[_head];
        _waiting[_head] = default;
        _head = (_head + 1) & (_waiting.Length - 1);
        _count--;
        return w;
    }

    private void PushHeap(in Waiter w)
    {
        if (_count == _waiting.Length)
        {
            Grow();
        }

        _waiting[_count] = w;
        SiftUp(_count++);
    }

    private Waiter PopHeap()
    {
        Waiter top = _waiting[0];
        _waiting[0] = _waiting[--_count];
        _waiting[_count] = default;
        if (_count > 0)
        {
            SiftDown(0);
        }

        return top;
    }

    private void SiftUp(int i)
    {
        Waiter w = _waiting[i];
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Before(w, _waiting[parent]))
            {
                break;
            }

            _waiting[i] = _waiting[parent];
            i = parent;
        }

        _waiting[i] = w;
    }

    private void SiftDown(int i)
    {
        Waiter w = _waiting[i];
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && Before(_waiting[child + 1], _waiting[child]))
            {
                child++;
            }

            if (!Before(_waiting[child], w))
            {
                break;
            }

            _waiting[i] = _waiting[child];
            i = child;
        }

        _waiting[i] = w;
    }

    private static bool Before(in Waiter a, in Waiter b) => a.Priority < b.Priority || (a.Priority == b.Priority && a.Sequence < b.Sequence);

    private readonly record struct Waiter(SimActivation Task, int Version, int Priority, long Sequence);

    /// <summary>Who holds a unit (for preemption): the activation and which use of it, with what priority, since when. A struct array: no covariance check on a store.</summary>
    private record struct Holder(SimActivation? Task, int Version, int Priority, long Since);
}

/// <summary>
/// A request for a unit of a <see cref="Resource"/>: await it (once) for the <see cref="ResourceHandle"/>.
/// </summary>
public struct ResourceRequest : ICriticalNotifyCompletion, ISimAwaiter
{
    private readonly Resource _resource;
    private readonly int _priority;
    private readonly bool _preempt;
    private readonly long _timeoutNs;
    private ResourceHandle _granted;

    internal ResourceRequest(Resource resource, int priority, bool preempt, long timeoutNs)
    {
        _resource = resource;
        _priority = priority;
        _preempt = preempt;
        _timeoutNs = timeoutNs;
        _granted = default;
    }

    public readonly ResourceRequest GetAwaiter() => this;

    /// <summary>True when a unit was free: it is taken now, and the process continues without waiting.</summary>
    public bool IsCompleted => _resource.TryAcquire(out _granted);

    public readonly ResourceHandle GetResult()
    {
        if (_granted.IsGranted)
        {
            return _granted;
        }

        Simulation sim = _resource.Simulation;
        SimActivation active = sim.ActiveTask!;
        if (active.ResumedBy is not null)
        {
            // Timed out or interrupted: leave the queue (throws for an interrupt).
            _resource.Remove(active);
            SimActivation.TakeResumeReason(sim);
            return default;
        }

        return _resource.HandleFromHandoff(active.Handoff);
    }

    internal readonly void Register(SimActivation waiter) => _resource.Enqueue(waiter, _priority, _preempt, _timeoutNs);

    readonly void ISimAwaiter.Register(SimActivation waiter) => Register(waiter);

    readonly Simulation ISimAwaiter.Simulation => _resource.Simulation;

    internal readonly Simulation Simulation => _resource.Simulation;

    public readonly void OnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();

    public readonly void UnsafeOnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();
}

/// <summary>
/// A unit of a <see cref="Resource"/> held by a process: dispose of it (<c>using</c>) to release the
/// unit. Releasing twice, or after the unit was preempted, does nothing.
/// </summary>
public readonly struct ResourceHandle : IDisposable, IEquatable<ResourceHandle>
{
    private readonly Resource? _resource;
    private readonly int _unit;
    private readonly int _generation;

    internal ResourceHandle(Resource resource, int unit, int generation)
    {
        _resource = resource;
        _unit = unit;
        _generation = generation;
    }

    /// <summary>False for a request that timed out (<see cref="Resource.Request(SimTime, int)"/>).</summary>
    public bool IsGranted => _resource is not null;

    /// <summary>Which unit (0 to capacity − 1).</summary>
    public int Unit => _unit;

    /// <summary>Releases the unit.</summary>
    public void Dispose() => _resource?.Release(_unit, _generation);

    public bool Equals(ResourceHandle other) => _resource == other._resource && _unit == other._unit && _generation == other._generation;

    public override bool Equals(object? obj) => obj is ResourceHandle other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_resource, _unit, _generation);

    public static bool operator ==(ResourceHandle left, ResourceHandle right) => left.Equals(right);

    public static bool operator !=(ResourceHandle left, ResourceHandle right) => !left.Equals(right);
}
