namespace CpmSim.Core.Kernel;

/// <summary>
/// A calendar queue (R. Brown, "Calendar queues: a fast O(1) priority queue implementation for the
/// simulation event set problem", CACM 31(10), 1988): events hashed by time into buckets of a fixed
/// width that together make a "year"; dequeue walks the buckets from the current one. The bucket
/// count doubles or halves with the number of events, and the width is re-estimated from the gaps
/// between the earliest events at each resize. Each bucket is an array window sorted earliest-first
/// (pop advances the head; an event later than all others, the usual case, is appended), so ties
/// keep their insertion order exactly like the heap.
/// </summary>
public sealed class CalendarQueue : IPendingEventSet
{
    private const int MinBuckets = 16;
    private const int SampleSize = 32;

    private Bucket[] _buckets;
    private long _width;
    private int _count;

    // The dequeue position: the bucket last served and the end of its current "day".
    private int _current;
    private long _currentTop;
    private int _directSearches;
    private int _pops;

    public CalendarQueue()
    {
        _buckets = NewBuckets(MinBuckets);
        _width = 1_000_000; // 1 ms until the first resize measures the real spacing
        _currentTop = _width;
    }

    public string Name => "calendar";

    public int Count => _count;

    /// <summary>Current number of buckets (for tests and reports).</summary>
    public int BucketCount => _buckets.Length;

    /// <summary>Current bucket width in nanoseconds.</summary>
    public long BucketWidth => _width;

    public void Push(in PendingEntry e)
    {
        Insert(_buckets, _width, e);
        _count++;
        if (e.Time < _currentTop - _width)
        {
            // An event before the current day: restart the walk from its bucket.
            SetPosition(e.Time);
        }

        if (_count > 2 * _buckets.Length)
        {
            Resize(_buckets.Length * 2);
        }
    }

    public bool TryPop(out PendingEntry e) => TryPopNotAfter(long.MaxValue, out e);

    public bool TryPopNotAfter(long limit, out PendingEntry e)
    {
        if (_count == 0 || !FindMin(out int index) || _buckets[index].First.Time > limit)
        {
            e = default;
            return false;
        }

        ref Bucket b = ref _buckets[index];
        e = b.Items[b.Head];
        b.Items[b.Head] = default;
        b.Head++;
        if (--b.Count == 0)
        {
            b.Head = 0;
        }

        _count--;
        if ((++_pops & 1023) == 0)
        {
            _directSearches = 0; // only a run of direct searches (32 within 1,024 pops) re-measures the width
        }

        if (_count < _buckets.Length / 2 && _buckets.Length > MinBuckets)
        {
            Resize(_buckets.Length / 2);
        }

        return true;
    }

    public bool TryPeek(out PendingEntry entry)
    {
        if (_count == 0 || !FindMin(out int index))
        {
            entry = default;
            return false;
        }

        entry = _buckets[index].First;
        return true;
    }

    public bool TryPeekTime(out long time)
    {
        if (_count == 0 || !FindMin(out int index))
        {
            time = 0;
            return false;
        }

        time = _buckets[index].First.Time;
        return true;
    }

    public int RemoveAll(Predicate<long> remove)
    {
        ArgumentNullException.ThrowIfNull(remove);
        int removed = 0;
        for (int i = 0; i < _buckets.Length; i++)
        {
            ref Bucket b = ref _buckets[i];
            int kept = PendingEntries.KeepUnselected(b.Items, b.Head, b.Head + b.Count, remove);
            Array.Clear(b.Items, kept, b.Head + b.Count - kept);
            removed += b.Count - kept;
            b.Count = kept;
            b.Head = 0;
        }

        _count -= removed;
        return removed;
    }

    public void Clear()
    {
        _buckets = NewBuckets(MinBuckets);
        _count = 0;
        _current = 0;
        _currentTop = _width;
    }

