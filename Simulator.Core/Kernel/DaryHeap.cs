using System.Runtime.CompilerServices;

namespace CpmSim.Core.Kernel;

/// <summary>
/// The default pending-event set: an implicit 4-ary min-heap of event structs keyed on
/// <c>(Time, Sequence)</c>. No allocation once the array has grown to the peak number of pending events.
/// </summary>
public sealed class DaryHeap : IPendingEventSet
{
    private const int Arity = 4;
    private ScheduledEvent[] _items;
    private int _count;

    public DaryHeap(int initialCapacity = 1024) => _items = new ScheduledEvent[Math.Max(4, initialCapacity)];

    public string Name => "heap4";

    public int Count => _count;

    public void Push(in ScheduledEvent e)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        ScheduledEvent[] items = _items;
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 2;
            ref ScheduledEvent p = ref items[parent];
            if (!e.Precedes(p))
            {
                break;
            }

            items[i] = p;
            i = parent;
        }

        items[i] = e;
    }

    public bool TryPop(out ScheduledEvent e) => TryPopNotAfter(long.MaxValue, out e);

    public bool TryPopNotAfter(long limit, out ScheduledEvent e)
    {
        if (_count == 0 || _items[0].Time > limit)
        {
            e = default;
            return false;
        }

        ScheduledEvent[] items = _items;
        e = items[0];
        int n = --_count;
        if (n > 0)
        {
            SiftDown(items, items[n], 0, n);
        }

        items[n] = default; // release references for the GC
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SiftDown(ScheduledEvent[] items, ScheduledEvent last, int start, int n)
    {
        int i = start;
        while (true)
        {
            int first = (i << 2) + 1;
            if (first >= n)
            {
                break;
            }

            int best = first;
            int end = Math.Min(first + Arity, n);
            for (int c = first + 1; c < end; c++)
            {
                if (items[c].Precedes(items[best]))
                {
                    best = c;
                }
            }

            if (!items[best].Precedes(last))
            {
                break;
            }

            items[i] = items[best];
            i = best;
        }

        items[i] = last;
    }

    public bool TryPeekTime(out long time)
    {
        if (_count == 0)
        {
            time = 0;
            return false;
        }

        time = _items[0].Time;
        return true;
    }

    public int RemoveAll(IReadOnlySet<long> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            if (!sequences.Contains(_items[i].Sequence))
            {
                _items[kept++] = _items[i];
            }
        }

        int removed = _count - kept;
        Array.Clear(_items, kept, removed);
        _count = kept;
        for (int i = (_count - 2) / 4; i >= 0; i--)
        {
            SiftDown(_items, _items[i], i, _count);
        }

        return removed;
    }

    public void Clear()
    {
        Array.Clear(_items, 0, _count);
        _count = 0;
    }
}
