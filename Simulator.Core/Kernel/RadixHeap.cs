using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Entry = CpmSim.Core.Kernel.PendingEntry;

namespace CpmSim.Core.Kernel;

/// <summary>
/// The default pending-event set: a radix heap, the monotone priority queue for integer keys — which
/// is what a discrete-event simulation's future-event set is (nothing is scheduled before now).
/// Radix 256: an entry waits in the bucket named by the highest 8-bit digit in which its time differs
/// from <c>last</c> (the time of the latest minimum) and its value of that digit; buckets are ordered,
/// so the lowest non-empty one holds the earliest entries. A push is an append. A pop takes the front
/// of bucket 0 (entries at exactly <c>last</c>), or first moves the lowest non-empty bucket down
/// around its minimum; an entry moves only to lower buckets, about once or twice in its life, and no
/// two entries are ever compared. Ties: entries with equal times always share a bucket and every
/// move is stable; entries reaching bucket 0 are kept in key order there (an entry pushed with a
/// key smaller than ones already waiting is placed among them), so ties leave in key order — the
/// <c>(time, sequence)</c> order the kernel promises. Entries are 16 bytes (time and key).
/// Bucket arrays are pooled, so memory follows the
/// number of pending events, not the number of buckets visited. A push before <c>last</c> (possible
/// only through this class's own API, never through <see cref="Simulation"/>) re-files the entries.
/// Up to 32 pending entries skip the buckets: they wait in one short sorted array (see the fields),
/// which is faster at that size; the set moves between the two forms as it grows and shrinks.
/// </summary>
public sealed class RadixHeap : IPendingEventSet
{
    private const int DigitBits = 8;
    private const int Radix = 1 << DigitBits;
    private const int BucketCount = (64 / DigitBits) * Radix; // bucket = digit position · 256 + digit value
    private const int MaskWords = BucketCount / 64;
    private const int KeepLength = 64; // an emptied bucket keeps an array shorter than this

    private readonly Bucket[] _buckets = new Bucket[BucketCount];
    private readonly Stack<Entry[]>?[] _pool = new Stack<Entry[]>?[32]; // spare bucket arrays by log2(length)
    private readonly ulong[] _nonEmpty = new ulong[MaskWords];          // bit b set ⇔ bucket b (b ≥ 1) holds entries
    private ulong _nonEmptyWords;                                       // bit w set ⇔ _nonEmpty[w] != 0
    private int _head;                                                  // bucket 0 is a FIFO: entries before _head are gone
    private long _last;
    private int _count;

    // Small mode: while few entries are pending they are kept sorted in one short array instead
    // (ascending from _smallHead), where a push is one step of an insertion sort and a pop takes the
    // front. The buckets pay off only for larger sets: with 11 pending (the M/M/c model) a pop and
    // a push took 31 ns in the buckets and 22 ns in the array (best of 15 runs). The set moves to
    // the buckets when a push finds SmallCapacity entries, and back when a pop (or a removal) leaves
    // SmallReturn or fewer (hysteresis: a set near one size does not move back and forth).
    private const int SmallCapacity = 32;
    private const int SmallReturn = 8;
    private readonly Entry[] _small = new Entry[SmallCapacity];
    private int _smallHead;
    private bool _inBuckets;

    public RadixHeap(int initialCapacity = 1024)
    {
        // Buckets get arrays when first used: most of the 2,048 never are.
        for (int b = 0; b < BucketCount; b++)
        {
            _buckets[b] = new Bucket { Items = [], Min = long.MaxValue };
        }

        _buckets[0].Items = new Entry[Math.Max(16, initialCapacity / 4)];
    }

    public string Name => "radix";

    public int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(in PendingEntry entry)
    {
        if (!_inBuckets)
        {
            if (_count < SmallCapacity)
            {
                SmallInsert(entry);
                _count++;
                return;
            }

            MoveToBuckets();
        }

        if (entry.Time < _last)
        {
            Rebase(entry.Time);
        }

        Append(entry);
        _count++;
    }

    public bool TryPop(out PendingEntry entry) => TryPopNotAfter(long.MaxValue, out entry);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryPopNotAfter(long limit, out PendingEntry e)
    {
        if (!_inBuckets)
        {
            return SmallTryPop(limit, out e);
        }

        if (!BucketsTryPop(limit, out e))
        {
            return false;
        }

        if (--_count <= SmallReturn)
        {
            MoveToSmall();
        }

        return true;
    }

    /// <summary>Takes the earliest entry of the buckets unless it lies after the limit; leaves <see cref="_count"/> alone.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool BucketsTryPop(long limit, out Entry top)
    {
        ref Bucket front = ref _buckets[0];
        if (_head < front.Size)
        {
            if (_last > limit)
            {
                top = default;
                return false;
            }

            top = front.Items[_head++];
            if (_head == front.Size)
            {
                _head = 0;
                front.Size = 0;
            }

            return true;
        }

        return Refill(limit, out top);
    }

