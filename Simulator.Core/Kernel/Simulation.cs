using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using CpmSim.Core.Random;

namespace CpmSim.Core.Kernel;

/// <summary>
/// One discrete-event simulation: the virtual clock, the pending events and the random streams.
/// An instance, never global state: two simulations in one process do not interact.
/// Events fire in ascending <c>(time, insertion sequence)</c> order, so a run is deterministic.
/// </summary>
public sealed class Simulation
{
    private readonly IPendingEventSet _pending;
    private readonly RadixHeap? _radix; // the built-in sets are called directly (devirtualised) on the hot path
    private readonly DaryHeap? _heap;
    private EventSlots _slots = new(1024);
    private readonly EntryRing _window = new(16); // the look-ahead window
    private readonly DelayLanes _lanes = new();
    // Events taken ahead of time (their slots are prefetched as they join the window), and how far
    // ahead of its turn an event's payload is prefetched. Tuned on the scale-1m scenario: 8 and 2
    // gave ~20% over no look-ahead; 16 was slower again. Only while many events are pending: a small
    // set lives in the cache anyway, and there a window only sorts new events into itself (the
    // M/M/c model lost a third of its speed with it).
    private const int Lookahead = 8;
    private const int PayloadAhead = 2;
    private const int LookaheadFrom = 16_384;

    // Delay lanes pay off once the set outgrows the first cache level; below, a probe of the delay
    // cache per event is all they would add.
    private const int LanesFrom = 2_048;
    private int _cancelled; // cancelled events still in the pending set
    private long _now;
    private long _sequence;
    private long _currentSequence;
    private long _eventsProcessed;
    private bool _stopRequested;

    /// <summary>The process (async <c>SimTask</c> method) running now, if any: set while it runs.</summary>
    internal Processes.SimActivation? ActiveTask;

    /// <summary>Processes started so far, for their default names.</summary>
    internal long ProcessesStarted;

    /// <summary>Finished process activations, for reuse (made at the first).</summary>
    internal Processes.ActivationPool? Activations;

    /// <param name="seed">The master seed of the run.</param>
    /// <param name="runIndex">The replication index: same seed, other index ⇒ independent streams.</param>
    /// <param name="pendingEventSet">The future-event set; a <see cref="RadixHeap"/> when omitted.</param>
    public Simulation(ulong seed = 1, int runIndex = 0, IPendingEventSet? pendingEventSet = null)
    {
        _pending = pendingEventSet ?? new RadixHeap();
        _radix = _pending as RadixHeap;
        _heap = _pending as DaryHeap;
        Random = new RandomStreams(seed, runIndex);
    }

    /// <summary>The current virtual time.</summary>
    public SimTime Now => new(_now);

    /// <summary>The insertion number of the event being handled (events scheduled later have larger numbers).</summary>
    internal long CurrentSequence => _currentSequence;

    /// <summary>The insertion number of the last event scheduled.</summary>
    internal long LastSequence => _sequence;

    /// <summary>Events fired so far (cancelled events are not counted).</summary>
    public long EventsProcessed => _eventsProcessed;

    /// <summary>Events scheduled and neither fired nor cancelled (a TimerQueue counts its first time-out, stopped or not, until it comes due).</summary>
    public int PendingCount => _pending.Count + _lanes.Count + _window.Count - _cancelled;

    /// <summary>FIFO lanes made for recurring delays (see <see cref="DelayLanes"/>): for reports and tests.</summary>
    public int DelayLaneCount => _lanes.LaneCount;

    /// <summary>
    /// The run's fingerprint, folded in as each event fires (see <see cref="Kernel.Fingerprint"/>); null (default):
    /// none, at the cost of one test per event. Set it before the run.
    /// </summary>
    public Fingerprint? Fingerprint { get; set; }

    /// <summary>Name of the pending-event set in use.</summary>
    public string PendingEventSetName => _pending.Name;

    /// <summary>The run's random streams, one per entity name.</summary>
    public RandomStreams Random { get; }

