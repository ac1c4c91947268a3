namespace CpmSim.Scenarios.Sip;

/// <summary>
/// A call (or session) a node holds: its entry in one of the node's call-state tables, with the entry's
/// generation, so a reference kept past the end of its call (in a timer, in a late message's tag) is
/// seen as stale instead of reaching the call that reused the entry. What the node's session expiry
/// carries, and the node's tag (<see cref="Tag"/>) in the dialogs it answers.
/// </summary>
public readonly record struct CallRef
{
    private readonly long _value;

    internal CallRef(long value) => _value = value;

    /// <summary>No call.</summary>
    public static CallRef None => default;

    public bool IsNone => _value == 0;

    /// <summary>The reference as a tag in a message (From or To), or a timer's data: a number of at most 53 bits.</summary>
    public long Tag => _value;

    /// <summary>The reference a tag (or a timer's data) carries.</summary>
    public static CallRef FromTag(long tag) => new(tag);

    public override string ToString() => $"call {_value}";
}
