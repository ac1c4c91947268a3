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

    /// <summary>Strict: the SDP m-lines the message carries, in order (<c>chat</c>, <c>file</c>, <c>file:0</c> for port 0); null: not checked.</summary>
    public IReadOnlyList<string>? Sdp { get; init; }

    /// <summary>Strict: the warning code the response carries (e.g. 304); null: not checked.</summary>
    public int? Warning { get; init; }

    /// <summary>
    /// Strict: the media types the message rejects, in either encoding SIP allows: a 488 with Warning 304, or a 2xx whose SDP has those streams at port 0 (RFC 3264 §6); null: not checked.
    /// </summary>
    public IReadOnlyList<string>? Rejects { get; init; }

    /// <summary>Strict: the provisional response (e.g. 100) the request's receiver sends back before its final one; null: not checked.</summary>
    public int? Provisional { get; init; }

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
