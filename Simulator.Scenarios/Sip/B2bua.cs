using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// A back-to-back user agent (RFC 3261 §6; RFC 7092): the callee of a dialog from upstream
/// (<see cref="UpstreamDialog"/>) and the caller of one or more legs downstream (<see cref="UacLeg"/>).
/// This class holds what every B2BUA does the same way, so that a node kind (ISF, Controlling
/// Function) writes only its own decisions:
/// <list type="bullet">
/// <item>an initial INVITE: 100 Trying, a second INVITE of a call held answered 500 (a late copy of the call's own absorbed), then the node's <see cref="OnInvitation"/>;</item>
/// <item>in-dialog requests from upstream: an out-of-order CSeq 500 (§12.2.2); a re-INVITE while one is
/// pending 500 + Retry-After (§14.2), with no session downstream 481, else 100 Trying and the node's
/// <see cref="OnModification"/>; BYE: 200, BYE on every leg, the call ends (a pending request
/// answered 487, §15.1.2); UPDATE: the session refresh answered (RFC 4028);</item>
/// <item>requests on a leg from downstream: a re-INVITE while this node's own is in progress 491
/// (glare, §14.2); BYE: 200 and the leg's dialog is over (<see cref="OnLegGone"/>); others 200;</item>
/// <item>a leg's final response or time-out (Timer B or C, noted as such): <see cref="OnLegFinal"/>; a 2xx nobody waits for is ACKed (and released);</item>
/// <item>a CANCEL of the pending request: 487, and what it started is cancelled;</item>
/// <item>a session expiry or an unacknowledged 2xx upstream: BYE both ways, the call ends.</item>
/// </list>
/// Inside the node a call and a leg are its own numbers (table slots); outside it (timers, tags) they
/// are a <see cref="CallRef"/> and a <see cref="LegRef"/>, which the node maps to its numbers.
/// </summary>
public abstract class B2bua : SipNode
{
    protected B2bua(string name)
        : base(name)
    {
    }

    /// <summary>The call of an upstream dialog: by this node's tag in the message, else by the Call-ID.</summary>
    protected abstract bool FindCall(CallId callId, CallRef tag, out int call);

    /// <summary>The call a reference (from <see cref="RefOf"/>) names, if it still exists.</summary>
    protected abstract bool ResolveCall(CallRef reference, out int call);

    /// <summary>The call's reference: this node's tag in the upstream dialog, and what its session expiry carries.</summary>
    protected abstract CallRef RefOf(int call);

    /// <summary>The call's upstream dialog (stored in the node's call state).</summary>
    protected abstract ref UpstreamDialog Upstream(int call);

    /// <summary>The leg of a downstream dialog: by this node's tag in the message, else by the Call-ID.</summary>
    protected abstract bool FindLeg(CallId callId, LegRef tag, out int leg);

    /// <summary>The leg a reference (as given to <see cref="SipNode.SendOnLeg"/>) names, if it still exists.</summary>
    protected abstract bool ResolveLeg(LegRef reference, out int leg);

    /// <summary>The leg's caller state (stored in the node's call state).</summary>
    protected abstract ref UacLeg Leg(int leg);

    /// <summary>How many legs the call has.</summary>
    protected abstract int LegCount(int call);

    /// <summary>The call's <paramref name="i"/>-th leg.</summary>
    protected abstract int LegAt(int call, int i);

    /// <summary>
    /// A new initial INVITE (100 Trying sent; not a second one of a call held): the node decides, makes
    /// its call state (with <see cref="UpstreamDialog.Of"/>) and opens its leg, or answers it.
    /// </summary>
    protected abstract void OnInvitation(SipRequest invite);

    /// <summary>Whether the call still has a session downstream to modify (else a re-INVITE gets 481).</summary>
    protected abstract bool HasSessionDownstream(int call);

    /// <summary>
    /// A re-INVITE from upstream, now pending (100 Trying sent, kept in <see cref="UpstreamDialog.Pending"/>):
    /// the node passes it on along its leg. Answer it with <see cref="AnswerUpstream"/>.
    /// </summary>
    protected abstract void OnModification(int call, SipRequest reInvite);

    /// <summary>The final answer of a leg's request: a response, or the 408 of its time-out.</summary>
    protected abstract void OnLegFinal(int leg, in AnsweredRequest request, SipResponse response);

    /// <summary>The leg's dialog is over at the far end (its BYE, or a failed refresh) and no request of it is outstanding.</summary>
    protected abstract void OnLegGone(int leg);

    /// <summary>Drops the call and its legs from the node's tables (the legs were abandoned, the pending request answered).</summary>
    protected abstract void ForgetCall(int call);

    /// <summary>Who a leg goes to, for the trace (e.g. <c> from IWF-A</c>); empty by default.</summary>
    protected virtual string LegPeer(int leg) => string.Empty;

