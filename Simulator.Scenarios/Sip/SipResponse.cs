using System.Collections.Immutable;
using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// A SIP response. It retraces the request's Via stack. A 2xx to an initial INVITE carries the
/// record-route set and the answerer's contact, from which the caller builds the dialog's route set.
/// </summary>
public sealed class SipResponse : SipMessage
{
    public SipResponse()
    {
    }

    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    private SipResponse(SipResponse other)
        : base(other)
    {
        Status = other.Status;
        Warning = other.Warning;
        RecordRoute = other.RecordRoute;
        Contact = other.Contact;
        NewlyRejected = other.NewlyRejected;
        RetryAfter = other.RetryAfter;
    }

    public required int Status { get; init; }

    /// <summary>SIP warning code, e.g. 304 (media type not available) with a 488.</summary>
    public int? Warning { get; init; }

    public ImmutableArray<NodeId> RecordRoute { get; init; } = [];

    /// <summary>Retry-After of a 503: when the sender may try again.</summary>
    public CpmSim.Core.Kernel.SimTime? RetryAfter { get; init; }

    /// <summary>The node that answered (the dialog's remote target for the caller).</summary>
    public NodeId Contact { get; init; } = NodeId.None;

    /// <summary>Streams offered with a port that this answer rejects (port 0, or all of them with a 488).</summary>
    public ImmutableArray<MediaType> NewlyRejected { get; init; } = [];

    public override string Kind => Status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override string Word => Status switch
    {
        StatusCodes.Trying => "Trying",
        StatusCodes.Ringing => "Ringing",
        StatusCodes.NotAcceptableHere => "Rejected",
        StatusCodes.RequestTimeout => "Timeout",
        _ when StatusCodes.IsSuccess(Status) => NewlyRejected.IsEmpty ? "OK" : "Rejected",
        _ => "Failure",
    };

    public override string Rendering => Warning is int w ? $"{Status} (warning {w})" : RetryAfter is { } r ? $"{Status} (retry after {r})" : Kind;

    public override bool Unnumbered => StatusCodes.IsProvisional(Status);

    public override SipMessage AsRetransmission() => new SipResponse(this) { IsRetransmission = true };

    /// <summary>The copy a node passes on after removing itself from the top of the Via stack.</summary>
    public SipResponse Popped() => new(this) { Via = Via.Pop() };

    /// <summary>A response to <paramref name="request"/>.</summary>
    public static SipResponse To(SipRequest request, int status, NodeId contact, Sdp? body = null, int? warning = null, IEnumerable<MediaType>? newlyRejected = null, CpmSim.Core.Kernel.SimTime? retryAfter = null) =>
        new()
        {
            CallId = request.CallId,
            Session = request.Session,
            CSeq = request.CSeq,
            CSeqMethod = request.Method,
            Transaction = request.Transaction,
            Via = request.Via,
            Status = status,
            Warning = warning,
            RecordRoute = request.RecordRoute,
            Contact = contact,
            Body = body,
            NewlyRejected = newlyRejected is null ? [] : [.. newlyRejected],
            RetryAfter = retryAfter,
        };
}
