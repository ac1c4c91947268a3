using CpmSim.Core.Tracing;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Flows;

/// <summary>
/// A trace record in the standard's terms: roles instead of node names, the seed's word for the
/// message, its SIP rendering, and (after matching) the step it is.
/// </summary>
public sealed record ObservedRecord
{
    public required FlowItemKind Kind { get; init; }

    /// <summary>Message word (<c>Modification</c>), action name, or state name.</summary>
    public required string Name { get; init; }

    /// <summary>SIP (or non-CPM) rendering of a message, e.g. <c>re-INVITE</c>, <c>488 (warning 304)</c>; the detail of an action or state.</summary>
    public required string Rendering { get; init; }

    /// <summary>The full label: a message with its body (<c>re-INVITE [chat,file(120KB)]</c>), an action's or state's detail.</summary>
    public string Detail { get; init; } = string.Empty;

    public required string FromRole { get; init; }

    public required string ToRole { get; init; }

    public required string FromNode { get; init; }

    public required string ToNode { get; init; }

    public required long SentNs { get; init; }

    /// <summary>Arrival time; -1 when a message was lost.</summary>
    public required long ReceivedNs { get; init; }

    public required long Session { get; init; }

    /// <summary>ACKs and provisional responses: never numbered.</summary>
    public bool Unnumbered { get; init; }

    /// <summary>A retransmitted copy: numbered only when it stands in for a lost original.</summary>
    public bool Retransmission { get; init; }

    /// <summary>A message lost on a link: never numbered (its retransmission may be).</summary>
    public bool Lost => Kind == FlowItemKind.Send && ReceivedNs < 0;

    /// <summary>The message itself (sends of an in-memory trace only), for rendering it in full; null otherwise.</summary>
    public object? Payload { get; init; }

    /// <summary>The step label the matcher gave it (null: none).</summary>
    public string? Step { get; init; }

    /// <summary>Converts a trace record; nodes without a role keep their node name as role.</summary>
    public static ObservedRecord From(TraceRecord r, IReadOnlyDictionary<string, string> roleOfNode)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(roleOfNode);
        FlowItemKind kind = r.Kind switch
        {
            TraceKind.Send => FlowItemKind.Send,
            TraceKind.Action => FlowItemKind.Action,
            _ => FlowItemKind.State,
        };
        var flow = r.Payload as IFlowMessage;
        return new ObservedRecord
        {
            Kind = kind,
            Name = kind == FlowItemKind.Send ? flow?.Word ?? r.MessageKind : r.MessageKind,
            Rendering = kind == FlowItemKind.Send ? flow?.Rendering ?? r.MessageKind : r.Label,
            Detail = r.Label,
            FromRole = roleOfNode.TryGetValue(r.From, out string? fr) ? fr : r.From,
            ToRole = roleOfNode.TryGetValue(r.To, out string? tr) ? tr : r.To,
            FromNode = r.From,
            ToNode = r.To,
            SentNs = r.SentNs,
            ReceivedNs = r.ReceivedNs,
            Session = r.SessionId,
            Unnumbered = flow?.Unnumbered ?? false,
            Retransmission = flow?.IsRetransmission ?? false,
            Payload = r.Payload,
        };
    }

    public override string ToString() => Kind switch
    {
        FlowItemKind.Send => $"{Name} {FromRole} → {ToRole} ({Rendering})",
        FlowItemKind.Action => $"action '{Name}' at {FromRole}",
        _ => $"state '{Name}' {FromRole} ↔ {ToRole} [{Rendering}]",
    };
}
