namespace CpmSim.Scenarios.Flows;

/// <summary>
/// One expected item of a flow: a message (<see cref="Name"/> is the seed's word, e.g.
/// <c>Modification</c>) from one role to another, an action at a role, or a state between two roles.
/// Several items may share one <see cref="Step"/> label (e.g. <c>9-11</c>).
/// </summary>
public sealed record FlowStep
{
    public required string Step { get; init; }

    public required FlowItemKind Kind { get; init; }

    /// <summary>Message word, action name or state name.</summary>
    public required string Name { get; init; }

    /// <summary>Sender role (send), the acting role (action), or one end (state).</summary>
    public required string From { get; init; }

    /// <summary>Receiver role (send), the other end (state); equals <see cref="From"/> for actions.</summary>
    public required string To { get; init; }

    /// <summary>State only: media words the state must carry (e.g. <c>file</c>).</summary>
    public IReadOnlyList<string> Media { get; init; } = [];

    /// <summary>What the standard says of it, for reports.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Where in the flow file it was written (<c>file:line:column</c>).</summary>
    public string Location { get; init; } = string.Empty;

    public override string ToString() => Kind switch
    {
        FlowItemKind.Send => $"{Name} {From} → {To}",
        FlowItemKind.Action => $"action '{Name}' at {From}",
        _ => $"state '{Name}' {From} ↔ {To}" + (Media.Count > 0 ? $" [{string.Join(",", Media)}]" : string.Empty),
    };
}
