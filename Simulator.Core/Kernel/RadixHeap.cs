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
        ref Bucket front = ref _buckets[0];
        Entry top;
        if (_head < front.Size)
        {
            if (_last > limit)
            {
                e = default;
                return false;
            }

            top = front.Items[_head++];
            if (_head == front.Size)
            {
                _head = 0;
                front.Size = 0;
            }
        }
        else if (!Refill(limit, out top))
        {
            e = default;
            return false;
        }

        _count--;
        e = top;
        return true;
    }

    public bool TryPeek(out PendingEntry entry)
    {
        // Take it and put it back: it returns to the front of bucket 0, in key order among any
        // entries of its time.
        if (!TryPopNotAfter(long.MaxValue, out entry))
        {
            return false;
        }

        Append(entry);
        _count++;
        return true;
    }

    public bool TryPeekTime(out long time)
    {
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
        int removed = 0;
        for (int b = 0; b < BucketCount; b++)
        {
            ref Bucket bucket = ref _buckets[b];
            int kept = 0;
            for (int i = b == 0 ? _head : 0; i < bucket.Size; i++)
            {
                Entry entry = bucket.Items[i];
                if (remove(entry.Key))
                {
                    removed++;
                }
                else
                {
                    bucket.Items[kept++] = entry;
                }
            }

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
