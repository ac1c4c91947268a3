namespace CpmSim.Core.Kernel;

/// <summary>
/// Pending entries in <c>(time, key)</c> order in a growing ring (power-of-two capacity): appended at
/// the back, taken at either end, and — rarely — inserted in order from the back. The kernel uses it
/// twice: as the look-ahead window (the next few events taken out of the set so their handlers and
/// payloads can be prefetched; an event due before its last entry is inserted and the last entry
/// goes back to the set, which is legal even for a monotone set, as that entry is never due before
/// the set's last popped one), and as one FIFO lane of <see cref="DelayLanes"/>.
/// </summary>
internal sealed class EntryRing
{
    private PendingEntry[] _items;
    private int _head;
    private int _count;

    /// <param name="capacity">Initial capacity, a power of two.</param>
    public EntryRing(int capacity) => _items = new PendingEntry[capacity];

    public int Count => _count;

    /// <summary>The entry <paramref name="i"/> places from the front.</summary>
    public ref PendingEntry this[int i] => ref _items[(_head + i) & (_items.Length - 1)];

    /// <summary>The first entry (the ring must not be empty).</summary>
    public PendingEntry First => _items[_head];

    /// <summary>The time of the last entry (the ring must not be empty).</summary>
    public long LastTime => this[_count - 1].Time;

    /// <summary>Appends an entry that comes after every entry in the ring.</summary>
    public void Append(in PendingEntry entry)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        this[_count++] = entry;
    }

    /// <summary>Inserts an entry in order (from the back: it usually belongs near the end).</summary>
    public void Insert(in PendingEntry entry)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        int i = _count;
        while (i > 0 && entry.Precedes(this[i - 1]))
        {
            this[i] = this[i - 1];
            i--;
        }

        this[i] = entry;
        _count++;
    }

    public PendingEntry TakeLast()
    {
        PendingEntry last = this[_count - 1];
        _count--;
        return last;
    }

    public PendingEntry TakeFirst()
    {
        PendingEntry first = _items[_head];
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
        return first;
    }

    /// <summary>Removes the entries whose key <paramref name="remove"/> selects; returns how many.</summary>
    public int RemoveAll(Predicate<long> remove)
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            PendingEntry e = this[i];
            if (!remove(e.Key))
            {
                this[kept++] = e;
            }
        }

        int removed = _count - kept;
        _count = kept;
        return removed;
    }

    private void Grow()
    {
        var grown = new PendingEntry[_items.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            grown[i] = this[i];
        }

        _items = grown;
        _head = 0;
    }
}