    /// <summary>Finds the bucket holding the earliest event and moves the walk position there.</summary>
    private bool FindMin(out int index)
    {
        int n = _buckets.Length;
        int i = _current;
        long top = _currentTop;
        for (int k = 0; k < n; k++)
        {
            ref Bucket b = ref _buckets[i];
            if (b.Count > 0 && b.First.Time < top)
            {
                _current = i;
                _currentTop = top;
                index = i;
                return true;
            }

            i = i + 1 == n ? 0 : i + 1;
            top += _width;
        }

        // Nothing within a year of the current position. If that keeps happening, the bucket width no
        // longer fits the spacing of events (no resize has re-measured it): re-measure now.
        if (++_directSearches > 32 && _count > 1)
        {
            Resize(_buckets.Length);
            return FindMin(out index);
        }

        // Search directly for the earliest event.
        index = -1;
        for (int j = 0; j < n; j++)
        {
            ref Bucket b = ref _buckets[j];
            if (b.Count > 0 && (index < 0 || b.First.Precedes(_buckets[index].First)))
            {
                index = j;
            }
        }

        if (index < 0)
        {
            return false;
        }

        SetPosition(_buckets[index].First.Time);
        return true;
    }

    private void SetPosition(long time)
    {
        long day = time / _width;
        _current = (int)(day % _buckets.Length);
        _currentTop = (day + 1) * _width;
    }

    private void Resize(int buckets)
    {
        var all = new PendingEntry[_count];
        int k = 0;
        foreach (Bucket b in _buckets)
        {
            Array.Copy(b.Items, b.Head, all, k, b.Count);
            k += b.Count;
        }

        _width = EstimateWidth(all);
        _directSearches = 0;
        _buckets = NewBuckets(buckets);
        foreach (PendingEntry e in all)
        {
            Insert(_buckets, _width, e);
        }

        long min = long.MaxValue;
        foreach (PendingEntry e in all)
        {
            min = Math.Min(min, e.Time);
        }

        SetPosition(all.Length == 0 ? 0 : min);
    }

    /// <summary>Brown's rule: three times the mean gap between the earliest events (ignoring unusually large gaps).</summary>
    private long EstimateWidth(PendingEntry[] events)
    {
        if (events.Length < 2)
        {
            return _width;
        }

        int m = Math.Min(SampleSize, events.Length);
        var times = new long[events.Length];
        for (int i = 0; i < events.Length; i++)
        {
            times[i] = events[i].Time;
        }

        // The m earliest times, in order.
        Array.Sort(times);
        double sum = 0;
        for (int i = 1; i < m; i++)
        {
            sum += times[i] - times[i - 1];
        }

        double mean = sum / (m - 1);
        double trimmed = 0;
        int n = 0;
        for (int i = 1; i < m; i++)
        {
            long gap = times[i] - times[i - 1];
            if (gap <= 2 * mean)
            {
                trimmed += gap;
                n++;
            }
        }

        double width = n == 0 ? mean * 3 : trimmed / n * 3;
        return Math.Max(1, (long)Math.Min(width, long.MaxValue / 4));
    }

    private static void Insert(Bucket[] buckets, long width, in PendingEntry e)
    {
        ref Bucket b = ref buckets[(int)(e.Time / width % buckets.Length)];
        if (b.Head + b.Count == b.Items.Length)
        {
            if (b.Head > 0)
            {
                Array.Copy(b.Items, b.Head, b.Items, 0, b.Count);
                Array.Clear(b.Items, b.Count, b.Head);
                b.Head = 0;
            }
            else
            {
                Array.Resize(ref b.Items, Math.Max(4, b.Items.Length * 2));
            }
        }

        // Earliest first: walk back from the tail over the items that come after e.
        int i = b.Head + b.Count;
        while (i > b.Head && e.Precedes(b.Items[i - 1]))
        {
            b.Items[i] = b.Items[i - 1];
            i--;
        }

        b.Items[i] = e;
        b.Count++;
    }

    private static Bucket[] NewBuckets(int n)
    {
        var buckets = new Bucket[n];
        for (int i = 0; i < n; i++)
        {
            buckets[i].Items = [];
        }

        return buckets;
    }

    private struct Bucket
    {
        public PendingEntry[] Items;
        public int Head;
        public int Count;

        /// <summary>The bucket's earliest event.</summary>
        public readonly PendingEntry First => Items[Head];
    }
}
