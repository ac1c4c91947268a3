using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CpmSim.Core.Kernel;

/// <summary>
/// A radix heap: a monotone priority queue for integer keys, which is what a discrete-event
/// simulation's future-event set is (an event is never scheduled before the current time).
/// Entry <c>x</c> waits in bucket <c>msb(x.Time xor last)</c>, where <c>last</c> is the time of the
/// latest minimum; a push is an append, and a pop either takes the front of bucket 0 (entries at
/// exactly <c>last</c>) or redistributes the lowest non-empty bucket, whose entries can only move to
/// lower buckets. Each entry moves at most 64 times and in practice a few times, with no comparisons
/// between entries. Ties: entries with equal times always share a bucket and every move is stable,
/// so they leave in insertion order — the <c>(time, sequence)</c> order the kernel promises.
/// Entries are 16 bytes (time, and sequence packed with a slot number); the handler waits in slot
/// arrays, as in <see cref="DaryHeap"/>. A push before <c>last</c> (possible only through this class's
/// own API, never through <see cref="Simulation"/>) rebuilds the buckets around the new time.
/// </summary>
public sealed class RadixHeap : IPendingEventSet
{
    private const int SlotBits = 24;
    private const long SlotMask = (1L << SlotBits) - 1;
    private const long MaxSequence = (1L << (63 - SlotBits)) - 1;
    private const int DigitBits = 8;                       // radix 256: an entry moves about once or twice
    private const int Radix = 1 << DigitBits;
    private const int BucketCount = (64 / DigitBits) * Radix; // bucket (digit position d, digit value v) = d * 256 + v
    private const int MaskWords = BucketCount / 64;

    private readonly Entry[][] _buckets = new Entry[BucketCount][];
    private readonly int[] _sizes = new int[BucketCount];
    private readonly long[] _mins = new long[BucketCount]; // earliest time in each bucket (long.MaxValue when empty)
    private readonly Stack<Entry[]>?[] _pool = new Stack<Entry[]>?[32]; // spare bucket arrays by log2(length)
    private const int KeepLength = 64; // an emptied bucket keeps a smaller array
    private int _head;          // bucket 0 is a FIFO: entries before _head have been popped
    private readonly ulong[] _nonEmpty = new ulong[MaskWords]; // bit b set ⇔ bucket b (b ≥ 1) holds entries
    private ulong _nonEmptyWords;                              // bit w set ⇔ _nonEmpty[w] != 0
    private long _last;
    private int _count;

    private Slot[] _slotData;
    private int[] _free;
    private int _freeCount;
    private int _slots;

    public RadixHeap(int initialCapacity = 1024)
    {
        // Buckets get arrays when first used: most of the 2,048 never are.
        Array.Fill(_buckets, []);
        _buckets[0] = new Entry[Math.Max(16, initialCapacity / 4)];

        Array.Fill(_mins, long.MaxValue);

        int n = Math.Max(4, initialCapacity);
        _slotData = new Slot[n];
        _free = new int[n];
    }

    public string Name => "radix";

    public int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(in ScheduledEvent e)
    {
        if ((ulong)e.Sequence > MaxSequence)
        {
            throw new InvalidOperationException($"More than {MaxSequence} events were scheduled in one simulation.");
        }

        if (e.Time < _last)
        {
            Rebase(e.Time);
        }

        int slot = AllocateSlot();
        _slotData[slot] = new Slot(e.Target, e.Payload, e.Arg);
        Append(new Entry(e.Time, (e.Sequence << SlotBits) | (uint)slot));
        _count++;
    }

    public bool TryPop(out ScheduledEvent e) => TryPopNotAfter(long.MaxValue, out e);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryPopNotAfter(long limit, out ScheduledEvent e)
    {
        if (_head == _sizes[0] && !Refill(limit))
        {
            e = default;
            return false;
        }

        if (_last > limit)
        {
            e = default;
            return false;
        }

        Entry top = _buckets[0][_head++];
        if (_head == _sizes[0])
        {
            _head = 0;
            _sizes[0] = 0;
        }

        _count--;
        int slot = (int)(top.Key & SlotMask);
        ref Slot data = ref _slotData[slot];
        e = new ScheduledEvent(top.Time, top.Key >> SlotBits, data.Target!, data.Payload, data.Arg);
        data = default;
        _free[_freeCount++] = slot;
        return true;
    }