    public bool TryPeek(out PendingEntry entry)
    {
        if (!_inBuckets)
        {
            entry = _count == 0 ? default : _small[_smallHead];
            return _count != 0;
        }

        // Take it and put it back: it returns to the front of bucket 0, in key order among any
        // entries of its time.
        if (!TryPopNotAfter(long.MaxValue, out entry))
        {
            return false;
        }

        Push(entry); // it is due at the latest minimum (or, back in small mode, before every entry)
        return true;
    }

    public bool TryPeekTime(out long time)
    {
        if (!_inBuckets)
        {
            time = _count == 0 ? 0 : _small[_smallHead].Time;
            return _count != 0;
        }

        if (_head < _buckets[0].Size)
        {
            time = _last;
            return true;
        }

        int b = LowestNonEmpty();
        time = b < 0 ? 0 : _buckets[b].Min;
        return b >= 0;
    }

    public int RemoveAll(Predicate<long> remove)
    {
        ArgumentNullException.ThrowIfNull(remove);
        if (!_inBuckets)
        {
            int keptSmall = PendingEntries.KeepUnselected(_small, _smallHead, _smallHead + _count, remove);
            int removedSmall = _count - keptSmall;
            _smallHead = 0;
            _count = keptSmall;
            return removedSmall;
        }

        int removed = 0;
        for (int b = 0; b < BucketCount; b++)
        {
            ref Bucket bucket = ref _buckets[b];
            int from = b == 0 ? _head : 0;
            int kept = PendingEntries.KeepUnselected(bucket.Items, from, bucket.Size, remove);
            removed += bucket.Size - from - kept;
            bucket.Size = kept;
            bucket.Min = MinTime(bucket.Items, kept);
            if (b == 0)
            {
                _head = 0;
            }
            else if (kept == 0)
            {
                ClearNonEmpty(b);
            }
        }

        _count -= removed;
        if (_count <= SmallReturn)
        {
            MoveToSmall();
        }

        return removed;
    }

    public void Clear()
    {
        for (int b = 0; b < BucketCount; b++)
        {
            _buckets[b].Size = 0;
            _buckets[b].Min = long.MaxValue;
        }

        Array.Clear(_nonEmpty);
        _nonEmptyWords = 0;
        _head = 0;
        _last = 0;
        _count = 0;
        _smallHead = 0;
        _inBuckets = false;
    }

