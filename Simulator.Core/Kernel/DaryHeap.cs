using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CpmSim.Core.Kernel;

/// <summary>
/// The default pending-event set: an implicit 4-ary min-heap. Heap entries are 16 bytes — the time
/// and a key that packs the insertion sequence (high 40 bits) with a slot number (low 24 bits) —
/// so sifting moves little memory; the handler (target, payload, argument) waits in slot arrays.
/// A pop leaves a hole at the root that the next push fills directly (one sift instead of two: the
/// common "fire one, schedule one" pattern). No allocation once the arrays have grown to the peak
/// number of pending events.
/// </summary>
public sealed class DaryHeap : IPendingEventSet
{
    private const int SlotBits = 24;
    private const long SlotMask = (1L << SlotBits) - 1;
    private const long MaxSequence = (1L << (63 - SlotBits)) - 1;

    private Entry[] _heap;
    private int _count;        // entries in _heap, including a hole at the root when _hole is set
    private bool _hole;        // the root was popped and not yet refilled

    private Slot[] _slotData;
    private int[] _free;
    private int _freeCount;
    private int _slots;

    public DaryHeap(int initialCapacity = 1024)
    {
        int n = Math.Max(4, initialCapacity);
        _heap = new Entry[n];
        _slotData = new Slot[n];
        _free = new int[n];
    }

    public string Name => "heap4";

    public int Count => _hole ? _count - 1 : _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(in ScheduledEvent e)
    {
        if ((ulong)e.Sequence > MaxSequence)
        {
            throw new InvalidOperationException($"More than {MaxSequence} events were scheduled in one simulation.");
        }

        int slot = AllocateSlot();
        _slotData[slot] = new Slot(e.Target, e.Payload, e.Arg);
        var entry = new Entry(e.Time, (e.Sequence << SlotBits) | (uint)slot);
        if (_hole)
        {
            _hole = false;
            SiftDown(_heap, entry, 0, _count);
            return;
        }

        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        SiftUp(_heap, entry, _count++);
    }

    public bool TryPop(out ScheduledEvent e) => TryPopNotAfter(long.MaxValue, out e);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryPopNotAfter(long limit, out ScheduledEvent e)
    {
        if (_hole)
        {
            CloseHole();
        }

        if (_count == 0 || _heap[0].Time > limit)
        {
            e = default;
            return false;
        }

        Entry top = _heap[0];
        int slot = (int)(top.Key & SlotMask);
        ref Slot data = ref _slotData[slot];
        e = new ScheduledEvent(top.Time, top.Key >> SlotBits, data.Target!, data.Payload, data.Arg);
        data = default;
        _free[_freeCount++] = slot;
        _hole = true;
        return true;
    }

    public bool TryPeekTime(out long time)
    {
        if (_hole)
        {
            CloseHole();
        }

        if (_count == 0)
        {
            time = 0;
            return false;
        }

        time = _heap[0].Time;
        return true;
    }

    public int RemoveAll(IReadOnlySet<long> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (_hole)
        {
            CloseHole();
        }

        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            Entry entry = _heap[i];
            if (sequences.Contains(entry.Key >> SlotBits))
            {
                int slot = (int)(entry.Key & SlotMask);
                _slotData[slot] = default;
                _free[_freeCount++] = slot;
            }
            else
            {
                _heap[kept++] = entry;
            }
        }

        int removed = _count - kept;
        _count = kept;
        for (int i = (_count - 2) / 4; i >= 0; i--)
        {
            SiftDown(_heap, _heap[i], i, _count);
        }

        return removed;
    }

    public void Clear()
    {
        Array.Clear(_slotData);
        _count = 0;
        _hole = false;
        _freeCount = 0;
        _slots = 0;
    }

    private void CloseHole()
    {
        _hole = false;
        int n = --_count;
        if (n > 0)
        {
            SiftDown(_heap, _heap[n], 0, n);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AllocateSlot()
    {
        if (_freeCount > 0)
        {
            return _free[--_freeCount];
        }

        if (_slots == _slotData.Length)
        {
            int n = _slotData.Length * 2;
            if (n > SlotMask + 1)
            {
                throw new InvalidOperationException($"More than {SlotMask + 1} events pending at once.");
            }

            Array.Resize(ref _slotData, n);
            Array.Resize(ref _free, n);
        }

        return _slots++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Before(in Entry a, in Entry b) => a.Time < b.Time || (a.Time == b.Time && a.Key < b.Key);

    private static void SiftUp(Entry[] heap, Entry e, int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) >> 2;
            if (!Before(e, heap[parent]))
            {
                break;
            }

            heap[i] = heap[parent];
            i = parent;
        }

        heap[i] = e;
    }

    private static void SiftDown(Entry[] heap, Entry e, int i, int n)
    {
        // No bounds checks on the hot path: indices stay below n ≤ heap.Length by construction.
        ref Entry h = ref MemoryMarshal.GetArrayDataReference(heap);
        while (true)
        {
            int first = (i << 2) + 1;
            if (first >= n)
            {
                break;
            }

            int best = first;
            Entry bestEntry = Unsafe.Add(ref h, first);
            int end = Math.Min(first + 4, n);
            for (int c = first + 1; c < end; c++)
            {
                Entry candidate = Unsafe.Add(ref h, c);
                bool better = Before(candidate, bestEntry);
                best = better ? c : best;
                bestEntry = better ? candidate : bestEntry;
            }

            if (!Before(bestEntry, e))
            {
                break;
            }

            Unsafe.Add(ref h, i) = bestEntry;
            i = best;
        }

        Unsafe.Add(ref h, i) = e;
    }

    private readonly record struct Entry(long Time, long Key);

    private record struct Slot(IEventTarget? Target, object? Payload, long Arg);
}
