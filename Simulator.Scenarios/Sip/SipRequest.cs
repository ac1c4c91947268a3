using System.Collections.Immutable;
using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// A SIP request. An INVITE outside a dialog is a CPM Session Invitation; inside a dialog
/// (<see cref="InDialog"/>) it is a re-INVITE, the CPM Session Modification. In-dialog requests carry
/// the dialog's route set (<see cref="Route"/>, the Signalling Path) and its remote target.
/// </summary>
public sealed class SipRequest : SipMessage
{
    public SipRequest()
    {
    }

    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    private SipRequest(SipRequest other)
        : base(other)
    {
        Method = other.Method;
        RequestUri = other.RequestUri;
        InDialog = other.InDialog;
        Route = other.Route;
        Target = other.Target;
        RecordRoute = other.RecordRoute;
        InterworkingDecided = other.InterworkingDecided;
        Text = other.Text;
        Contact = other.Contact;
        AcksFailure = other.AcksFailure;
    }

    public required SipMethod Method { get; init; }

    /// <summary>The addressee, e.g. <c>tel:+15550100</c> or <c>sip:alice@cpm.example</c>.</summary>
    public required string RequestUri { get; init; }

    /// <summary>True for requests within an established dialog.</summary>
    public bool InDialog { get; init; }

    /// <summary>Remaining hops of the route set, first hop first.</summary>
    public ImmutableArray<NodeId> Route { get; init; } = [];

    /// <summary>The remote target (Contact) the request goes to once the route set is exhausted; None when not yet known.</summary>
    public NodeId Target { get; init; } = NodeId.None;

    /// <summary>Proxies that asked to stay on the Signalling Path of the dialog this initial request creates.</summary>
    public ImmutableArray<NodeId> RecordRoute { get; init; } = [];

    /// <summary>Set by the CPM server when it decided that the request needs interworking.</summary>
    public bool InterworkingDecided { get; init; }

    /// <summary>The node of the user agent that sent the initial request (its Contact).</summary>
    public NodeId Contact { get; init; } = NodeId.None;

    /// <summary>An ACK for a non-2xx final response: it goes one hop only and the receiver absorbs it (RFC 3261 §17.1.1.3).</summary>
    public bool AcksFailure { get; init; }

    /// <summary>The text of a MESSAGE.</summary>
    public string? Text { get; init; }

    public override string Kind => Method switch
    {
        SipMethod.Invite => InDialog ? "re-INVITE" : "INVITE",
        SipMethod.Ack => "ACK",
        SipMethod.Bye => "BYE",
        _ => "MESSAGE",
    };

    public override string Word => Method switch
    {
        SipMethod.Invite => InDialog ? "Modification" : "Invitation",
        SipMethod.Ack => "ACK",
        SipMethod.Bye => "Release",
        _ => "Message",
    };

    public override string Rendering => Kind;

    public override bool Unnumbered => Method == SipMethod.Ack;

    public override SipMessage AsRetransmission() => new SipRequest(this) { IsRetransmission = true };

    public override int SizeBytes => base.SizeBytes + (Text?.Length ?? 0);

    /// <summary>The hop-by-hop ACK that <paramref name="self"/> sends for a non-2xx final response to an INVITE.</summary>
    public static SipRequest AckFor(SipResponse failure, NodeId self) =>
        new()
        {
            Method = SipMethod.Ack,
            CallId = failure.CallId,
            Session = failure.Session,
            CSeq = failure.CSeq,
            CSeqMethod = SipMethod.Ack,
            Transaction = failure.Transaction,
            RequestUri = string.Empty,
            InDialog = true,
            Via = [self],
            AcksFailure = true,
        };

    /// <summary>A copy forwarded by <paramref name="proxy"/>: its Via pushed, and the given route changes.</summary>
    public SipRequest ForwardedBy(NodeId proxy, ImmutableArray<NodeId>? route = null, bool recordRoute = false, bool? interworkingDecided = null) =>
        new(this)
        {
            Via = Via.Push(proxy),
            Route = route ?? Route,
            RecordRoute = recordRoute ? RecordRoute.Add(proxy) : RecordRoute,
            InterworkingDecided = interworkingDecided ?? InterworkingDecided,
        };
}