    public bool TryPeekTime(out long time)
    {
        if (_head < _sizes[0])
        {
            time = _last;
            return true;
        }

        int b = LowestNonEmpty();
        time = b < 0 ? 0 : _mins[b];
        return b >= 0;
    }

    public int RemoveAll(IReadOnlySet<long> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        int removed = 0;
        for (int b = 0; b < BucketCount; b++)
        {
            Entry[] bucket = _buckets[b];
            int from = b == 0 ? _head : 0;
            int kept = 0;
            for (int i = from; i < _sizes[b]; i++)
            {
                Entry entry = bucket[i];
                if (sequences.Contains(entry.Key >> SlotBits))
                {
                    int slot = (int)(entry.Key & SlotMask);
                    _slotData[slot] = default;
                    _free[_freeCount++] = slot;
                    removed++;
                }
                else
                {
                    bucket[kept++] = entry;
                }
            }

            _sizes[b] = kept;
            _mins[b] = MinTime(bucket, kept);
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
        Array.Clear(_slotData);
        Array.Clear(_sizes);
        Array.Fill(_mins, long.MaxValue);
        _head = 0;
        Array.Clear(_nonEmpty);
        _nonEmptyWords = 0;
        _last = 0;
        _count = 0;
        _freeCount = 0;
        _slots = 0;
    }

    /// <summary>Bucket 0 is empty: redistributes the lowest non-empty bucket around its minimum, unless that lies after the limit.</summary>
    private bool Refill(long limit)
    {
        _head = 0;
        _sizes[0] = 0;
        int b = LowestNonEmpty();
        if (b < 0)
        {
            return false;
        }

        long min = _mins[b];
        if (min > limit)
        {
            return false;
        }

        Entry[] bucket = _buckets[b];
        int size = _sizes[b];
        _last = min;
        _sizes[b] = 0;
        _mins[b] = long.MaxValue;
        ClearNonEmpty(b);
        for (int i = 0; i < size; i++)
        {
            Append(bucket[i]);
        }

        // Time moves on, so most buckets fill once and are not used again for long: a large array
        // goes back to the pool for the next bucket that grows (memory stays proportional to the
        // pending events, not to the buckets visited).
        if (bucket.Length >= KeepLength)
        {
            _buckets[b] = [];
            ReturnArray(bucket);
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
        int size = _sizes[b];
        Entry[] bucket = _buckets[b];
        if ((uint)size >= (uint)bucket.Length)
        {
            bucket = Grow(b);
        }

        bucket[size] = entry;
        _sizes[b] = size + 1;
        if (entry.Time < _mins[b])
        {
            _mins[b] = entry.Time;
        }

        if (b != 0)
        {
            _nonEmpty[b >> 6] |= 1UL << b;
            _nonEmptyWords |= 1UL << (b >> 6);
        }
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
        Entry[] old = _buckets[b];
        int sizeClass = Math.Max(3, BitOperations.Log2((uint)old.Length) + 1);
        Stack<Entry[]>? pool = _pool[sizeClass];
        Entry[] grown = pool is { Count: > 0 } ? pool.Pop() : new Entry[1 << sizeClass];
        Array.Copy(old, grown, _sizes[b]);
        ReturnArray(old);
        _buckets[b] = grown;
        return grown;
    }

    private void ReturnArray(Entry[] array)
    {
        if (array.Length >= 8)
        {
            (_pool[BitOperations.Log2((uint)array.Length)] ??= new Stack<Entry[]>()).Push(array);
        }
    }

    private static long MinTime(Entry[] bucket, int size)
    {
        ref Entry first = ref MemoryMarshal.GetArrayDataReference(bucket);
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
            for (int i = b == 0 ? _head : 0; i < _sizes[b]; i++)
            {
                all.Add(_buckets[b][i]);
            }
        }

        Array.Clear(_sizes);
        Array.Fill(_mins, long.MaxValue);
        _head = 0;
        Array.Clear(_nonEmpty);
        _nonEmptyWords = 0;
        _last = time;
        foreach (Entry entry in all)
        {
            Append(entry);
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

    private readonly record struct Entry(long Time, long Key);

    private record struct Slot(IEventTarget? Target, object? Payload, long Arg);
}
