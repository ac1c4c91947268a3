using System.Runtime.CompilerServices;
using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// The CPM server of the interworking network acting as CPM Controlling Function (seed NOTE 1/2): a
/// B2BUA that anchors the media. Toward the originator it answers with its own media endpoint; toward
/// the non-CPM side it makes the interworking decision and holds the session itself, so the session for
/// an added stream stands between the Controlling Function and the IWF (NOTE 2). MSRP is relayed.
/// </summary>
public sealed class ControllingFunction : SipNode
{
    private readonly SlotTable<CfCall> _calls = new();
    private readonly Dictionary<CallId, int> _byUpCallId = [];
    private readonly Dictionary<CallId, int> _byDownCallId = [];
    private readonly Dictionary<long, int> _bySession = [];
    private MessagePool<MsrpMessage>? _msrp;

    public ControllingFunction(string name)
        : base(name)
    {
    }

    public Balancer Core { get; set; } = Balancer.None;

    public HashSet<string> CpmDomains { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int ActiveCalls => _calls.Count;

    protected override int HeldCallState => _calls.Count + _byUpCallId.Count + _byDownCallId.Count + _bySession.Count;

    private MessagePool<MsrpMessage> Msrp => _msrp ??= Network.Shared<MessagePool<MsrpMessage>>();

    /// <summary>A crash: every call is forgotten.</summary>
    protected override void OnCrash()
    {
        base.OnCrash();
        _calls.Clear();
        _byUpCallId.Clear();
        _byDownCallId.Clear();
        _bySession.Clear();
    }

    protected override void OnRequest(SipRequest request, NodeId from)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.InDialog && request.Method == SipMethod.Invite)
        {
            OnInvite(request);
            return;
        }

