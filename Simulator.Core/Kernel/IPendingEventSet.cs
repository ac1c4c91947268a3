namespace CpmSim.Core.Kernel;

/// <summary>
/// The future-event set: a priority queue of <see cref="PendingEntry"/> values. Implementations
/// must pop in ascending <c>(Time, Key)</c> order, whatever order the keys are pushed in; the
/// simulation relies on nothing else. It never pushes an entry due before the last one popped (a
/// monotone priority queue such as <see cref="RadixHeap"/> relies on that). The handlers
/// stay with the simulation (the key names them), so a set moves 16-byte entries only. Swappable so
/// that alternatives can be tested and benchmarked side by side.
/// </summary>
public interface IPendingEventSet
{
    /// <summary>A short name for reports, e.g. <c>heap4</c>.</summary>
    string Name { get; }

    int Count { get; }

    void Push(in PendingEntry entry);

    /// <summary>Removes and returns the earliest entry.</summary>
    bool TryPop(out PendingEntry entry);

    /// <summary>Removes and returns the earliest entry if its time is at or before <paramref name="limit"/>.</summary>
    bool TryPopNotAfter(long limit, out PendingEntry entry);

    /// <summary>The earliest entry's time, without removing it.</summary>
    bool TryPeekTime(out long time);

    /// <summary>The earliest entry, without removing it (time and key; dearer than <see cref="TryPeekTime"/> in some sets).</summary>
    bool TryPeek(out PendingEntry entry);

    void Clear();

    /// <summary>Removes every entry whose key <paramref name="remove"/> selects; returns how many were removed.</summary>
    int RemoveAll(Predicate<long> remove);
}