    /// <summary>
    /// Schedules <paramref name="target"/>.<see cref="EventTarget.OnEvent"/> after <paramref name="delay"/>.
    /// A delay that would carry the event past the end of the clock (<see cref="SimTime.MaxValue"/>,
    /// about 292 years) saturates: the event falls due at <see cref="SimTime.MaxValue"/>, after every
    /// event the clock can place, in the order such events were scheduled.
    /// </summary>
    public EventHandle Schedule(SimTime delay, EventTarget target, object? payload = null, long arg = 0)
    {
        if (delay.Nanoseconds < 0)
        {
            ThrowNegativeDelay(delay);
        }

        long time = delay.Nanoseconds > long.MaxValue - _now ? long.MaxValue : _now + delay.Nanoseconds;
        return Enqueue(time, target, payload, arg);
    }

    /// <summary>Schedules at an absolute time, which must not lie before <see cref="Now"/>.</summary>
    public EventHandle ScheduleAt(SimTime time, EventTarget target, object? payload = null, long arg = 0)
    {
        if (time.Nanoseconds < _now)
        {
            ThrowInThePast(time);
        }

        return Enqueue(time.Nanoseconds, target, payload, arg);
    }

    // The throws of the scheduling methods, out of line: those methods stay small enough to inline
    // into their callers, with no frame for building a message they almost never need.
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNegativeDelay(SimTime delay) =>
        throw new ArgumentOutOfRangeException(nameof(delay), $"Cannot schedule with a negative delay ({delay}) at {Now}: the event would lie in the past.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowInThePast(SimTime time) =>
        throw new ArgumentOutOfRangeException(nameof(time), $"Cannot schedule an event at {time}: it lies before the current time {Now}.");

    /// <summary>Convenience for models and tests: schedules a delegate. Allocates if the delegate captures.</summary>
    public EventHandle Schedule(SimTime delay, Action<Simulation> action) => Schedule(delay, ActionTarget.Instance, action);

    /// <summary>Convenience: schedules a delegate at an absolute time.</summary>
    public EventHandle ScheduleAt(SimTime time, Action<Simulation> action) => ScheduleAt(time, ActionTarget.Instance, action);

    private EventHandle Enqueue(long time, EventTarget target, object? payload, long arg)
    {
        ArgumentNullException.ThrowIfNull(target);
        long key = _slots.Store(++_sequence, target, payload, arg);
        var entry = new PendingEntry(time, key);
        if (_window.Count != 0 && time < _window.LastTime)
        {
            // Due before events already taken ahead: it takes its place among them, and the last
            // of them goes back to the set.
            _window.Insert(entry);
            if (_window.Count > Lookahead)
            {
                Push(_window.TakeLast());
            }
        }
        else if (SetCount + _lanes.Count < LanesFrom || !_lanes.TryPush(time - _now, entry))
        {
            Push(entry); // few events pending (the set is in the cache anyway), or a delay without a lane
        }

        return new EventHandle(new SimTime(time), key);
    }

    /// <summary>
    /// Takes the next insertion number for an event that will be put in the pending set later, with
    /// <see cref="ScheduleReserved"/> (a <see cref="TimerQueue"/>'s time-out): it takes its place among
    /// events of equal time as if it had been scheduled now.
    /// </summary>
    internal long ReserveSequence() => ++_sequence;

    /// <summary>Puts in the pending set an event whose insertion number was reserved with <see cref="ReserveSequence"/>, due at <paramref name="time"/> (not before now).</summary>
    internal void ScheduleReserved(long time, long sequence, EventTarget target, long arg)
    {
        Debug.Assert(time >= _now && sequence <= _sequence, "a reserved event lies in the past or was not reserved");
        var entry = new PendingEntry(time, _slots.Store(sequence, target, null, arg));
        if (_window.Count != 0 && entry.Precedes(_window[_window.Count - 1]))
        {
            _window.Insert(entry);
            if (_window.Count > Lookahead)
            {
                Push(_window.TakeLast());
            }
        }
        else
        {
            Push(entry); // never a lane: a lane's entries must come in key order, and this key is an old one
        }
    }

    /// <summary>Entries in the pending-event set (the built-in sets called directly).</summary>
    private int SetCount => _radix is not null ? _radix.Count : _heap is not null ? _heap.Count : _pending.Count;

    private void Push(in PendingEntry entry)
    {
        if (_radix is not null)
        {
            _radix.Push(entry);
        }
        else if (_heap is not null)
        {
            _heap.Push(entry);
        }
        else
        {
            _pending.Push(entry);
        }
    }

    /// <summary>
    /// Cancels a pending event. Frees its slot, does not search: the entry left in the set is skipped
    /// when it reaches the front. Returns false if the event already fired or was already cancelled.
    /// </summary>
    public bool Cancel(EventHandle handle)
    {
        if (!handle.IsValid)
        {
            return false;
        }

        // Total order: an event is still pending exactly when its key lies after the key of the
        // event being (or last) fired; its slot still holds its key unless it fired or was cancelled.
        long t = handle.Time.Nanoseconds;
        bool pending = t > _now || (t == _now && handle.Sequence > _currentSequence);
        if (!pending || !_slots.TryCancel(handle.Key))
        {
            return false;
        }

        // Cancelled events wait in the set until they reach the front. When they outnumber the live
        // ones (long timers that are nearly always cancelled, such as SIP Timer B), sweep them out:
        // the sweep is linear, and it happens at most once per as many cancels as live events, so
        // the cost per cancel stays constant and the set never grows past twice the live events.
        if (++_cancelled > 1024 && _cancelled > (_pending.Count + _lanes.Count) / 2)
        {
            _pending.RemoveAll(_sweep ??= Sweep);
            _lanes.RemoveAll(_sweep);
            _window.RemoveAll(_sweep);
            _cancelled = 0;
        }

        return true;
    }

    private Predicate<long>? _sweep;

    /// <summary>Selects a cancelled event's entry during a sweep (its slot was freed at the cancel).</summary>
    private bool Sweep(long key) => _slots.IsStale(key);

    /// <summary>Runs until no event is pending or <see cref="Stop"/> is called.</summary>
    public void Run() => RunCore(long.MaxValue, long.MaxValue);

    /// <summary>
    /// Fires at most <paramref name="maxEvents"/> more events, for callers that do something between
    /// chunks of a run (report progress, check a deadline) without scheduling events of their own:
    /// the run's events and results are the same however it is cut into chunks.
    /// </summary>
    /// <returns>
    /// True if it returned because it fired <paramref name="maxEvents"/> events (more may be pending);
    /// false if no event remained or <see cref="Stop"/> was called.
    /// </returns>
    public bool RunEvents(long maxEvents)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEvents);
        long limit = maxEvents >= long.MaxValue - _eventsProcessed ? long.MaxValue : _eventsProcessed + maxEvents;
        return !RunCore(long.MaxValue, limit) && !_stopRequested;
    }

    /// <summary>
    /// Fires every event at or before <paramref name="until"/>, then sets the clock to
    /// <paramref name="until"/> (unless stopped earlier). Events after it stay pending.
    /// </summary>
    public void RunUntil(SimTime until)
    {
        if (until.Nanoseconds < _now)
        {
            throw new ArgumentOutOfRangeException(nameof(until), $"Cannot run until {until}: the clock is already at {Now}.");
        }

        if (RunCore(until.Nanoseconds, long.MaxValue))
        {
            _now = until.Nanoseconds;
        }
    }

    /// <summary>
    /// The time of the earliest pending event, without taking it; false when none is pending. It may
    /// be an event cancelled since (cancelled entries leave the set lazily): a lower bound, so that a
    /// periodic observer can tell that nothing happens before it (and skip its ticks up to it).
    /// </summary>
    public bool TryPeekNextTime(out SimTime time)
    {
        long earliest = long.MaxValue;
        bool any = false;
        if (_window.Count != 0)
        {
            earliest = _window[0].Time;
            any = true;
        }

        if (_lanes.TryPeek(out PendingEntry lane) && lane.Time <= earliest)
        {
            earliest = lane.Time;
            any = true;
        }

        if (SetTryPeekTime(out long setTime) && setTime <= earliest)
        {
            earliest = setTime;
            any = true;
        }

        time = new SimTime(earliest);
        return any;
    }

    /// <summary>The time of the set's first entry (the radix heap called directly, without interface dispatch, when it is the set).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool SetTryPeekTime(out long time) => _radix is not null ? _radix.TryPeekTime(out time) : _pending.TryPeekTime(out time);

    /// <summary>The set's first entry (as <see cref="SetTryPeekTime"/>, directly on the radix heap when it is the set).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool SetTryPeek(out PendingEntry first) => _radix is not null ? _radix.TryPeek(out first) : _pending.TryPeek(out first);

    /// <summary>Asks the run loop to return after the current event.</summary>
    public void Stop() => _stopRequested = true;

    /// <summary>
    /// The earliest pending event outside the window, from the lanes or the set, if it is due at or
    /// before <paramref name="until"/>. Ties in time go by key; only then is the set's first key read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryTakeNext(long until, out PendingEntry e)
    {
        if (_lanes.TryPeek(out PendingEntry lane))
        {
            bool inSet = SetTryPeekTime(out long setTime);
            bool fromLane = !inSet || lane.Time < setTime;
            if (inSet && lane.Time == setTime)
            {
                SetTryPeek(out PendingEntry first);
                fromLane = lane.Key < first.Key;
            }

            if (fromLane)
            {
                if (lane.Time > until)
                {
                    e = default;
                    return false;
                }

                e = _lanes.Pop();
                return true;
            }
        }

        return _radix is not null ? _radix.TryPopNotAfter(until, out e)
            : _heap is not null ? _heap.TryPopNotAfter(until, out e)
            : _pending.TryPopNotAfter(until, out e);
    }

    /// <param name="until">Fire events due at or before this time.</param>
    /// <param name="eventLimit">Return once <see cref="EventsProcessed"/> reaches this (long.MaxValue: never).</param>
    /// <returns>True if the loop ended because no event at or before <paramref name="until"/> remained.</returns>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool RunCore(long until, long eventLimit)
    {
        _stopRequested = false;
        EntryRing window = _window;
        while (!_stopRequested && _eventsProcessed < eventLimit)
        {
            PendingEntry e;
            if (window.Count == 0 && SetCount + _lanes.Count < LookaheadFrom)
            {
                // Few events pending: straight from the lanes and the set.
                if (!TryTakeNext(until, out e))
                {
                    return true;
                }
            }
            else
            {
                // Many: keep a few events taken ahead, in order, and have their slots fetched from memory.
                while (window.Count < Lookahead && TryTakeNext(long.MaxValue, out PendingEntry next))
                {
                    window.Append(next);
                    _slots.PrefetchSlot(next.Key);
                }

                if (window.Count == 0 || window[0].Time > until)
                {
                    return true;
                }

                e = window.TakeFirst();
                if (window.Count > PayloadAhead)
                {
                    _slots.PrefetchPayload(window[PayloadAhead].Key); // its slot was prefetched when it joined the window
                }
            }

            ref EventSlots.Slot slot = ref _slots.At(e.Key);
            if (slot.Key != e.Key)
            {
                _cancelled--; // cancelled: its slot was freed then (and may hold a later event now)
                continue;
            }

            EventTarget target = slot.Target!;
            object? payload = slot.Payload;
            long arg = slot.Arg;
            _slots.Free(e.Key);
            if (target.ChecksBeforeFiring && !target.StillDue(arg, EventSlots.SequenceOf(e.Key)))
            {
                continue; // stopped without a cancel (a TimerQueue's time-out): not fired, not counted, the clock stays
            }

            Debug.Assert(e.Time >= _now, "event order violated");
            _now = e.Time;
            _currentSequence = EventSlots.SequenceOf(e.Key);
            _eventsProcessed++;
            if (Fingerprint is Fingerprint fingerprint)
            {
                fingerprint.Fold(target, payload, arg, _eventsProcessed, _now);
            }

            target.OnEvent(this, payload, arg);
        }

        return false;
    }

    private sealed class ActionTarget : EventTarget
    {
        public static readonly ActionTarget Instance = new();

        protected internal override void OnEvent(Simulation simulation, object? payload, long arg) => ((Action<Simulation>)payload!)(simulation);
    }
}
