namespace CpmSim.Scenarios.Sip;

/// <summary>
/// One leg of a node (a dialog it calls out on, a <see cref="UacLeg"/>): the call-state entry that holds
/// it (<see cref="Entry"/>: a call, or the leg's own entry when the node keeps legs in a table of their
/// own) and which of that entry's legs it is (<see cref="Index"/>: 0 or 1). What a leg's time-out and
/// session refresh carry, and the node's tag (<see cref="Tag"/>) in the leg's dialog.
/// </summary>
public readonly record struct LegRef
{
    /// <summary>How many legs one entry can hold.</summary>
    public const int MaxLegsPerEntry = 2;

    public LegRef(CallRef entry, int index = 0)
    {
        if ((uint)index >= MaxLegsPerEntry)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"An entry holds at most {MaxLegsPerEntry} legs.");
        }

        Entry = entry;
        Index = index;
    }

    /// <summary>The call-state entry that holds the leg.</summary>
    public CallRef Entry { get; }

    /// <summary>Which of the entry's legs (0 or 1).</summary>
    public int Index { get; }

    /// <summary>The reference as the node's tag in the leg's dialog (its From tag), or a timer's data: at most 54 bits.</summary>
    public long Tag => (Entry.Tag << 1) | (uint)Index;

    /// <summary>The reference a tag (or a timer's data) carries.</summary>
    public static LegRef FromTag(long tag) => new(CallRef.FromTag(tag >> 1), (int)(tag & 1));

    public override string ToString() => $"leg {Index} of {Entry}";
}
