namespace CpmSim.Core.Kernel;

/// <summary>Identifies one scheduled event so that it can be cancelled.</summary>
public readonly record struct EventHandle
{
    internal EventHandle(SimTime time, long key)
    {
        Time = time;
        Key = key;
    }

    /// <summary>When the event is (or was) due.</summary>
    public SimTime Time { get; }

    /// <summary>The event's key in the pending-event set: its insertion sequence and its handler's slot.</summary>
    internal long Key { get; }

    /// <summary>The insertion sequence: the order among events of equal time.</summary>
    public long Sequence => EventSlots.SequenceOf(Key);

    /// <summary>False for <c>default</c>: no event.</summary>
    public bool IsValid => Key > 0;
}
