using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// One side's view of a SIP dialog: the Call-ID, the route set recorded at establishment (the
/// Signalling Path, first hop first) and the remote target. In-dialog requests follow it. A value
/// kept inside a node's call state (no heap object); <c>default</c> is no dialog
/// (<see cref="IsEstablished"/> false). Call <see cref="NewRequest"/> on the stored dialog, not on a
/// copy: it counts the local CSeq.
/// </summary>
public struct Dialog
{
    private int _localCSeq;

    public Dialog(CallId callId, long session, NodeId self, string remoteUri, in NodeList routeSet, NodeId remoteTarget, int initialCSeq = 1, long localTag = 0, long remoteTag = 0)
    {
        LocalTag = localTag;
        RemoteTag = remoteTag;
        CallId = callId;
        Session = session;
        Self = self;
        RemoteUri = remoteUri;
        RouteSet = routeSet;
        RemoteTarget = remoteTarget;
        _localCSeq = initialCSeq;
        IsEstablished = true;
    }

    public CallId CallId { get; }

    public long Session { get; }

    public NodeId Self { get; }

    public string RemoteUri { get; }

    /// <summary>The Signalling Path, first hop first (a field: read in place).</summary>
    public readonly NodeList RouteSet;

    public NodeId RemoteTarget { get; }

    /// <summary>This side's tag (its call-state handle): the From tag of its in-dialog requests.</summary>
    public long LocalTag { get; }

    /// <summary>The other side's tag: the To tag of this side's in-dialog requests.</summary>
    public long RemoteTag { get; }

    /// <summary>False for <c>default</c>: no dialog.</summary>
    public bool IsEstablished { get; }

    /// <summary>The media streams as last agreed (offer/answer); a field, read and set in place.</summary>
    public Sdp Media;

    /// <summary>The hop an in-dialog request goes to first.</summary>
    public readonly NodeId FirstHop => RouteSet.IsEmpty ? RemoteTarget : RouteSet.First;

    /// <summary>The caller's view, from the 2xx to its initial INVITE: route set in record-route order.</summary>
    public static Dialog ForCaller(SipResponse ok, NodeId self, string remoteUri, int cseq)
    {
        ArgumentNullException.ThrowIfNull(ok);
        return new Dialog(ok.CallId, ok.Session, self, remoteUri, ok.RecordRoute, ok.Contact, cseq, ok.FromTag, ok.ToTag);
    }

    /// <summary>The callee's view, from the initial INVITE: route set in reverse record-route order; <paramref name="localTag"/> is the callee's own tag.</summary>
    public static Dialog ForCallee(SipRequest invite, NodeId self, NodeId caller, long localTag = 0)
    {
        ArgumentNullException.ThrowIfNull(invite);
        return new Dialog(invite.CallId, invite.Session, self, invite.RequestUri, invite.RecordRoute.Reversed(), caller, 1000, localTag, invite.FromTag);
    }

    /// <summary>A new in-dialog request (re-INVITE, BYE, MESSAGE) with the next CSeq.</summary>
    public SipRequest NewRequest(SipMethod method, long transaction, SipMessagePools? pools, Sdp body = default, string? text = null)
    {
        SipRequest r = InDialog(method, ++_localCSeq, transaction, pools);
        r.Body = body;
        r.Text = text;
        return r;
    }

    /// <summary>The end-to-end ACK for a 2xx to an INVITE sent in or establishing this dialog.</summary>
    public readonly SipRequest Ack(SipResponse ok, long transaction, SipMessagePools? pools)
    {
        ArgumentNullException.ThrowIfNull(ok);
        return InDialog(SipMethod.Ack, ok.CSeq, transaction, pools);
    }

    /// <summary>A request of this dialog: its Call-ID, tags, Signalling Path and target.</summary>
    private readonly SipRequest InDialog(SipMethod method, int cseq, long transaction, SipMessagePools? pools)
    {
        SipRequest r = pools?.Request() ?? new SipRequest();
        r.Method = method;
        r.Headers = new SipHeaders
        {
            CallId = CallId,
            Session = Session,
            CSeq = cseq,
            CSeqMethod = method,
            Transaction = transaction,
            FromTag = LocalTag,
            ToTag = RemoteTag,
            Via = NodeList.Of(Self),
        };
        r.RequestUri = RemoteUri;
        r.InDialog = true;
        r.Route = RouteSet;
        r.Target = RemoteTarget;
        return r;
    }
}
