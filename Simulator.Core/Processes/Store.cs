using System.Runtime.CompilerServices;
using CpmSim.Core.Kernel;

namespace CpmSim.Core.Processes;

/// <summary>
/// A FIFO buffer of items between processes, as SimPy's <c>Store</c>: <c>await store.Put(item)</c>
/// waits while the store is full, <c>await store.Get()</c> while it is empty. Waiting processes are
/// served in the order they came; a process woken by a put or a get resumes at that time, after the
/// events already due then.
/// </summary>
public sealed class Store<T>
{
    private readonly Simulation _simulation;
    private readonly Queue<T> _items = new();
    private readonly Queue<(SimActivation Task, int Version)> _getters = new();
    private readonly Queue<(SimActivation Task, int Version, T Item)> _putters = new();

    // Items already given to woken getters, which take them when they resume (in the order woken).
    private readonly Queue<T> _handedOver = new();

    public Store(Simulation simulation, int capacity = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _simulation = simulation;
        Capacity = capacity;
    }

    public Simulation Simulation => _simulation;

    public int Capacity { get; }

    /// <summary>Items in the store now.</summary>
    public int Count => _items.Count;

    /// <summary>Puts <paramref name="item"/> in the store: await it (it waits while the store is full).</summary>
    public StorePut<T> Put(T item) => new(this, item);

    /// <summary>Takes the oldest item: await it (it waits while the store is empty).</summary>
    public StoreGet<T> Get() => new(this);

    /// <summary>Puts without waiting; false if the store is full (or processes wait to put before it).</summary>
    public bool TryPut(T item)
    {
        DropStale();
        if (_items.Count >= Capacity || _putters.Count != 0)
        {
            return false;
        }

        _items.Enqueue(item);
        Serve();
        return true;
    }

    /// <summary>Takes without waiting; false if no item is there for it.</summary>
    public bool TryGet(out T item)
    {
        DropStale();
        if (_items.Count != 0 && _getters.Count == 0)
        {
            item = _items.Dequeue();
            Serve();
            return true;
        }

        item = default!;
        return false;
    }

    internal void EnqueueGetter(SimActivation waiter)
    {
        if (waiter.BeginWait(_simulation))
        {
            _getters.Enqueue((waiter, waiter.WaitVersion));
        }
    }

    internal void EnqueuePutter(SimActivation waiter, T item)
    {
        if (waiter.BeginWait(_simulation))
        {
            _putters.Enqueue((waiter, waiter.WaitVersion, item));
        }
    }

    /// <summary>Drops, from the heads of the queues, processes that stopped waiting (interrupted).</summary>
    private void DropStale()
    {
        while (_getters.Count != 0 && !IsWaiting(_getters.Peek().Task, _getters.Peek().Version))
        {
            _getters.Dequeue();
        }

        while (_putters.Count != 0 && !IsWaiting(_putters.Peek().Task, _putters.Peek().Version))
        {
            _putters.Dequeue();
        }
    }

    internal T TakeHandedOver() => _handedOver.Dequeue();

    /// <summary>Moves items to waiting getters and waiting putters' items into the store, in order, while it can.</summary>
    private void Serve()
    {
        bool progress = true;
        while (progress)
        {
            progress = false;
            while (_items.Count != 0 && _getters.Count != 0)
            {
                (SimActivation task, int version) = _getters.Dequeue();
                if (IsWaiting(task, version))
                {
                    _handedOver.Enqueue(_items.Dequeue());
                    task.Wake(_simulation, null);
                    progress = true;
                }
            }

            while (_items.Count < Capacity && _putters.Count != 0)
            {
                (SimActivation task, int version, T item) = _putters.Dequeue();
                if (IsWaiting(task, version))
                {
                    _items.Enqueue(item);
                    task.Wake(_simulation, null);
                    progress = true;
                }
            }
        }
    }

    internal static bool IsWaiting(SimActivation task, int version) => task.WaitVersion == version && task.WaitState == SimActivation.Waiting;
}

/// <summary>Awaits <see cref="Store{T}.Put"/>.</summary>
public struct StorePut<T> : ICriticalNotifyCompletion, ISimAwaiter
{
    private readonly Store<T> _store;
    private readonly T _item;

    internal StorePut(Store<T> store, T item)
    {
        _store = store;
        _item = item;
    }

    public readonly StorePut<T> GetAwaiter() => this;

    public readonly bool IsCompleted => _store.TryPut(_item);

    public readonly void GetResult() => SimActivation.TakeResumeReason(_store.Simulation);

    readonly void ISimAwaiter.Register(SimActivation waiter) => _store.EnqueuePutter(waiter, _item);

    readonly Simulation ISimAwaiter.Simulation => _store.Simulation;

    public readonly void OnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();

    public readonly void UnsafeOnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();
}

/// <summary>Awaits <see cref="Store{T}.Get"/>: the item.</summary>
public struct StoreGet<T> : ICriticalNotifyCompletion, ISimAwaiter
{
    private readonly Store<T> _store;
    private bool _done;
    private T _item;

    internal StoreGet(Store<T> store)
    {
        _store = store;
        _done = false;
        _item = default!;
    }

