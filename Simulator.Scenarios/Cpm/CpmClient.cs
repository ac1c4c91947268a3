using System.Runtime.CompilerServices;
using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// The CPM originating side (seed role Orig): a pool of CPM clients, one state machine per session,
/// like a SIPp scenario. A session invites the non-CPM recipient to a chat, sends chat messages
/// over MSRP, adds a file stream with a CPM Session Modification, and releases. With
/// <see cref="SessionPlan.ReattemptOnRejection"/> it behaves as before R01: a rejected file stream is
/// offered again in a new CPM Session Invitation of its own.
/// </summary>
public sealed class CpmClient : SipNode
{
    private const int ChatTimer = FirstNodeTimer;
    private const int ModifyTimer = FirstNodeTimer + 1;
    private const int ReleaseTimer = FirstNodeTimer + 2;
    private const int ByeTimeout = FirstNodeTimer + 3; // Timer F of a BYE: no answer, the dialog is over anyway
    private const int ByeRetry = FirstNodeTimer + 4;   // a BYE refused with 503 is sent again after its Retry-After
    private const int MaxByeAttempts = 3;
    private const int PrimaryLeg = 0;
    private const int RetryLeg = 1;

    private readonly SlotTable<ClientSession> _table;
    private readonly SlotTable<ClientLeg> _retries; // pre-R01 re-attempt legs, only for sessions that make one
    private readonly Dictionary<long, int> _bySession;
    private MessagePool<MsrpMessage>? _msrp;

    public CpmClient(string name, string address)
        : base(name)
    {
        Address = address;
        _table = Register(new SlotTable<ClientSession>());
        _retries = Register(new SlotTable<ClientLeg>());
        _bySession = Register(new Dictionary<long, int>());
    }

    /// <summary>The client's own address, e.g. <c>sip:alice@cpm.example</c>.</summary>
    public string Address { get; }

    /// <summary>The CPM server every initial request goes to first (preloaded route).</summary>
    public Balancer OutboundProxy { get; set; } = Balancer.None;

    /// <summary>Called once per session when it ends, with its record.</summary>
    public event Action<SessionRecord>? SessionEnded;

    public int ActiveSessions => _table.Count;

    private MessagePool<MsrpMessage> Msrp => _msrp ??= Network.Shared<MessagePool<MsrpMessage>>();

    /// <summary>Starts session <paramref name="session"/> now.</summary>
    public void StartSession(long session, SessionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (session <= 0 || _bySession.ContainsKey(session))
        {
            throw new ArgumentException($"Session id {session} is not positive or already in use.", nameof(session));
        }

        int slot = _table.Add();
        _bySession.Add(session, slot);
        ref ClientSession s = ref _table[slot];
        s.Id = session;
        s.Plan = plan;
        s.Record.Reset();
        Invite(ref s, slot, PrimaryLeg, Sdp.Of(new MediaStream(MediaType.Chat, 9, Id)));
        s.Record.InviteSentNs = Now.Nanoseconds;
    }

    private void Invite(ref ClientSession s, int slot, int legIndex, Sdp offer)
    {
        if (legIndex == RetryLeg && s.RetrySlot == 0)
        {
            s.RetrySlot = _retries.Add() + 1;
        }

        ref ClientLeg leg = ref Leg(ref s, legIndex);
        leg.CallId = CallId.ForSession(s.Id, legIndex + 1);
        leg.Exists = true;
        LegRef reference = LegOf(slot, legIndex);
        SipRequest invite = NewInvite(leg.CallId, s.Id, reference, s.Plan!.Recipient, OutboundProxy.Pick(s.Id), offer);
        invite.Cpm = CpmHeadersOf(s.Id, legIndex);
        SendOnLeg(ref leg.Uac, invite, reference);
    }

