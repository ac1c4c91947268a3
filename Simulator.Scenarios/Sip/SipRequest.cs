using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// A SIP request. An INVITE outside a dialog is a CPM Session Invitation; inside a dialog
/// (<see cref="InDialog"/>) it is a re-INVITE, the CPM Session Modification. In-dialog requests carry
/// the dialog's route set (<see cref="Route"/>, the Signalling Path) and its remote target.
/// </summary>
public sealed class SipRequest : SipMessage
{
    public SipMethod Method { get; set; }

    /// <summary>The addressee, e.g. <c>tel:+15550100</c> or <c>sip:alice@cpm.example</c>.</summary>
    public string RequestUri { get; set; } = string.Empty;

    /// <summary>True for requests within an established dialog.</summary>
    public bool InDialog { get; set; }

    /// <summary>Remaining hops of the route set, first hop first.</summary>
    public NodeList Route;

    /// <summary>The remote target (Contact) the request goes to once the route set is exhausted; None when not yet known.</summary>
    public NodeId Target { get; set; } = NodeId.None;

    /// <summary>Proxies that asked to stay on the Signalling Path of the dialog this initial request creates.</summary>
    public NodeList RecordRoute;

    /// <summary>Set by the CPM server when it decided that the request needs interworking.</summary>
    public bool InterworkingDecided { get; set; }

    /// <summary>The node of the user agent that sent the initial request (its Contact).</summary>
    public NodeId Contact { get; set; } = NodeId.None;

    /// <summary>An ACK for a non-2xx final response: it goes one hop only and the receiver absorbs it (RFC 3261 §17.1.1.3).</summary>
    public bool AcksFailure { get; set; }

    /// <summary>Conversation-ID, Contribution-ID, From and P-Asserted-Identity (none on plumbing requests).</summary>
    public CpmHeaders Cpm { get; set; }

    /// <summary>The Max-Forwards a request starts with (RFC 3261 §8.1.1.6).</summary>
    public const int InitialMaxForwards = 70;

    /// <summary>
    /// Max-Forwards (RFC 3261 §8.1.1.6, §16.6 step 3): 70 on a request a user agent (or a B2BUA's leg)
    /// makes, one less at every proxy that forwards it; a proxy that receives it at 0 answers 483 Too
    /// Many Hops instead of forwarding it (§16.3 step 3).
    /// </summary>
    public int MaxForwards { get; set; } = InitialMaxForwards;

    /// <summary>The text of a MESSAGE.</summary>
    public string? Text { get; set; }

    /// <summary>What a server keeps to answer this request later: its headers and Record-Route list.</summary>
    public RequestHeaders AnswerHeaders
    {
        get
        {
            RequestHeaders kept = new() { Headers = Headers, RecordRoute = RecordRoute };
            kept.Headers.CSeqMethod = Method;
            return kept;
        }
    }

    public override string Kind => KindOf(Method, InDialog);

    /// <summary>The kind of a request of <paramref name="method"/>: <c>INVITE</c>, <c>re-INVITE</c> in a dialog, <c>ACK</c>, <c>BYE</c>, <c>MESSAGE</c>, <c>UPDATE</c>.</summary>
    public static string KindOf(SipMethod method, bool inDialog) => method switch
    {
        SipMethod.Invite => inDialog ? "re-INVITE" : "INVITE",
        SipMethod.Ack => "ACK",
        SipMethod.Bye => "BYE",
        SipMethod.Update => "UPDATE",
        SipMethod.Cancel => "CANCEL",
        _ => "MESSAGE",
    };

    public override string Word => Method switch
    {
        SipMethod.Invite => InDialog ? "Modification" : "Invitation",
        SipMethod.Ack => "ACK",
        SipMethod.Bye => "Release",
        SipMethod.Update => "Refresh",
        SipMethod.Cancel => "Cancel",
        _ => "Message",
    };

    public override string Rendering => Kind;

    /// <summary>ACKs, CANCELs and session refreshes (UPDATE) never carry a step number: plumbing, not CPM behaviour.</summary>
    public override bool Unnumbered => Method is SipMethod.Ack or SipMethod.Update or SipMethod.Cancel;

    public override SipMessage AsRetransmission()
    {
        SipRequest copy = Copy(null);
        copy.IsRetransmission = true;
        return copy;
    }

    public override int SizeBytes => base.SizeBytes + (Text?.Length ?? 0);

    /// <summary>A copy of this request, from <paramref name="pools"/> (or a new object when null).</summary>
    public SipRequest Copy(SipMessagePools? pools)
    {
        SipRequest c = pools?.Request() ?? new SipRequest();
        c.Overwrite(this);
        return c;
    }

    /// <summary>Sets every field of this request to those of <paramref name="source"/> (a request kept by the transaction layer).</summary>
    internal void Overwrite(SipRequest source)
    {
        CopyHeaders(source);
        Method = source.Method;
        RequestUri = source.RequestUri;
        InDialog = source.InDialog;
        Route = source.Route;
        Target = source.Target;
        RecordRoute = source.RecordRoute;
        InterworkingDecided = source.InterworkingDecided;
        Contact = source.Contact;
        AcksFailure = source.AcksFailure;
        Text = source.Text;
        Cpm = source.Cpm;
        MaxForwards = source.MaxForwards;
    }

    /// <summary>The hop-by-hop ACK that <paramref name="self"/> sends for a non-2xx final response to an INVITE.</summary>
    public static SipRequest AckFor(SipResponse failure, NodeId self, SipMessagePools? pools)
    {
        ArgumentNullException.ThrowIfNull(failure);
        SipRequest ack = pools?.Request() ?? new SipRequest();
        ack.Method = SipMethod.Ack;
        ack.Headers = failure.Headers with { CSeqMethod = SipMethod.Ack, Via = NodeList.Of(self) }; // the response's transaction, one hop
        ack.InDialog = true;
        ack.AcksFailure = true;
        return ack;
    }

    /// <summary>
    /// The request as forwarded by <paramref name="proxy"/>: its Via pushed, the route replaced and,
    /// when asked, the proxy record-routed. This object itself when the caller holds it and it is not
    /// retained (forwarding without a copy), else a copy from <paramref name="pools"/>.
    /// </summary>
    public SipRequest ForwardedBy(NodeId proxy, in NodeList route, bool recordRoute, bool interworkingDecided, SipMessagePools? pools)
    {
        SipRequest f = IsRetained ? Copy(pools) : this;
        f.Via.Add(proxy);
        f.MaxForwards--;
        f.Route = route;
        if (recordRoute)
        {
            f.RecordRoute.Add(proxy);
        }

        f.InterworkingDecided = interworkingDecided;
        return f;
    }

    protected override void Reset()
    {
        base.Reset();
        Method = default;
        RequestUri = string.Empty;
        InDialog = false;
        Route = default;
        Target = NodeId.None;
        RecordRoute = default;
        InterworkingDecided = false;
        Contact = NodeId.None;
        AcksFailure = false;
        Text = null;
        Cpm = default;
        MaxForwards = InitialMaxForwards;
    }
}
