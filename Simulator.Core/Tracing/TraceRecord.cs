namespace CpmSim.Core.Tracing;

/// <summary>
/// One trace record. For a <see cref="TraceKind.Send"/> the times are when the message left and
/// when it reached the receiver's ingress (<see cref="Lost"/> when it never did); for actions and
/// states both times are the instant and <see cref="To"/> equals <see cref="From"/>.
/// Times are virtual nanoseconds.
/// </summary>
public sealed record TraceRecord
{
    public required TraceKind Kind { get; init; }

    public required long SentNs { get; init; }

    public required long ReceivedNs { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    /// <summary>The message kind (<c>INVITE</c>, <c>200</c>) or the action's name.</summary>
    public required string MessageKind { get; init; }

    /// <summary>The message's own rendering, or the action's detail.</summary>
    public string Label { get; init; } = string.Empty;

    public long SessionId { get; init; }

    public string? DialogId { get; init; }

    /// <summary>The message itself (sends only), for domain-level analysis of an in-memory trace.</summary>
    public object? Payload { get; init; }

    public bool Lost { get; init; }
}
