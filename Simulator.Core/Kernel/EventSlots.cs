using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace CpmSim.Core.Kernel;

/// <summary>
/// Where the simulation keeps the handlers of pending events (target, payload, argument): a slot
/// array with a free list, so that the pending-event set moves only 16-byte entries — the time and a
/// key that packs the insertion sequence (high 40 bits) with the slot number (low 24 bits). A slot
/// also holds its event's key, so a cancel frees the slot at once (no search, no set of cancelled
/// events): the entry left in the set no longer matches its slot's key and is skipped when it comes
/// out, and a stale handle is told apart from the event that reuses the slot. Keys start at
/// sequence 1, so a free slot (key 0) matches no entry. A mutable struct: keep it in a field and call
/// it there, never through a copy.
/// </summary>
internal struct EventSlots
{
    private const int SlotBits = 24;
    private const long SlotMask = (1L << SlotBits) - 1;
    private const long MaxSequence = (1L << (63 - SlotBits)) - 1;

    private Slot[] _data;
    private int[] _free;
    private int _freeCount;
    private int _used;

    public EventSlots(int capacity)
    {
        int n = Math.Max(4, capacity);
        _data = new Slot[n];
        _free = new int[n];
    }

    /// <summary>The insertion sequence packed in a key.</summary>
    public static long SequenceOf(long key) => key >> SlotBits;

    /// <summary>Keeps an event's handler; returns its key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Store(long sequence, EventTarget target, object? payload, long arg)
    {
        if ((ulong)sequence > MaxSequence)
        {
            ThrowTooManyEvents();
        }

        int slot = _freeCount > 0 ? _free[--_freeCount] : Grow();
        long key = (sequence << SlotBits) | (uint)slot;
        ref Slot s = ref _data[slot];

        // A store of a reference into this (old, large) array costs a GC write barrier. A free slot
        // keeps its last target and has no payload, and the free list hands back the slot just
        // freed, so an event that schedules its own successor (the usual case) stores neither.
        if (!ReferenceEquals(s.Target, target))
        {
            s.Target = target;
        }

        if (payload is not null)
        {
            s.Payload = payload;
        }

        s.Arg = arg;
        s.Key = key;
        return key;
    }

    /// <summary>Out of line, so that <see cref="Store"/> inlines without the message's formatting.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTooManyEvents() =>
        throw new InvalidOperationException($"More than {MaxSequence} events were scheduled in one simulation.");

    /// <summary>The slot of an entry leaving the set (read it, then <see cref="Free"/> it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref Slot At(long key) => ref _data[(int)(key & SlotMask)];

    /// <summary>Asks the processor to fetch the slot of <paramref name="key"/> into its cache (a hint: no effect on the outcome).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void PrefetchSlot(long key) => CacheHint.Prefetch(ref _data[(int)(key & SlotMask)], 1);

    /// <summary>Asks the processor to fetch the first four cache lines (a SIP message's fields) of the payload of <paramref name="key"/>'s event (a hint).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void PrefetchPayload(long key) => CacheHint.Prefetch(_data[(int)(key & SlotMask)].Payload, 256);

    /// <summary>Frees the slot of <paramref name="key"/>: key 0 and no payload; the target stays (see <see cref="Store"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Free(long key)
    {
        int slot = (int)(key & SlotMask);
        ref Slot s = ref _data[slot];
        s.Key = 0;
        s.Payload = null;
        _free[_freeCount++] = slot;
    }

    /// <summary>
    /// Cancels the pending event of <paramref name="key"/> by freeing its slot (its entry stays in
    /// the set, stale); false if the slot no longer holds that event (fired, cancelled, reused).
    /// Freeing at once keeps the slot array as large as the live events, not as the live and
    /// cancelled ones together (long timers that are nearly always cancelled, such as SIP Timer B,
    /// would otherwise hold their slots until they come out of the set).
    /// </summary>
    public bool TryCancel(long key)
    {
        int slot = (int)(key & SlotMask);
        if (slot >= _used || _data[slot].Key != key)
        {
            return false;
        }

        Free(key);
        return true;
    }

    /// <summary>True for an entry whose event was cancelled: its slot was freed and holds no longer its key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool IsStale(long key) => _data[(int)(key & SlotMask)].Key != key;

    private int Grow()
    {
        if (_used == _data.Length)
        {
            int n = _data.Length * 2;
            if (n > SlotMask + 1)
            {
                throw new InvalidOperationException($"More than {SlotMask + 1} events pending at once.");
            }

            Array.Resize(ref _data, n);
            Array.Resize(ref _free, n);
        }

        return _used++;
    }

    /// <summary>One pending event's handler. While the slot is free: key 0, no payload, and the last target (event targets are long-lived nodes and models; keeping the reference saves a write barrier per event).</summary>
    internal struct Slot
    {
        public EventTarget? Target;
        public object? Payload;
        public long Arg;
        public long Key;
    }
}
