using CpmSim.Core.Kernel;
using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// A B2BUA's side of the dialog its caller set up (this node as callee, user agent server): the
/// dialog, the request from upstream that still awaits its answer (the invitation, then a
/// modification), the highest CSeq seen (RFC 3261 §12.2.2) and the session expiry (RFC 4028). A value
/// inside the node's call state; <see cref="B2bua"/> reads and sets it through a <c>ref</c>.
/// </summary>
public struct UpstreamDialog
{
    /// <summary>The dialog's Call-ID (the caller's).</summary>
    public CallId CallId;

    public long Session;

    /// <summary>This node's view of the dialog (callee), to release it when its session expires.</summary>
    public Dialog Dialog;

    /// <summary>The highest CSeq of the caller's requests so far (RFC 3261 §12.2.2).</summary>
    public int RemoteCSeq;

    /// <summary>The method of the request numbered <see cref="RemoteCSeq"/> (a late copy of it is told from an out-of-order request by it).</summary>
    public SipMethod RemoteMethod;

    /// <summary>The branch of the initial INVITE: a late copy of it (its transaction over) is known by it.</summary>
    public long InviteBranch;

    /// <summary>The request (INVITE or re-INVITE) awaiting its answer, while <see cref="HasPending"/>.</summary>
    public RequestHeaders Pending;

    public bool HasPending;

    /// <summary>The dialog's session expiry (RFC 4028; set once the invitation is answered 2xx).</summary>
    public EventHandle Expiry;

    /// <summary>
    /// The callee's side of the dialog an initial INVITE opens, with that INVITE pending; answers carry
    /// <paramref name="call"/> as this node's tag (in-dialog requests find the call by it).
    /// </summary>
    public static UpstreamDialog Of(SipRequest invite, NodeId self, CallRef call)
    {
        ArgumentNullException.ThrowIfNull(invite);
        UpstreamDialog up = default;
        up.CallId = invite.CallId;
        up.Session = invite.Session;
        up.RemoteCSeq = invite.CSeq;
        up.RemoteMethod = SipMethod.Invite;
        up.InviteBranch = invite.Transaction;
        up.Pending = invite.AnswerHeaders;
        up.Pending.ToTag = call.Tag;
        up.HasPending = true;
        up.Dialog = Dialog.ForCallee(invite, self, invite.Contact, call.Tag);
        return up;
    }
}
