using System.Collections.Immutable;
using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// One side's view of a SIP dialog: the Call-ID, the route set recorded at establishment (the
/// Signalling Path, first hop first) and the remote target. In-dialog requests follow it.
/// </summary>
public sealed class Dialog
{
    private int _localCSeq;

    public Dialog(string callId, long session, NodeId self, string remoteUri, ImmutableArray<NodeId> routeSet, NodeId remoteTarget, int initialCSeq = 1)
    {
        CallId = callId;
        Session = session;
        Self = self;
        RemoteUri = remoteUri;
        RouteSet = routeSet;
        RemoteTarget = remoteTarget;
        _localCSeq = initialCSeq;
    }

    public string CallId { get; }

    public long Session { get; }

    public NodeId Self { get; }

    public string RemoteUri { get; }

    public ImmutableArray<NodeId> RouteSet { get; }

    public NodeId RemoteTarget { get; }

    /// <summary>The media streams as last agreed (offer/answer).</summary>
    public Sdp? Media { get; set; }

    /// <summary>The hop an in-dialog request goes to first.</summary>
    public NodeId FirstHop => RouteSet.IsEmpty ? RemoteTarget : RouteSet[0];

    /// <summary>The caller's view, from the 2xx to its initial INVITE: route set in record-route order.</summary>
    public static Dialog ForCaller(SipResponse ok, NodeId self, string remoteUri, int cseq) =>
        new(ok.CallId, ok.Session, self, remoteUri, ok.RecordRoute, ok.Contact, cseq);

    /// <summary>The callee's view, from the initial INVITE: route set in reverse record-route order.</summary>
    public static Dialog ForCallee(SipRequest invite, NodeId self, NodeId caller) =>
        new(invite.CallId, invite.Session, self, invite.RequestUri, [.. invite.RecordRoute.Reverse()], caller, 1000);

    /// <summary>A new in-dialog request (re-INVITE, BYE, MESSAGE) with the next CSeq.</summary>
    public SipRequest NewRequest(SipMethod method, long transaction, Sdp? body = null, string? text = null) =>
        new()
        {
            Method = method,
            CallId = CallId,
            Session = Session,
            CSeq = ++_localCSeq,
            CSeqMethod = method,
            Transaction = transaction,
            RequestUri = RemoteUri,
            InDialog = true,
            Route = RouteSet,
            Target = RemoteTarget,
            Via = [Self],
            Body = body,
            Text = text,
        };

    /// <summary>The end-to-end ACK for a 2xx to an INVITE sent in or establishing this dialog.</summary>
    public SipRequest Ack(SipResponse ok, long transaction) =>
        new()
        {
            Method = SipMethod.Ack,
            CallId = CallId,
            Session = Session,
            CSeq = ok.CSeq,
            CSeqMethod = SipMethod.Ack,
            Transaction = transaction,
            RequestUri = RemoteUri,
            InDialog = true,
            Route = RouteSet,
            Target = RemoteTarget,
            Via = [Self],
        };
}