    public readonly StoreGet<T> GetAwaiter() => this;

    public bool IsCompleted => _done = _store.TryGet(out _item);

    public readonly T GetResult()
    {
        if (_done)
        {
            return _item;
        }

        SimActivation.TakeResumeReason(_store.Simulation); // throws if interrupted (the getter has left the queue: its entry is stale)
        return _store.TakeHandedOver();
    }

    readonly void ISimAwaiter.Register(SimActivation waiter) => _store.EnqueueGetter(waiter);

    readonly Simulation ISimAwaiter.Simulation => _store.Simulation;

    public readonly void OnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();

    public readonly void UnsafeOnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();
}

/// <summary>
/// A level of something continuous or countable (fuel, tokens), as SimPy's <c>Container</c>:
/// <c>await container.Put(amount)</c> waits while it would overflow <see cref="Capacity"/>,
/// <c>await container.Get(amount)</c> while less than the amount is there. Waiting puts and gets are
/// served in the order they came (a waiting get blocks the gets behind it).
/// </summary>
public sealed class Container
{
    private readonly Simulation _simulation;
    private readonly Queue<(SimActivation Task, int Version, double Amount)> _getters = new();
    private readonly Queue<(SimActivation Task, int Version, double Amount)> _putters = new();

    public Container(Simulation simulation, double capacity = double.PositiveInfinity, double initial = 0)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        if (!(capacity > 0) || initial < 0 || initial > capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(initial), $"A container needs capacity > 0 and 0 ≤ initial level ≤ capacity (got capacity {capacity}, initial {initial}).");
        }

        _simulation = simulation;
        Capacity = capacity;
        Level = initial;
    }

    public Simulation Simulation => _simulation;

    public double Capacity { get; }

    /// <summary>The amount in the container now.</summary>
    public double Level { get; private set; }

    /// <summary>Adds <paramref name="amount"/>: await it (it waits while it would overflow).</summary>
    public ContainerOperation Put(double amount) => new(this, CheckAmount(amount), put: true);

    /// <summary>Takes <paramref name="amount"/>: await it (it waits until that much is there).</summary>
    public ContainerOperation Get(double amount) => new(this, CheckAmount(amount), put: false);

    private double CheckAmount(double amount)
    {
        if (!(amount > 0) || amount > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), $"A container's put or get takes an amount in (0, {Capacity}] (got {amount}).");
        }

        return amount;
    }

    internal bool TryNow(double amount, bool put)
    {
        while (_getters.Count != 0 && !Store<int>.IsWaiting(_getters.Peek().Task, _getters.Peek().Version))
        {
            _getters.Dequeue();
        }

        while (_putters.Count != 0 && !Store<int>.IsWaiting(_putters.Peek().Task, _putters.Peek().Version))
        {
            _putters.Dequeue();
        }

        if (put)
        {
            if (_putters.Count != 0 || Level + amount > Capacity)
            {
                return false;
            }

            Level += amount;
        }
        else
        {
            if (_getters.Count != 0 || Level < amount)
            {
                return false;
            }

            Level -= amount;
        }

        Serve();
        return true;
    }

    internal void Enqueue(SimActivation waiter, double amount, bool put)
    {
        if (waiter.BeginWait(_simulation))
        {
            (put ? _putters : _getters).Enqueue((waiter, waiter.WaitVersion, amount));
        }
    }

    private void Serve()
    {
        bool progress = true;
        while (progress)
        {
            progress = false;
            while (_getters.Count != 0)
            {
                (SimActivation task, int version, double amount) = _getters.Peek();
                if (!Store<int>.IsWaiting(task, version))
                {
                    _getters.Dequeue();
                    continue;
                }

                if (Level < amount)
                {
                    break;
                }

                _getters.Dequeue();
                Level -= amount;
                task.Wake(_simulation, null);
                progress = true;
            }

            while (_putters.Count != 0)
            {
                (SimActivation task, int version, double amount) = _putters.Peek();
                if (!Store<int>.IsWaiting(task, version))
                {
                    _putters.Dequeue();
                    continue;
                }

                if (Level + amount > Capacity)
                {
                    break;
                }

                _putters.Dequeue();
                Level += amount;
                task.Wake(_simulation, null);
                progress = true;
            }
        }
    }
}

/// <summary>Awaits a <see cref="Container"/>'s put or get.</summary>
public readonly struct ContainerOperation : ICriticalNotifyCompletion, ISimAwaiter
{
    private readonly Container _container;
    private readonly double _amount;
    private readonly bool _put;

    internal ContainerOperation(Container container, double amount, bool put)
    {
        _container = container;
        _amount = amount;
        _put = put;
    }

    public ContainerOperation GetAwaiter() => this;

    public bool IsCompleted => _container.TryNow(_amount, _put);

    public void GetResult() => SimActivation.TakeResumeReason(_container.Simulation);

    void ISimAwaiter.Register(SimActivation waiter) => _container.Enqueue(waiter, _amount, _put);

    Simulation ISimAwaiter.Simulation => _container.Simulation;

    public void OnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();

    public void UnsafeOnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();
}
