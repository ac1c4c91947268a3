namespace CpmSim.Core.Kernel;

/// <summary>
/// The next few events, taken out of the pending-event set before they are due and kept in
/// <c>(time, key)</c> order, so that the processor can fetch their handlers and payloads from memory
/// while earlier events run (a large run is bound by memory, not by work). The window holds exactly
/// the earliest pending events: an event scheduled before its last entry takes its place among them
/// and the last entry goes back to the set (legal even for a monotone set: the last entry is never
/// due before the set's last popped entry). A small sorted ring.
/// </summary>
internal sealed class LookaheadWindow
{
    private PendingEntry[] _items = new PendingEntry[16];
    private int _head;
    private int _count;

    public int Count => _count;

    /// <summary>The entry <paramref name="i"/> places from the front.</summary>
    public ref PendingEntry this[int i] => ref _items[(_head + i) & (_items.Length - 1)];

    /// <summary>The time of the last entry (the window must not be empty).</summary>
    public long LastTime => this[_count - 1].Time;

    /// <summary>Appends an entry that comes after every entry in the window.</summary>
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
