using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Entry = CpmSim.Core.Kernel.PendingEntry;

namespace CpmSim.Core.Kernel;

/// <summary>
/// A pending-event set: an implicit 4-ary min-heap (the alternative to the default
/// <see cref="RadixHeap"/>). Heap entries are 16 bytes — the time and the key — so sifting moves
/// little memory.
/// A pop leaves a hole at the root that the next push fills directly (one sift instead of two: the
/// common "fire one, schedule one" pattern). No allocation once the arrays have grown to the peak
/// number of pending events.
/// </summary>
public sealed class DaryHeap : IPendingEventSet
{
    private Entry[] _heap;
    private int _count;        // entries in _heap, including a hole at the root when _hole is set
    private bool _hole;        // the root was popped and not yet refilled

    public DaryHeap(int initialCapacity = 1024)
    {
        _heap = new Entry[Math.Max(4, initialCapacity)];
    }

    public string Name => "heap4";

    public int Count => _hole ? _count - 1 : _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(in PendingEntry entry)
    {
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

    public bool TryPop(out PendingEntry entry) => TryPopNotAfter(long.MaxValue, out entry);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryPopNotAfter(long limit, out PendingEntry e)
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

        e = _heap[0];
        _hole = true;
        return true;
    }

    public bool TryPeek(out PendingEntry entry)
    {
        if (_hole)
        {
            CloseHole();
        }

        entry = _count == 0 ? default : _heap[0];
        return _count != 0;
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

    public int RemoveAll(Predicate<long> remove)
    {
        ArgumentNullException.ThrowIfNull(remove);
        if (_hole)
        {
            CloseHole();
        }

        int kept = PendingEntries.KeepUnselected(_heap, 0, _count, remove);
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
        _count = 0;
        _hole = false;
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


}