    protected sealed override void OnRequest(SipRequest request, NodeId from)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.InDialog)
        {
            if (request.Method != SipMethod.Invite)
            {
                Respond(request, StatusCodes.NotFound);
                return;
            }

            bool held = FindCall(request.CallId, CallRef.None, out int heldCall);
            if (held && Upstream(heldCall).InviteBranch == request.Transaction)
            {
                AbsorbLateCopy(request); // the call's own INVITE, a copy that outlived its transaction
                return;
            }

            Respond(request, StatusCodes.Trying);
            if (held)
            {
                Respond(request, StatusCodes.ServerInternalError); // a second INVITE of a call held (copies of the first are absorbed)
                return;
            }

            OnInvitation(request);
            return;
        }

        if (FindCall(request.CallId, CallRef.FromTag(request.ToTag), out int call))
        {
            OnUpstreamRequest(call, request);
        }
        else if (request.Method is not (SipMethod.Ack or SipMethod.Update) && FindLeg(request.CallId, LegRef.FromTag(request.ToTag), out int leg))
        {
            OnLegRequest(leg, request);
        }
        else if (request.Method != SipMethod.Ack)
        {
            Respond(request, StatusCodes.CallDoesNotExist); // a dialog this node does not hold, or no longer (RFC 3261 §12.2.2; or lost in a crash)
        }
    }

    private void OnUpstreamRequest(int call, SipRequest request)
    {
        ref UpstreamDialog up = ref Upstream(call);
        if (request.Method != SipMethod.Ack)
        {
            // A copy of a request is answered again by its server transaction and never reaches this
            // node — unless it outlived the transaction (over UDP, a T1 far below the round trip): a late
            // copy of the dialog's last refresh is answered as the refresh was (an UPDATE is idempotent).
            // A lower CSeq is out of order (RFC 3261 §12.2.2): 500, never acted on; so is a late copy
            // of another request (acting on it again would repeat it).
            if (request.CSeq == up.RemoteCSeq && request.Method == SipMethod.Update && up.RemoteMethod == SipMethod.Update)
            {
                AnswerRefresh(request, ref up.Expiry, RefOf(call));
                return;
            }

            if (request.CSeq <= up.RemoteCSeq)
            {
                Respond(request, StatusCodes.ServerInternalError);
                return;
            }

            up.RemoteCSeq = request.CSeq;
            up.RemoteMethod = request.Method;
        }

        switch (request.Method)
        {
            case SipMethod.Invite when up.HasPending:
                RespondInvitePending(request); // the invitation or a modification still awaits its answer
                break;
            case SipMethod.Invite when !HasSessionDownstream(call):
                Respond(request, StatusCodes.CallDoesNotExist); // the far side of the session is gone (its BYE, a failed refresh): nothing to modify
                break;
            case SipMethod.Invite:
                Respond(request, StatusCodes.Trying);
                up.Pending = request.AnswerHeaders;
                up.HasPending = true;
                OnModification(call, request);
                break;
            case SipMethod.Bye:
                Respond(request, StatusCodes.Ok);
                ReleaseLegs(call);
                EndCall(call);
                break;
            case SipMethod.Update:
                // A session refresh from upstream: answered here; each leg refreshes itself.
                AnswerRefresh(request, ref up.Expiry, RefOf(call));
                break;
            case SipMethod.Ack:
                break;
            default:
                Respond(request, StatusCodes.Ok);
                break;
        }
    }

    /// <summary>A request from the far end of a leg: nothing of it is passed upstream.</summary>
    private void OnLegRequest(int leg, SipRequest request)
    {
        ref UacLeg uac = ref Leg(leg);
        if (RespondIfGlare(ref uac, request))
        {
            return;
        }

        Respond(request, StatusCodes.Ok);
        if (request.Method == SipMethod.Bye)
        {
            StopRefreshing(ref uac);
            if (!uac.HasOutstanding)
            {
                OnLegGone(leg); // else the outstanding request completes it as usual
            }
        }
    }

    protected sealed override void OnResponse(SipResponse response, NodeId from)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.CSeqMethod != SipMethod.Invite || StatusCodes.IsProvisional(response.Status))
        {
            return;
        }

        if (!FindLeg(response.CallId, LegRef.FromTag(response.FromTag), out int leg))
        {
            AnswerStray(response, default); // the call has ended
        }
        else if (CompleteLeg(ref Leg(leg), response, from, out AnsweredRequest request))
        {
            OnLegFinal(leg, request, response);
        }
        else
        {
            AnswerStray(response, Leg(leg).Dialog);
        }
    }

    protected sealed override void OnLegTimedOut(LegRef leg, LegTimeout timeout)
    {
        if (ResolveLeg(leg, out int slot) && ExpireLeg(ref Leg(slot), out AnsweredRequest request))
        {
            NoteLegTimeout(request.Session, timeout, LegPeer(slot));
            OnLegFinal(slot, request, TimeoutFor(request));
        }
    }

    /// <summary>
    /// The caller cancelled its pending request (RFC 3261 §9.2): answered 487, and what this node
    /// started for it is cancelled — the whole call when it was the invitation, else the legs'
    /// requests in progress (a leg not set up yet is gone).
    /// </summary>
    protected sealed override void OnCancelled(in RequestHeaders invite)
    {
        base.OnCancelled(invite);
        if (!FindCall(invite.CallId, CallRef.FromTag(invite.ToTag), out int call) || !Upstream(call).HasPending || Upstream(call).Pending.Transaction != invite.Transaction)
        {
            return;
        }

        Upstream(call).HasPending = false;
        if (invite.ToTag == 0)
        {
            EndCall(call); // abandons the legs: their INVITEs in progress are cancelled
            return;
        }

        for (int i = LegCount(call) - 1; i >= 0; i--)
        {
            int leg = LegAt(call, i);
            CancelOutstanding(ref Leg(leg));
            if (!Leg(leg).Dialog.IsEstablished)
            {
                OnLegGone(leg); // a leg opened for the modification, not set up yet
            }
        }
    }

    /// <summary>The 2xx to the invitation was never ACKed (RFC 3261 §13.3.1.4): BYE on every leg, and the call ends.</summary>
    protected sealed override void OnAnswerUnacknowledged(CallId callId)
    {
        if (FindCall(callId, CallRef.None, out int call))
        {
            Note("answer unacknowledged", Upstream(call).Session, $"no ACK for the 2xx on {callId} within 64·T1: the session is released");
            ReleaseLegs(call);
            EndCall(call);
        }
    }

    /// <summary>The upstream dialog saw no refresh for the session interval (RFC 4028 §10): BYE to every side, and the call ends.</summary>
    protected sealed override void OnSessionExpired(CallRef reference)
    {
        if (!ResolveCall(reference, out int call))
        {
            return;
        }

        ref UpstreamDialog up = ref Upstream(call);
        Note("session expired", up.Session, $"no refresh of {up.CallId} within {Timers.SessionExpires}: the session is released");
        ReleaseLegs(call);
        SendRequest(up.Dialog.NewRequest(SipMethod.Bye, NewTransaction(), Pools));
        EndCall(call);
    }

    protected sealed override ref UacLeg RefreshedLeg(LegRef reference) =>
        ref ResolveLeg(reference, out int leg) ? ref Leg(leg) : ref System.Runtime.CompilerServices.Unsafe.NullRef<UacLeg>();

    /// <summary>A leg's refresh found its dialog gone (the upstream dialog stays until released or expired).</summary>
    protected sealed override void OnDialogGone(LegRef reference)
    {
        if (ResolveLeg(reference, out int leg) && !Leg(leg).HasOutstanding)
        {
            OnLegGone(leg);
        }
    }

    /// <summary>
    /// Answers the call's pending upstream request. For the invitation (<paramref name="initial"/>), a
    /// 2xx starts the upstream dialog's session expiry, a failure ends the call.
    /// </summary>
    protected void AnswerUpstream(int call, bool initial, int status, Sdp body = default, int warning = 0)
    {
        ref UpstreamDialog up = ref Upstream(call);
        up.HasPending = false;
        Respond(up.Pending, status, body, warning);
        if (!initial)
        {
            return;
        }

        if (StatusCodes.IsSuccess(status))
        {
            RearmExpiry(ref Upstream(call).Expiry, RefOf(call)); // the upstream dialog stands: its session timer runs
        }
        else
        {
            EndCall(call);
        }
    }

    /// <summary>Sends BYE on every leg whose dialog stands.</summary>
    protected void ReleaseLegs(int call)
    {
        for (int i = 0; i < LegCount(call); i++)
        {
            ref UacLeg leg = ref Leg(LegAt(call, i));
            if (leg.Dialog.IsEstablished)
            {
                SendRequest(leg.Dialog.NewRequest(SipMethod.Bye, NewTransaction(), Pools));
            }
        }
    }

    /// <summary>
    /// Ends a call: a request from upstream still waiting for its answer — the call ends under it, e.g.
    /// by a BYE — is answered 487 (RFC 3261 §15.1.2); the legs are abandoned (an INVITE in progress is
    /// cancelled), the session expiry stopped, and the node forgets the call.
    /// </summary>
    protected void EndCall(int call)
    {
        ref UpstreamDialog up = ref Upstream(call);
        if (up.HasPending)
        {
            up.HasPending = false;
            Respond(up.Pending, StatusCodes.RequestTerminated);
        }

        for (int i = 0; i < LegCount(call); i++)
        {
            AbandonLeg(ref Leg(LegAt(call, i)));
        }

        CancelTimer(Upstream(call).Expiry);
        ForgetCall(call);
    }
}
