namespace CpmSim.Core.Kernel;

/// <summary>
/// FIFO lanes for delays that recur: events scheduled with the same delay fall due in the order
/// they were scheduled (the clock never goes back and keys grow), so they need no priority queue —
/// a ring per delay, appended at the tail and taken at the head, both in sequential memory. A
/// network's link latencies, holding times, service-centre delays and SIP timers are such delays;
/// random ones (exponential gaps) never recur exactly and stay in the pending-event set. A small
/// heap orders the lanes by their heads; the simulation takes the earlier of that and the set.
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
    private readonly int[] _heap = new int[MaxLanes]; // lane indices, earliest head first
    private readonly int[] _position = new int[MaxLanes]; // a lane's place in the heap, -1 when empty
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
                _position[lane] = -1;
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

        head = _lanes[_heap[0]].First;
        return true;
    }

    /// <summary>Takes the earliest head (<see cref="TryPeek"/> must have found one).</summary>
    public PendingEntry Pop()
    {
        int lane = _heap[0];
        PendingEntry head = _lanes[lane].TakeFirst();
        Count--;
        if (_lanes[lane].Count == 0)
        {
            RemoveTop();
        }
        else
        {
            SiftDown(0);
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
            _position[l] = -1;
            if (_lanes[l].Count > 0)
            {
                _heap[_heapCount] = l;
                _position[l] = _heapCount;
                SiftUp(_heapCount++);
            }
        }

        return removed;
    }

    private void Append(int lane, in PendingEntry entry)
    {
        _lanes[lane].Append(entry);
        Count++;
        if (_position[lane] < 0)
        {
            _heap[_heapCount] = lane;
            _position[lane] = _heapCount;
            SiftUp(_heapCount++);
        }
    }

    private void RemoveTop()
    {
        int last = _heap[--_heapCount];
        _position[_heap[0]] = -1;
        if (_heapCount > 0)
        {
            _heap[0] = last;
            _position[last] = 0;
            SiftDown(0);
        }
    }

    private bool Before(int a, int b) => _lanes[a].First.Precedes(_lanes[b].First);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Before(_heap[i], _heap[parent]))
            {
                break;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int left = (2 * i) + 1;
            if (left >= _heapCount)
            {
                return;
            }

            int best = left + 1 < _heapCount && Before(_heap[left + 1], _heap[left]) ? left + 1 : left;
            if (!Before(_heap[best], _heap[i]))
            {
                return;
            }

            Swap(i, best);
            i = best;
        }
    }

    private void Swap(int i, int j)
    {
        (_heap[i], _heap[j]) = (_heap[j], _heap[i]);
        _position[_heap[i]] = i;
        _position[_heap[j]] = j;
    }
}
