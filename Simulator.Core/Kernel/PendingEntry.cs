namespace CpmSim.Core.Kernel;

/// <summary>
/// One entry of a pending-event set: the event's time and a key that orders events of equal time
/// and names the event's handler to the simulation (it packs the insertion sequence in its high bits
/// with a slot number in its low bits, so keys grow with the sequence). 16 bytes.
/// </summary>
public readonly record struct PendingEntry(long Time, long Key)
{
    /// <summary>True when this entry comes before <paramref name="other"/> in <c>(time, key)</c> order.</summary>
    public bool Precedes(in PendingEntry other) => Time < other.Time || (Time == other.Time && Key < other.Key);
}
