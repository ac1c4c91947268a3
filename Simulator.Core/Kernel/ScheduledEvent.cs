namespace CpmSim.Core.Kernel;

/// <summary>
/// One pending event: a key <c>(Time, Sequence)</c> that orders all events totally, and a handler
/// given as a target object plus a payload and an integer argument, so that scheduling needs no
/// closure per event.
/// </summary>
public struct ScheduledEvent
{
    /// <summary>Virtual time in nanoseconds.</summary>
    public long Time;

    /// <summary>Insertion counter: breaks ties between events at the same time, first scheduled first.</summary>
    public long Sequence;

    public IEventTarget Target;
    public object? Payload;
    public long Arg;

    public ScheduledEvent(long time, long sequence, IEventTarget target, object? payload, long arg)
    {
        Time = time;
        Sequence = sequence;
        Target = target;
        Payload = payload;
        Arg = arg;
    }

    /// <summary>True when this event fires before <paramref name="other"/>.</summary>
    public readonly bool Precedes(in ScheduledEvent other) =>
        Time < other.Time || (Time == other.Time && Sequence < other.Sequence);
}
