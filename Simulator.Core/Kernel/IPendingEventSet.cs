namespace CpmSim.Core.Kernel;

/// <summary>
/// The future-event set. Implementations must pop in ascending <c>(Time, Sequence)</c> order; the
/// simulation relies on nothing else. Swappable so that alternatives can be tested and benchmarked
/// side by side.
/// </summary>
public interface IPendingEventSet
{
    /// <summary>A short name for reports, e.g. <c>heap4</c>.</summary>
    string Name { get; }

    int Count { get; }

    void Push(in ScheduledEvent e);

    /// <summary>Removes and returns the earliest event.</summary>
    bool TryPop(out ScheduledEvent e);

    /// <summary>Removes and returns the earliest event if its time is at or before <paramref name="limit"/>.</summary>
    bool TryPopNotAfter(long limit, out ScheduledEvent e);

    /// <summary>The earliest event's time, without removing it.</summary>
    bool TryPeekTime(out long time);

    void Clear();

    /// <summary>Removes every event whose sequence is in <paramref name="sequences"/>; returns how many were removed.</summary>
    int RemoveAll(IReadOnlySet<long> sequences);
}