    protected override void OnRequest(SipRequest request, NodeId from)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method == SipMethod.Ack)
        {
            return;
        }

        if (request.Method == SipMethod.Update)
        {
            // The client is never a callee, so it refreshes no one's session; a refresh of a dialog it
            // holds is answered 200, one of a dialog it does not hold 481.
            Respond(request, FindLeg(request.CallId, request.ToTag, out _, out _) ? StatusCodes.Ok : StatusCodes.CallDoesNotExist);
            return;
        }

        if (!FindLeg(request.CallId, request.ToTag, out int slot, out int legIndex))
        {
            Respond(request, StatusCodes.CallDoesNotExist); // a dialog this client does not hold, or no longer (RFC 3261 §12.2.2)
            return;
        }

        ref ClientSession s = ref _table[slot];
        if (request.Method == SipMethod.Invite && Leg(ref s, legIndex).Uac.HasOutstanding && Leg(ref s, legIndex).Uac.Outstanding.Method == SipMethod.Invite)
        {
            Respond(request, StatusCodes.RequestPending); // glare: this client's own INVITE on the dialog is in progress (RFC 3261 §14.2)
            return;
        }

        Respond(request, StatusCodes.Ok, request.Method == SipMethod.Invite ? request.Body : default);
        if (request.Method == SipMethod.Bye)
        {
            // Released by the far end.
            Leg(ref s, legIndex).Exists = false;
            if (!HasDialog(ref s))
            {
                End(slot);
            }
        }
    }

    protected override void OnResponse(SipResponse response, NodeId from)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (StatusCodes.IsProvisional(response.Status))
        {
            return;
        }

        if (!FindLeg(response.CallId, response.FromTag, out int slot, out int legIndex))
        {
            AnswerStray(response, default); // the session has ended
            return;
        }

        ref ClientSession s = ref _table[slot];
        ref ClientLeg leg = ref Leg(ref s, legIndex);
        if (response.CSeqMethod == SipMethod.Bye)
        {
            CancelTimer(leg.ByeTimer);
            if (response.Status == StatusCodes.ServiceUnavailable && leg.ByeAttempts < MaxByeAttempts && leg.Uac.Dialog.IsEstablished)
            {
                // Refused by an overloaded hop: try again when it says (RFC 3261 §21.5.4), so that
                // the far end does not keep the session.
                StartNodeTimer(response.RetryAfter ?? RetryAfter, ByeRetry, LegOf(slot, legIndex).Tag);
                return;
            }

            EndLeg(slot, legIndex);
            return;
        }

        if (!CompleteLeg(ref leg.Uac, response, from, out AnsweredRequest request))
        {
            AnswerStray(response, leg.Uac.Dialog); // a retransmitted or late final response
            return;
        }

        if (StatusCodes.IsSuccess(response.Status))
        {
            NoteNewMedia(s.Id, response.Body);
        }

        OnFinal(slot, legIndex, request, response, timedOut: false);
    }

    protected override void OnLegTimedOut(LegRef leg, LegTimeout timeout)
    {
        if (!_table.TryResolve(leg.Entry, out int slot))
        {
            return;
        }

        int legIndex = leg.Index;
        ref ClientSession s = ref _table[slot];
        if (ExpireLeg(ref Leg(ref s, legIndex).Uac, out AnsweredRequest request))
        {
            NoteLegTimeout(s.Id, timeout, $" to {request.Kind}");
            OnFinal(slot, legIndex, request, TimeoutFor(request), timedOut: true);
        }
    }

    protected override void OnNodeTimer(int kind, long data)
    {
        if (kind is ByeTimeout or ByeRetry)
        {
            LegRef leg = LegRef.FromTag(data);
            if (_table.TryResolve(leg.Entry, out int legSlot))
            {
                if (kind == ByeTimeout)
                {
                    EndLeg(legSlot, leg.Index); // no answer to the BYE: the dialog is over (RFC 3261 §15.1.1)
                }
                else
                {
                    SendBye(legSlot, leg.Index);
                }
            }

            return;
        }

        if (!_table.TryResolve(CallRef.FromTag(data), out int slot))
        {
            return;
        }

        switch (kind)
        {
            case ChatTimer:
                SendChat(slot);
                break;
            case ModifyTimer:
                Modify(slot);
                break;
            case ReleaseTimer:
                Release(slot);
                break;
        }
    }

    protected override ref UacLeg RefreshedLeg(LegRef leg)
    {
        if (!_table.TryResolve(leg.Entry, out int slot))
        {
            return ref Unsafe.NullRef<UacLeg>();
        }

        ref ClientSession s = ref _table[slot];
        int legIndex = leg.Index;
        return ref legIndex == RetryLeg && s.RetrySlot == 0 ? ref Unsafe.NullRef<UacLeg>() : ref Leg(ref s, legIndex).Uac;
    }

    /// <summary>
    /// A refresh found the dialog gone: the leg ends as after a failed BYE, the session with its last
    /// dialog (its outcome unchanged). A leg whose request (a modification) still awaits its answer
    /// keeps its dialog until that answer (or Timer B) completes it, as without session timers.
    /// </summary>
    protected override void OnDialogGone(LegRef reference)
    {
        if (!_table.TryResolve(reference.Entry, out int slot))
        {
            return;
        }

        ref ClientSession s = ref _table[slot];
        ref ClientLeg leg = ref Leg(ref s, reference.Index);
        if (leg.Uac.HasOutstanding)
        {
            return;
        }

        CancelTimer(leg.ByeTimer);
        EndDialog(ref leg.Uac);
        if (!HasDialog(ref s))
        {
            End(slot);
        }
    }

    /// <param name="timedOut">True when this client's own Timer B expired (<paramref name="response"/> is the 408 it made), false for a response received.</param>
    private void OnFinal(int slot, int legIndex, in AnsweredRequest request, SipResponse response, bool timedOut)
    {
        ref ClientSession s = ref _table[slot];
        ref SessionRecordData r = ref s.Record;
        bool success = StatusCodes.IsSuccess(response.Status);
        if (legIndex == PrimaryLeg && !request.InDialog)
        {
            if (!success)
            {
                // A 408 received from the network is a final response ≥ 300 like any other (rejected);
                // a time-out is this client's Timer B expiring with no final response at all.
                Fail(ref s, IsTransportFailure ? SessionOutcome.NetworkFailure : timedOut ? SessionOutcome.SetupTimeout : SessionOutcome.SetupRejected, response.Status);
                EndDialog(ref s.Primary.Uac);
                End(slot);
                return;
            }

            r.EstablishedNs = Now.Nanoseconds;
            if (s.Plan!.ChatMessages.Count > 0)
            {
                StartNodeTimer(s.Plan.ChatInterval, ChatTimer, _table.RefOf(slot).Tag);
            }
            else
            {
                AfterChat(ref s, slot);
            }

            return;
        }

        if (legIndex != PrimaryLeg)
        {
            // The pre-R01 re-attempt: a new invitation for the rejected file. The modification's own
            // answer (the rejection) was timed when it came; this leg's 200 makes the stream usable.
            if (success && response.Body.TryFindAccepted(MediaType.File, out _))
            {
                r.NewSessionNs = Now.Nanoseconds;
                SendFile(ref s, response.Body);
            }
            else
            {
                EndDialog(ref Leg(ref s, RetryLeg).Uac);
                Fail(ref s, SessionOutcome.FileRejected, response.Status);
            }

            ScheduleRelease(ref s, slot);
            return;
        }

        // The answer to the modification.
        // Refused as a whole (488, 415, 606), or accepted with the file stream on port 0.
        bool rejected = StatusCodes.RefusesOffer(response.Status) || (success && !response.Body.TryFindAccepted(MediaType.File, out _));
        if (success && !rejected)
        {
            r.ModificationAnsweredNs = Now.Nanoseconds;
            r.NewSessionNs = Now.Nanoseconds;
            SendFile(ref s, response.Body);
        }
        else if (rejected && s.Plan!.ReattemptOnRejection)
        {
            r.ModificationAnsweredNs = Now.Nanoseconds;
            Note("re-attempt", s.Id, "file stream rejected: new Invitation for the file");
            Invite(ref s, slot, RetryLeg, Sdp.Of(new MediaStream(MediaType.File, 9, Id, s.Plan.FileSizeBytes)));
            return;
        }
        else
        {
            r.ModificationAnsweredNs = Now.Nanoseconds;
            Fail(ref s, rejected ? SessionOutcome.FileRejected : timedOut ? SessionOutcome.ModificationTimeout
                : IsTransportFailure || response.Status == StatusCodes.CallDoesNotExist ? SessionOutcome.NetworkFailure : SessionOutcome.ModificationFailed, response.Status);
        }

        ScheduleRelease(ref s, slot);
    }

    private static void Fail(ref ClientSession s, SessionOutcome outcome, int status)
    {
        if (s.Record.Outcome == SessionOutcome.Success)
        {
            s.Record.Outcome = outcome;
            s.Record.FailureStatus = status;
        }
    }

    private void SendChat(int slot)
    {
        ref ClientSession s = ref _table[slot];
        string text = s.Plan!.ChatMessages[s.Record.ChatMessagesSent++];
        if (s.Primary.Uac.Dialog.Media.TryFindAccepted(MediaType.Chat, out MediaStream chat) && !chat.Endpoint.IsNone)
        {
            MsrpMessage m = Msrp.Rent();
            m.Session = s.Id;
            m.IsResponse = false;
            m.Media = MediaType.Chat;
            m.Text = text;
            m.Reference = s.Record.ChatMessagesSent;
            Send(chat.Endpoint, m);
        }

        if (s.Record.ChatMessagesSent < s.Plan.ChatMessages.Count)
        {
            StartNodeTimer(s.Plan.ChatInterval, ChatTimer, _table.RefOf(slot).Tag);
        }
        else
        {
            AfterChat(ref s, slot);
        }
    }

    private void AfterChat(ref ClientSession s, int slot)
    {
        if (s.Plan!.AddFile)
        {
            StartNodeTimer(s.Plan.ModifyAfter, ModifyTimer, _table.RefOf(slot).Tag);
        }
        else
        {
            ScheduleRelease(ref s, slot);
        }
    }

    private void Modify(int slot)
    {
        ref ClientSession s = ref _table[slot];
        ref ClientLeg leg = ref s.Primary;
        if (!leg.Uac.Dialog.IsEstablished)
        {
            return;
        }

        Sdp offer = OwnMedia(leg.Uac.Dialog.Media).With(new MediaStream(MediaType.File, 9, Id, s.Plan!.FileSizeBytes));
        s.Record.ModificationSentNs = Now.Nanoseconds;
        SipRequest modification = leg.Uac.Dialog.NewRequest(SipMethod.Invite, NewTransaction(), Pools, offer);
        modification.Cpm = CpmHeadersOf(s.Id, PrimaryLeg);
        SendOnLeg(ref leg.Uac, modification, LegOf(slot, PrimaryLeg));
    }

    /// <summary>
    /// The CPM headers of a session's requests: one conversation per session of this client (its
    /// Conversation-ID is the session number), one Contribution-ID per SIP session of it (the
    /// pre-R01 re-attempt is a session of its own), and the client's address as From; the originating
    /// CPM server asserts the identity.
    /// </summary>
    private CpmHeaders CpmHeadersOf(long session, int legIndex) => new(session, (session << 1) | (uint)legIndex, Address, null);

    /// <summary>
    /// This client's side of the session as its dialog stands: one m-line per m-line of the last
    /// answer, each on this client's own endpoint — an offer describes the offerer's media, not the
    /// answerer's (RFC 3264 §8) — and a stream the answer rejected stays on port 0.
    /// </summary>
    private Sdp OwnMedia(in Sdp answer)
    {
        Sdp own = Sdp.Of();
        for (int i = 0; i < answer.Count; i++)
        {
            MediaStream s = answer[i];
            own = own.With(s.IsRejected ? s.At(Id) : new MediaStream(s.Type, 9, Id, s.SizeBytes));
        }

        return own;
    }

    private void SendFile(ref ClientSession s, Sdp answer)
    {
        if (s.Plan!.SendFile && answer.TryFindAccepted(MediaType.File, out MediaStream file) && !file.Endpoint.IsNone)
        {
            MsrpMessage m = Msrp.Rent();
            m.Session = s.Id;
            m.IsResponse = false;
            m.Media = MediaType.File;
            m.PayloadBytes = file.SizeBytes;
            m.Reference = 1;
            Send(file.Endpoint, m);
        }
    }

    private void ScheduleRelease(ref ClientSession s, int slot) => StartNodeTimer(s.Plan!.ReleaseAfter, ReleaseTimer, _table.RefOf(slot).Tag);

    private void Release(int slot)
    {
        ref ClientSession s = ref _table[slot];
        s.Releasing = true;
        bool any = false;
        for (int i = PrimaryLeg; i <= (s.RetrySlot == 0 ? PrimaryLeg : RetryLeg); i++)
        {
            ref ClientLeg leg = ref Leg(ref s, i);
            if (leg.Exists && leg.Uac.Dialog.IsEstablished)
            {
                SendBye(slot, i);
                any = true;
            }
        }

        if (!any)
        {
            End(slot);
        }
    }

    /// <summary>Sends the BYE of a leg, with its Timer F.</summary>
    private void SendBye(int slot, int legIndex)
    {
        ref ClientLeg leg = ref Leg(ref _table[slot], legIndex);
        if (!leg.Uac.Dialog.IsEstablished)
        {
            return;
        }

        leg.ByeAttempts++;
        StopRefreshing(ref leg.Uac); // the dialog is being released
        leg.ByeTimer = StartNodeTimer(Timers.TimerF, ByeTimeout, LegOf(slot, legIndex).Tag);
        SendRequest(leg.Uac.Dialog.NewRequest(SipMethod.Bye, NewTransaction(), Pools));
    }

    /// <summary>A leg's dialog is over (its BYE answered or timed out): the session ends with its last dialog.</summary>
    private void EndLeg(int slot, int legIndex)
    {
        ref ClientSession s = ref _table[slot];
        ref ClientLeg leg = ref Leg(ref s, legIndex);
        CancelTimer(leg.ByeTimer);
        EndDialog(ref leg.Uac);
        if (s.Releasing && !HasDialog(ref s))
        {
            End(slot);
        }
    }

    private void End(int slot)
    {
        ref ClientSession s = ref _table[slot];
        AbandonLeg(ref s.Primary.Uac);
        CancelTimer(s.Primary.ByeTimer);
        if (s.RetrySlot != 0)
        {
            AbandonLeg(ref _retries[s.RetrySlot - 1].Uac);
            CancelTimer(_retries[s.RetrySlot - 1].ByeTimer);
            _retries.Remove(s.RetrySlot - 1);
        }

        s.Record.ReleasedNs = Now.Nanoseconds;
        SessionRecord record = s.Record.ToRecord(s.Id);
        _bySession.Remove(s.Id);
        ForgetNotedMedia(s.Id);
        _table.Remove(slot);
        SessionEnded?.Invoke(record);
    }

    /// <summary>
    /// The session and leg of a dialog: straight from this client's tag in the message (the leg's
    /// handle), else by the session in the Call-ID.
    /// </summary>
    private bool FindLeg(CallId callId, long tag, out int slot, out int legIndex)
    {
        LegRef reference = LegRef.FromTag(tag);
        legIndex = reference.Index;
        if (tag != 0 && _table.TryResolve(reference.Entry, out slot) && LegIs(ref _table[slot], legIndex, callId))
        {
            return true;
        }

        legIndex = 0;
        if (!_bySession.TryGetValue(callId.Session, out slot))
        {
            return false;
        }

        ref ClientSession s = ref _table[slot];
        if (s.Primary.Exists && s.Primary.CallId == callId)
        {
            legIndex = PrimaryLeg;
            return true;
        }

        if (s.RetrySlot != 0 && _retries[s.RetrySlot - 1].Exists && _retries[s.RetrySlot - 1].CallId == callId)
        {
            legIndex = RetryLeg;
            return true;
        }

        return false;
    }

    private bool LegIs(ref ClientSession s, int legIndex, CallId callId) => legIndex == PrimaryLeg
        ? s.Primary.Exists && s.Primary.CallId == callId
        : s.RetrySlot != 0 && _retries[s.RetrySlot - 1].Exists && _retries[s.RetrySlot - 1].CallId == callId;

    private bool HasDialog(ref ClientSession s) =>
        (s.Primary.Exists && s.Primary.Uac.Dialog.IsEstablished) ||
        (s.RetrySlot != 0 && _retries[s.RetrySlot - 1].Exists && _retries[s.RetrySlot - 1].Uac.Dialog.IsEstablished);

    private ref ClientLeg Leg(ref ClientSession s, int index) => ref index == PrimaryLeg ? ref s.Primary : ref _retries[s.RetrySlot - 1];

    private LegRef LegOf(int slot, int legIndex) => new(_table.RefOf(slot), legIndex);

    private struct ClientSession
    {
        public long Id;
        public SessionPlan? Plan;
        public SessionRecordData Record;
        public ClientLeg Primary;

        /// <summary>The re-attempt leg's slot in the retry table plus one; 0: none.</summary>
        public int RetrySlot;
        public bool Releasing;
    }

    private struct ClientLeg
    {
        public CallId CallId;
        public bool Exists;
        public UacLeg Uac;
        public EventHandle ByeTimer;
        public byte ByeAttempts;
    }
}
