namespace CpmSim.Core.Kernel;

/// <summary>
/// Time-outs of one fixed delay for one target, for time-outs that are nearly always stopped before
/// they fire (protocol guards such as SIP Timer B and F: set on every request, stopped by its answer).
/// Starting one appends it to a FIFO — one delay, so deadlines come in the order the time-outs were
/// started — and stopping one costs nothing here: its owner forgets its sequence number, and the
/// queue asks the owner (its <see cref="StandsCheck"/>) when the time-out reaches the front. Only the queue's
/// first time-out is in the pending-event set; when it comes due stopped, the kernel neither fires
/// nor counts it (as a cancelled event), and the queue puts its next standing time-out there.
/// <para>
/// Each time-out takes its place in the run's <c>(time, sequence)</c> order when it is started, as
/// <see cref="Simulation.Schedule(SimTime, EventTarget, object?, long)"/> would give it: a time-out that
/// fires does so exactly where a timer scheduled at its start would have, with the same target and
/// argument, so runs (and their fingerprints) are the same as with one kernel timer per time-out. What
/// it saves is a pending-set insertion, a cancel and a sweep per time-out.
/// </para>
/// </summary>
public sealed class TimerQueue : EventTarget
{
    private readonly Simulation _simulation;
    private readonly EventTarget _target;
    private readonly StandsCheck _stands;
    private Entry[] _items = new Entry[16];
    private int _head;
    private int _count;
    private long _armed; // the sequence of the time-out in the pending-event set (0: none)

    /// <summary>Whether the time-out started with <paramref name="arg"/> and numbered <paramref name="sequence"/> still stands (was not stopped).</summary>
    public delegate bool StandsCheck(long arg, long sequence);

    /// <param name="simulation">The simulation the time-outs fire in.</param>
    /// <param name="delay">The delay of every time-out of this queue.</param>
    /// <param name="target">Receives each time-out that fires, as an event with its argument.</param>
    /// <param name="stands">Tells whether a time-out still stands; asked only when it reaches the front (and when the queue compacts itself).</param>
    public TimerQueue(Simulation simulation, SimTime delay, EventTarget target, StandsCheck stands)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(stands);
        if (delay.Nanoseconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), $"A time-out's delay cannot be negative ({delay}).");
        }

        _simulation = simulation;
        Delay = delay;
        _target = target;
        _stands = stands;
        ChecksBeforeFiring = true;
    }

    /// <summary>The delay of every time-out of this queue.</summary>
    public SimTime Delay { get; }

    /// <summary>Time-outs held: the standing ones and stopped ones not yet dropped.</summary>
    public int Count => _count;

    /// <summary>
    /// Starts a time-out: after <see cref="Delay"/>, unless it was stopped by then, the target's event
    /// fires with <paramref name="arg"/>. Returns its sequence number, which the owner keeps to tell
    /// (in its <see cref="StandsCheck"/>) that this time-out still stands; forgetting it stops it.
    /// </summary>
    public long Start(long arg)
    {
        long now = _simulation.Now.Nanoseconds;
        long deadline = Delay.Nanoseconds > long.MaxValue - now ? long.MaxValue : now + Delay.Nanoseconds;
        long sequence = _simulation.ReserveSequence();
        if (_count == _items.Length)
        {
            MakeRoom();
        }

        _items[(_head + _count++) & (_items.Length - 1)] = new Entry(deadline, sequence, arg);
        if (_armed == 0)
        {
            Arm(in _items[(_head + _count - 1) & (_items.Length - 1)]);
        }

        return sequence;
    }

    protected internal override string FingerprintName => _target.FingerprintName;

    protected internal override long FingerprintOf(Fingerprint fingerprint, object? payload, long arg) => _target.FingerprintOf(fingerprint, payload, arg);

    /// <summary>The first time-out came due: does it stand? If not, it is dropped and the next standing one goes into the pending set.</summary>
    internal override bool StillDue(long arg, long sequence)
    {
        ref Entry first = ref _items[_head];
        if (_stands(first.Arg, first.Sequence))
        {
            return true;
        }

        TakeFirstAndArmNext();
        return false;
    }

    /// <summary>The first time-out fires: the next standing one goes into the pending set, then the target gets this one.</summary>
    protected internal override void OnEvent(Simulation simulation, object? payload, long arg)
    {
        TakeFirstAndArmNext();
        _target.OnEvent(simulation, payload, arg);
    }

    private void TakeFirstAndArmNext()
    {
        _armed = 0;
        Drop();
        while (_count > 0)
        {
            ref Entry next = ref _items[_head];
            if (_stands(next.Arg, next.Sequence))
            {
                Arm(in next);
                return;
            }

            Drop();
        }
    }

    private void Drop()
    {
        _items[_head] = default;
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
    }

    private void Arm(in Entry entry)
    {
        _armed = entry.Sequence;
        _simulation.ScheduleReserved(entry.Deadline, entry.Sequence, this, entry.Arg);
    }

    /// <summary>
    /// The ring is full: stopped time-outs are dropped (the first stays, it is in the pending set); if
    /// that frees less than half, the ring doubles. Each time-out is looked at a bounded number of times.
    /// </summary>
    private void MakeRoom()
    {
        int mask = _items.Length - 1;
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            Entry e = _items[(_head + i) & mask];
            if (i == 0 || _stands(e.Arg, e.Sequence))
            {
                _items[(_head + kept++) & mask] = e;
            }
        }

        for (int i = kept; i < _count; i++)
        {
            _items[(_head + i) & mask] = default;
        }

        _count = kept;
        if (_count > _items.Length / 2)
        {
            var grown = new Entry[_items.Length * 2];
            for (int i = 0; i < _count; i++)
            {
                grown[i] = _items[(_head + i) & mask];
            }

            _items = grown;
            _head = 0;
        }
    }

    private readonly record struct Entry(long Deadline, long Sequence, long Arg);
}
