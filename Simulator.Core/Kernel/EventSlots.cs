using System.Runtime.CompilerServices;

namespace CpmSim.Core.Kernel;

/// <summary>
/// Where the pending-event sets keep handlers (target, payload, argument): a slot array with a free
/// list, so that the sets themselves move only 16-byte entries — the time and a key that packs the
/// insertion sequence (high 40 bits) with the slot number (low 24 bits). A mutable struct: keep it
/// in a field and call it there, never through a copy.
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

    /// <summary>The insertion sequence packed in an entry key.</summary>
    public static long SequenceOf(long key) => key >> SlotBits;

    /// <summary>Keeps the event's handler; returns the key for its entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Store(in ScheduledEvent e)
    {
        if ((ulong)e.Sequence > MaxSequence)
        {
            throw new InvalidOperationException($"More than {MaxSequence} events were scheduled in one simulation.");
        }

        int slot = _freeCount > 0 ? _free[--_freeCount] : Grow();
        _data[slot] = new Slot(e.Target, e.Payload, e.Arg);
        return (e.Sequence << SlotBits) | (uint)slot;
    }

    /// <summary>The whole event of an entry leaving the set; its slot is free again.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ScheduledEvent Take(long time, long key)
    {
        int slot = (int)(key & SlotMask);
        ref Slot data = ref _data[slot];
        var e = new ScheduledEvent(time, key >> SlotBits, data.Target!, data.Payload, data.Arg);
        data = default;
        _free[_freeCount++] = slot;
        return e;
    }

    /// <summary>Frees the slot of an entry removed without firing.</summary>
    public void Release(long key)
    {
        int slot = (int)(key & SlotMask);
        _data[slot] = default;
        _free[_freeCount++] = slot;
    }

    public void Clear()
    {
        Array.Clear(_data);
        _freeCount = 0;
        _used = 0;
    }

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

    private record struct Slot(IEventTarget? Target, object? Payload, long Arg);
}