    /// <summary>Small mode: inserts in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SmallInsert(in Entry entry)
    {
        Entry[] items = _small;
        int head = _smallHead;
        int end = head + _count;
        if (end == SmallCapacity)
        {
            // The front has moved up to the end of the array: move the entries back to its start.
            Array.Copy(items, head, items, 0, _count);
            head = 0;
            end = _count;
            _smallHead = 0;
        }

        // From the back: a new event usually falls due after most of those waiting.
        int at = end;
        while (at > head && entry.Precedes(items[at - 1]))
        {
            items[at] = items[at - 1];
            at--;
        }

        items[at] = entry;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool SmallTryPop(long limit, out Entry e)
    {
        if (_count == 0 || _small[_smallHead].Time > limit)
        {
            e = default;
            return false;
        }

        e = _small[_smallHead];
        _count--;
        _smallHead = _count == 0 ? 0 : _smallHead + 1;
        return true;
    }

    /// <summary>Small mode is full: files its entries (in order) in the buckets around the earliest.</summary>
    private void MoveToBuckets()
    {
        _last = _small[_smallHead].Time;
        _head = 0;
        _buckets[0].Size = 0;
        for (int i = _smallHead; i < _smallHead + _count; i++)
        {
            Append(_small[i]);
        }

        _smallHead = 0;
        _inBuckets = true;
    }

    /// <summary>Few entries are left in the buckets: takes them out in order into the short array.</summary>
    private void MoveToSmall()
    {
        int n = _count;
        for (int i = 0; i < n; i++)
        {
            bool taken = BucketsTryPop(long.MaxValue, out _small[i]);
            Debug.Assert(taken, "the buckets hold the counted entries");
        }

        _smallHead = 0;
        _count = n;
        _inBuckets = false;
    }

    /// <summary>
    /// Bucket 0 is empty: moves the lowest non-empty bucket down around its minimum and takes the
    /// first entry, unless the minimum lies after the limit. A bucket of one entry is taken directly.
    /// </summary>
    private bool Refill(long limit, out Entry top)
    {
        _head = 0;
        _buckets[0].Size = 0;
        int b = LowestNonEmpty();
        if (b < 0 || _buckets[b].Min > limit)
        {
            top = default;
            return false;
        }

        ref Bucket source = ref _buckets[b];
        Entry[] items = source.Items;
        int size = source.Size;
        _last = source.Min;
        source.Size = 0;
        source.Min = long.MaxValue;
        ClearNonEmpty(b);
        if (size == 1)
        {
            top = items[0];
            return true;
        }

        for (int i = 0; i < size; i++)
        {
            Append(items[i]);
        }

        ref Bucket front = ref _buckets[0];
        top = front.Items[0];
        _head = 1;
        if (front.Size == 1)
        {
            _head = 0;
            front.Size = 0;
        }

        // Time moves on, so most buckets fill once and then wait long before they are used again: a
        // large array goes back to the pool for the next bucket that grows.
        if (items.Length >= KeepLength)
        {
            _buckets[b].Items = [];
            ReturnArray(items);
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Append(Entry entry)
    {
        // The highest digit in which the time differs from the latest minimum, and the time's value
        // of that digit (larger than the minimum's): entries in lower buckets are earlier.
        ulong diff = (ulong)(entry.Time ^ _last);
        int shift = (63 - BitOperations.LeadingZeroCount(diff | 1)) & ~(DigitBits - 1);
        int b = ((shift / DigitBits) * Radix) | (int)(((ulong)entry.Time >> shift) & (Radix - 1));
        b = diff == 0 ? 0 : b;
        ref Bucket bucket = ref _buckets[b];
        int size = bucket.Size;
        Entry[] items = bucket.Items;
        if ((uint)size >= (uint)items.Length)
        {
            items = Grow(b);
        }

        if (b == 0 && size > _head && entry.Key < items[size - 1].Key)
        {
            InsertInFront(items, size, entry); // bucket 0 stays in key order
        }
        else
        {
            items[size] = entry;
        }

        bucket.Size = size + 1;
        if (entry.Time < bucket.Min)
        {
            bucket.Min = entry.Time;
        }

        if (size == 0 && b != 0)
        {
            _nonEmpty[b >> 6] |= 1UL << b;
            _nonEmptyWords |= 1UL << (b >> 6);
        }
    }

    /// <summary>
    /// An entry due at the current minimum whose key is smaller than some already waiting there (an
    /// entry given back by the simulation's look-ahead window): placed by key among them.
    /// </summary>
    private void InsertInFront(Entry[] items, int size, Entry entry)
    {
        int i = size;
        while (i > _head && entry.Key < items[i - 1].Key)
        {
            items[i] = items[i - 1];
            i--;
        }

        items[i] = entry;
    }

    private int LowestNonEmpty()
    {
        if (_nonEmptyWords == 0)
        {
            return -1;
        }

        int w = BitOperations.TrailingZeroCount(_nonEmptyWords);
        return (w << 6) | BitOperations.TrailingZeroCount(_nonEmpty[w]);
    }

    private void ClearNonEmpty(int b)
    {
        ulong word = _nonEmpty[b >> 6] & ~(1UL << b);
        _nonEmpty[b >> 6] = word;
        if (word == 0)
        {
            _nonEmptyWords &= ~(1UL << (b >> 6));
        }
    }

    private Entry[] Grow(int b)
    {
        ref Bucket bucket = ref _buckets[b];
        Entry[] old = bucket.Items;
        int sizeClass = Math.Max(3, BitOperations.Log2((uint)old.Length) + 1);
        Stack<Entry[]>? pool = _pool[sizeClass];
        Entry[] grown = pool is { Count: > 0 } ? pool.Pop() : new Entry[1 << sizeClass];
        Array.Copy(old, grown, bucket.Size);
        ReturnArray(old);
        bucket.Items = grown;
        return grown;
    }

    private void ReturnArray(Entry[] array)
    {
        if (array.Length >= 8)
        {
            (_pool[BitOperations.Log2((uint)array.Length)] ??= new Stack<Entry[]>()).Push(array);
        }
    }

    private static long MinTime(Entry[] items, int size)
    {
        ref Entry first = ref MemoryMarshal.GetArrayDataReference(items);
        long min = long.MaxValue;
        for (int i = 0; i < size; i++)
        {
            long t = Unsafe.Add(ref first, i).Time;
            min = t < min ? t : min;
        }

        return min;
    }

    /// <summary>A push before the latest minimum: re-files every entry around the new time (stable, so ties keep their order).</summary>
    private void Rebase(long time)
    {
        var all = new List<Entry>(_count);
        for (int b = 0; b < BucketCount; b++)
        {
            ref Bucket bucket = ref _buckets[b];
            for (int i = b == 0 ? _head : 0; i < bucket.Size; i++)
            {
                all.Add(bucket.Items[i]);
            }

            bucket.Size = 0;
            bucket.Min = long.MaxValue;
        }

        Array.Clear(_nonEmpty);
        _nonEmptyWords = 0;
        _head = 0;
        _last = time;
        foreach (Entry entry in all)
        {
            Append(entry);
        }
    }

    private struct Bucket
    {
        public Entry[] Items;
        public int Size;
        public long Min; // earliest time in the bucket; long.MaxValue when empty
    }


}
