namespace CpmSim.Core.Kernel;

/// <summary>
/// FIFO lanes for delays that recur: events scheduled with the same delay fall due in the order
/// they were scheduled (the clock never goes back and keys grow), so they need no priority queue —
/// a ring per delay, appended at the tail and taken at the head, both in sequential memory. A
/// network's link latencies, holding times, service-centre delays and SIP timers are such delays;
/// random ones (exponential gaps) never recur exactly and stay in the pending-event set. A small
/// heap orders the lanes by their heads (kept in the heap itself, so that ordering the lanes reads no
/// lane); the simulation takes the earlier of that and the set.
/// </summary>
/// <remarks>
/// A delay gets a lane once it has been seen <see cref="Promote"/> times in a row of its cache slot
/// (a direct-mapped cache of recent delays), up to <see cref="MaxLanes"/> lanes; a slot that holds a
/// lane keeps it, so random delays cannot push a lane out.
/// </remarks>
internal sealed class DelayLanes
{
    private const int MaxLanes = 64;
    private const int CacheSize = 256;
    private const int Promote = 8;

    private readonly EntryRing[] _lanes = new EntryRing[MaxLanes]; // one delay's entries each, in order
    private int _laneCount;
    private readonly long[] _cacheDelay = new long[CacheSize];
    private readonly int[] _cacheCount = new int[CacheSize];
    private readonly int[] _cacheLane = new int[CacheSize];
    private readonly HeapItem[] _heap = new HeapItem[MaxLanes]; // the non-empty lanes with their heads, earliest head first
    private int _heapCount;

    public DelayLanes()
    {
        Array.Fill(_cacheDelay, -1);
        Array.Fill(_cacheLane, -1);
    }

    /// <summary>Entries waiting in all lanes.</summary>
    public int Count { get; private set; }

    /// <summary>Lanes made so far.</summary>
    public int LaneCount => _laneCount;

    /// <summary>
    /// Appends the entry to its delay's lane, making the lane when the delay keeps recurring; false
    /// when the delay has no lane (the entry belongs in the pending-event set).
    /// </summary>
    public bool TryPush(long delay, in PendingEntry entry)
    {
        int i = (int)((ulong)(delay * unchecked((long)0x9E3779B97F4A7C15UL)) >> 56); // Fibonacci hash → 0..255
        int lane = _cacheLane[i];
        if (_cacheDelay[i] == delay)
        {
            if (lane < 0)
            {
                if (++_cacheCount[i] < Promote || _laneCount == MaxLanes)
                {
                    return false;
                }

                lane = _laneCount++;
                _lanes[lane] = new EntryRing(64);
                _cacheLane[i] = lane;
            }

            Append(lane, entry);
            return true;
        }

        if (lane < 0)
        {
            _cacheDelay[i] = delay; // a new delay takes the slot (unless the slot holds a lane)
            _cacheCount[i] = 1;
        }

        return false;
    }

    /// <summary>The earliest head of all lanes.</summary>
    public bool TryPeek(out PendingEntry head)
    {
        if (_heapCount == 0)
        {
            head = default;
            return false;
        }

        head = _heap[0].Head;
        return true;
    }

    /// <summary>Takes the earliest head (<see cref="TryPeek"/> must have found one).</summary>
    public PendingEntry Pop()
    {
        ref HeapItem top = ref _heap[0];
        PendingEntry head = top.Head;
        EntryRing ring = _lanes[top.Lane];
        ring.TakeFirst();
        Count--;
        if (ring.Count == 0)
        {
            HeapItem last = _heap[--_heapCount];
            if (_heapCount > 0)
            {
                SiftDown(last);
            }
        }
        else
        {
            SiftDown(new HeapItem(ring.First, top.Lane));
        }

        return head;
    }

    /// <summary>Removes the entries whose key <paramref name="remove"/> selects (order kept); returns how many.</summary>
    public int RemoveAll(Predicate<long> remove)
    {
        int removed = 0;
        for (int l = 0; l < _laneCount; l++)
        {
            removed += _lanes[l].RemoveAll(remove);
        }

        Count -= removed;
        _heapCount = 0;
        for (int l = 0; l < _laneCount; l++)
        {
            if (_lanes[l].Count > 0)
            {
                SiftUp(new HeapItem(_lanes[l].First, l));
            }
        }

        return removed;
    }

    private void Append(int lane, in PendingEntry entry)
    {
        EntryRing ring = _lanes[lane];
        ring.Append(entry);
        Count++;
        if (ring.Count == 1)
        {
            SiftUp(new HeapItem(entry, lane)); // the lane was empty: it joins the heap (a later entry never changes its head)
        }
    }

    /// <summary>Adds a lane to the heap.</summary>
    private void SiftUp(HeapItem item)
    {
        HeapItem[] heap = _heap;
        int i = _heapCount++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!item.Head.Precedes(heap[parent].Head))
            {
                break;
            }

            heap[i] = heap[parent];
            i = parent;
        }

        heap[i] = item;
    }

    /// <summary>Puts <paramref name="item"/> at the top of the heap (in place of the top lane) and moves it down to its place.</summary>
    private void SiftDown(HeapItem item)
    {
        HeapItem[] heap = _heap;
        int count = _heapCount;
        int i = 0;
        while (true)
        {
            int left = (2 * i) + 1;
            if (left >= count)
            {
                break;
            }

            int best = left + 1 < count && heap[left + 1].Head.Precedes(heap[left].Head) ? left + 1 : left;
            if (!heap[best].Head.Precedes(item.Head))
            {
                break;
            }

            heap[i] = heap[best];
            i = best;
        }

        heap[i] = item;
    }

    /// <summary>A non-empty lane and its first entry.</summary>
    private readonly record struct HeapItem(PendingEntry Head, int Lane);
}