        if (FindByUp(request.CallId, request.ToTag, out int call))
        {
            OnUpstream(call, request);
        }
        else if (request.Method is not (SipMethod.Ack or SipMethod.Update) && FindByDown(request.CallId, request.ToTag, out int down))
        {
            OnDownstream(down, request);
        }
        else if (request.Method != SipMethod.Ack)
        {
            Respond(request, StatusCodes.CallDoesNotExist); // a dialog this CF does not hold, or no longer (RFC 3261 §12.2.2; or lost in a crash)
        }
    }

    /// <summary>A request from the interworking side on the CF's leg (the ISF releasing it, when its upstream dialog expired).</summary>
    private void OnDownstream(int slot, SipRequest request)
    {
        ref UacLeg leg = ref _calls[slot].Leg;
        if (request.Method == SipMethod.Invite && leg.HasOutstanding && leg.Outstanding.Method == SipMethod.Invite)
        {
            Respond(request, StatusCodes.RequestPending); // glare: the CF's own re-INVITE on this leg is in progress (RFC 3261 §14.2)
            return;
        }

        Respond(request, StatusCodes.Ok);
        if (request.Method == SipMethod.Bye && !leg.HasOutstanding)
        {
            EndDialog(ref leg); // the leg's dialog is over; the upstream dialog stays until released or expired
        }
    }

    private void OnInvite(SipRequest invite)
    {
        Respond(invite, StatusCodes.Trying);
        if (_byUpCallId.ContainsKey(invite.CallId))
        {
            Respond(invite, StatusCodes.ServerInternalError); // a second INVITE of a call this CF holds (not a copy: the transaction layer absorbs those)
            return;
        }

        bool nonCpm = !CpmAddress.IsCpm(invite.RequestUri, CpmDomains);
        if (IsTraced(invite.Session))
        {
            Note("interworking decision", invite.Session, nonCpm
                ? $"{invite.RequestUri} is not a CPM address: interworking needed"
                : $"{invite.RequestUri} is a CPM address: no interworking");
        }

        int slot = _calls.Add();
        ref CfCall call = ref _calls[slot];
        call.UpCallId = invite.CallId;
        call.DownCallId = invite.CallId.DerivedByControllingFunction();
        call.Session = invite.Session;
        call.UpCSeq = invite.CSeq;
        call.UpDialog = Dialog.ForCallee(invite, Id, invite.Contact, _calls.HandleOf(slot));
        _byUpCallId.Add(call.UpCallId, slot);
        _byDownCallId.Add(call.DownCallId, slot);
        _bySession[invite.Session] = slot;
        SipRequest down = NewInvite(call.DownCallId, invite.Session, _calls.HandleOf(slot), invite.RequestUri, Core.Pick(invite.Session), invite.Body.AnchoredAt(Id));
        down.InterworkingDecided = nonCpm;
        down.Cpm = invite.Cpm.Asserted(); // the originating CPM server asserts its user's identity (RFC 3325)
        call.Cpm = down.Cpm;
        SendDown(slot, down, invite);
    }

    private void SendDown(int slot, SipRequest down, SipRequest up)
    {
        ref CfCall call = ref _calls[slot];
        call.PendingUp = up.Headers;
        if (call.PendingUp.ToTag == 0)
        {
            call.PendingUp.ToTag = _calls.HandleOf(slot); // the CF's tag in its answers upstream
        }

        call.HasPendingUp = true;
        SendOnLeg(ref call.Leg, down, _calls.HandleOf(slot));
    }

    private void OnUpstream(int slot, SipRequest request)
    {
        ref CfCall call = ref _calls[slot];

        // A copy of a request is answered again by its server transaction and never reaches this
        // node; one that comes after the transaction is over is out of order.
        if (request.Method != SipMethod.Ack && request.CSeq <= call.UpCSeq)
        {
            // An older request of the dialog (a late copy of a transaction already answered):
            // RFC 3261 §12.2.2 — out of order, rejected with 500 and never acted on.
            Respond(request, StatusCodes.ServerInternalError);
            return;
        }

        if (request.Method != SipMethod.Ack)
        {
            call.UpCSeq = request.CSeq;
        }

        switch (request.Method)
        {
            case SipMethod.Invite when call.HasPendingUp:
                RespondInvitePending(request); // the invitation or a modification still awaits its answer
                break;
            case SipMethod.Invite when !call.Leg.Dialog.IsEstablished:
                // The interworking side of the session is gone (a failed refresh): nothing to modify.
                Respond(request, StatusCodes.CallDoesNotExist);
                break;
            case SipMethod.Invite:
                Respond(request, StatusCodes.Trying);
                Note("in-session request", call.Session, $"{request.Kind} within the ongoing session: no interworking decision");
                SipRequest modification = call.Leg.Dialog.NewRequest(SipMethod.Invite, NewTransaction(), Pools, request.Body.AnchoredAt(Id));
                modification.Cpm = call.Cpm;
                SendDown(slot, modification, request);
                break;
            case SipMethod.Bye:
                Respond(request, StatusCodes.Ok);
                if (call.Leg.Dialog.IsEstablished)
                {
                    SendRequest(call.Leg.Dialog.NewRequest(SipMethod.Bye, NewTransaction(), Pools));
                }

                End(slot);
                break;
            case SipMethod.Update:
                // A session refresh from upstream: answered here; the leg toward the interworking side refreshes itself.
                AnswerRefresh(request, ref call.Expiry, _calls.HandleOf(slot));
                break;
            case SipMethod.Ack:
                break;
            default:
                Respond(request, StatusCodes.Ok);
                break;
        }
    }

    protected override void OnResponse(SipResponse response, NodeId from)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.CSeqMethod != SipMethod.Invite || StatusCodes.IsProvisional(response.Status))
        {
            return;
        }

        if (!FindByDown(response.CallId, response.FromTag, out int slot))
        {
            AnswerStray(response, default); // the call has ended
            return;
        }

        if (!CompleteLeg(ref _calls[slot].Leg, response, from, out AnsweredRequest request))
        {
            AnswerStray(response, _calls[slot].Leg.Dialog);
            return;
        }

        long session = _calls[slot].Session;
        Answer(slot, request, response);
        if (StatusCodes.IsSuccess(response.Status))
        {
            // The session this answer sets up stands from now; recorded once the answer is passed
            // on, in the same instant (the seed's order: the OK reaches the originator, step 22, then
            // the new session, step 23).
            NoteNewMedia(session, response.Body);
        }
    }

    protected override void OnTimerB(long leg)
    {
        if (_calls.TryResolve(leg, out int slot) && ExpireLeg(ref _calls[slot].Leg, out AnsweredRequest request))
        {
            Note("timer B expired", _calls[slot].Session, $"no final response within {Timers.TimerB}");
            Answer(slot, request, TimeoutFor(request));
        }
    }

    private void Answer(int slot, in AnsweredRequest down, SipResponse response)
    {
        ref CfCall call = ref _calls[slot];
        RequestHeaders up = call.PendingUp;
        call.HasPendingUp = false;
        Respond(up, response.Status, response.Body.AnchoredAt(Id), response.Warning);
        if (!down.InDialog && !StatusCodes.IsSuccess(response.Status))
        {
            End(slot);
        }
        else if (!down.InDialog)
        {
            RearmExpiry(ref call.Expiry, _calls.HandleOf(slot)); // the upstream dialog stands: its session timer runs
        }
    }

    protected override void OnOtherMessage(Message message, NodeId from)
    {
        if (message is MsrpMessage { IsResponse: false } send && _bySession.TryGetValue(send.Session, out int slot))
        {
            Send(from, MsrpMessage.OkFor(send, Msrp));
            if (_calls[slot].Leg.Dialog.Media.TryFindAccepted(send.Media, out MediaStream leg) && !leg.Endpoint.IsNone)
            {
                Send(leg.Endpoint, send); // relayed as it is
            }
        }
    }

    /// <summary>
    /// The originator cancelled its pending request (RFC 3261 §9.2): answered 487, and the CF cancels
    /// its own request on the leg — and forgets a call not yet set up.
    /// </summary>
    protected override void OnCancelled(in RequestHeaders invite)
    {
        base.OnCancelled(invite);
        if (!FindByUp(invite.CallId, invite.ToTag, out int slot) || !_calls[slot].HasPendingUp || _calls[slot].PendingUp.Transaction != invite.Transaction)
        {
            return;
        }

        ref CfCall call = ref _calls[slot];
        call.HasPendingUp = false;
        if (invite.ToTag == 0)
        {
            End(slot); // abandons the leg: its INVITE in progress is cancelled
        }
        else
        {
            CancelOutstanding(ref call.Leg);
        }
    }

    protected override void OnAnswerUnacknowledged(CallId callId)
    {
        if (_byUpCallId.TryGetValue(callId, out int slot))
        {
            Note("answer unacknowledged", _calls[slot].Session, $"no ACK for the 2xx on {callId} within 64·T1: the session is released");
            if (_calls[slot].Leg.Dialog.IsEstablished)
            {
                SendRequest(_calls[slot].Leg.Dialog.NewRequest(SipMethod.Bye, NewTransaction(), Pools));
            }

            End(slot);
        }
    }

    protected override ref UacLeg RefreshedLeg(long handle) =>
        ref _calls.TryResolve(handle, out int slot) ? ref _calls[slot].Leg : ref Unsafe.NullRef<UacLeg>();

    /// <summary>
    /// The leg's refresh found its dialog gone: the leg's dialog is forgotten (the upstream dialog stays
    /// until released or expired) — unless a request of it awaits its answer, which completes it as usual.
    /// </summary>
    protected override void OnDialogGone(long handle)
    {
        if (_calls.TryResolve(handle, out int slot) && !_calls[slot].Leg.HasOutstanding)
        {
            EndDialog(ref _calls[slot].Leg);
        }
    }

    /// <summary>The upstream dialog saw no refresh for the session interval (RFC 4028 §10): BYE to both sides, and the call is forgotten.</summary>
    protected override void OnSessionExpired(long handle)
    {
        if (!_calls.TryResolve(handle, out int slot))
        {
            return;
        }

        ref CfCall call = ref _calls[slot];
        Note("session expired", call.Session, $"no refresh of {call.UpCallId} within {Timers.SessionExpires}: the session is released");
        if (call.Leg.Dialog.IsEstablished)
        {
            SendRequest(call.Leg.Dialog.NewRequest(SipMethod.Bye, NewTransaction(), Pools));
        }

        SendRequest(call.UpDialog.NewRequest(SipMethod.Bye, NewTransaction(), Pools));
        End(slot);
    }

    /// <summary>The call of an upstream dialog: by the CF's tag in the request, else by its Call-ID.</summary>
    private bool FindByUp(CallId callId, long tag, out int slot) =>
        _calls.TryFind(tag, callId, _byUpCallId, static (in CfCall c) => c.UpCallId, out slot);

    /// <summary>The call a response from the interworking side belongs to: by the CF's tag, else by its Call-ID.</summary>
    private bool FindByDown(CallId callId, long tag, out int slot) =>
        _calls.TryFind(tag, callId, _byDownCallId, static (in CfCall c) => c.DownCallId, out slot);

    /// <summary>Forgets a call (its leg's INVITE in progress is cancelled); a modification still waiting for its answer is answered 487 (RFC 3261 §15.1.2).</summary>
    private void End(int slot)
    {
        ref CfCall call = ref _calls[slot];
        if (call.HasPendingUp)
        {
            call.HasPendingUp = false;
            Respond(call.PendingUp, StatusCodes.RequestTerminated);
        }

        _byUpCallId.Remove(call.UpCallId);
        _byDownCallId.Remove(call.DownCallId);
        _bySession.Remove(call.Session);
        ForgetNotedMedia(call.Session);
        AbandonLeg(ref call.Leg);
        CancelTimer(call.Expiry);
        _calls.Remove(slot);
    }

    private struct CfCall
    {
        public CallId UpCallId;
        public CallId DownCallId;
        public long Session;

        /// <summary>The CPM headers of the session (Conversation-ID, Contribution-ID, originator), carried downstream.</summary>
        public CpmHeaders Cpm;

        /// <summary>The highest CSeq of the upstream dialog's requests so far (RFC 3261 §12.2.2).</summary>
        public int UpCSeq;

        /// <summary>The upstream request (INVITE or re-INVITE) awaiting its answer.</summary>
        public bool HasPendingUp;
        public RequestHeaders PendingUp;

        /// <summary>The leg toward the interworking side.</summary>
        public UacLeg Leg;

        /// <summary>The CF's side (callee) of the upstream dialog, to release it when its session expires.</summary>
        public Dialog UpDialog;

        /// <summary>The upstream dialog's session expiry (RFC 4028; set once the invitation is answered 2xx).</summary>
        public EventHandle Expiry;
    }
}
