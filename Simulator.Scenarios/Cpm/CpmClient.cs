using System.Runtime.CompilerServices;
using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Processes;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// The CPM originating side (seed role Orig): a pool of CPM clients, each session a script — a
/// process (<see cref="SimulationProcesses.ProcessNow{TState}"/>) that reads top to bottom like the
/// seed's story (<see cref="Run"/>): invite the non-CPM recipient to a chat and await the answer, send
/// the chat messages over MSRP, add a file stream with a CPM Session Modification and await its
/// answer, send the file, release. With <see cref="SessionPlan.ReattemptOnRejection"/> it behaves as
/// before R01: a rejected file stream is offered again in a new CPM Session Invitation of its own.
/// </summary>
/// <remarks>
/// The script awaits the transaction layer's results on a <see cref="SimSignal{T}"/> per leg (the
/// plumbing is <c>SipNode.Scripts.cs</c>): a final response, a Timer B, a transport error, or one of
/// the client's own timers resumes it inside the event that brought it, so the run's events and their
/// order are those of a callback client. What the far end asks of the client (a BYE, a re-INVITE, a
/// session refresh, MSRP) stays in handlers (<see cref="OnRequest"/>): they answer at once whatever
/// the script is doing, and a release by the far end (or a dialog found gone) resumes the script with
/// <see cref="UacEvent.Ended"/>, where it stops. The session ends (its record is reported) when its
/// script returns.
/// </remarks>
public sealed class CpmClient : SipNode
{
    private const int MaxByeAttempts = 3;
    private const int PrimaryLeg = 0;
    private const int RetryLeg = 1;

    /// <summary>The client's own timers.</summary>
    private enum ClientTimer
    {
        Chat,       // the interval before the next chat message
        Modify,     // the wait before the modification
        Release,    // the wait before the release
        ByeTimeout, // Timer F of a BYE: no answer, the dialog is over anyway
        ByeRetry,   // a BYE refused with 503 is sent again after its Retry-After
    }

    private readonly SlotTable<ClientSession> _table;
    private readonly SlotTable<ClientLeg> _retries; // pre-R01 re-attempt legs, only for sessions that make one
    private readonly Dictionary<long, int> _bySession;
    private MessagePool<MsrpMessage>? _msrp;

    // The scripts' signals, two per slot of the session table (the primary leg's, which the script's
    // own waits use too, and the re-attempt leg's): kept from session to session of the slot.
    private SimSignal<UacEvent>[] _signals = [];

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

    /// <summary>Starts session <paramref name="session"/> now: its script runs at once, until it awaits the answer to its invitation.</summary>
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
        Signal(slot, PrimaryLeg).Reset();
        ResetIfMade(slot, RetryLeg); // the re-attempt leg's signal is made only for a session that makes one
        Simulation.ProcessNow(static start => start.Client.Run(start.Slot), (Client: this, Slot: slot));
    }

    /// <summary>
    /// The session's story, as the seed tells it: set up, chat, add the file (pre-R01: offer it again
    /// in a new session if refused), release. Every wait may end with <see cref="UacEvent.Ended"/>
    /// (the far end released the session): the story stops there. The session ends with the script.
    /// </summary>
    private async SimTask Run(int slot)
    {
        try
        {
            SessionPlan plan = _table[slot].Plan!;

            // Set up: a CPM Session Invitation for a chat, and its final answer (or Timer B, or a transport error).
            SimSignal<UacEvent> invited = Invite(slot, PrimaryLeg, Sdp.Of(new MediaStream(MediaType.Chat, 9, Id)));
            _table[slot].Record.InviteSentNs = Now.Nanoseconds;
            UacEvent setup = await invited;
            if (setup.IsEnded || !SetUp(slot, setup))
            {
                return;
            }

            // Chat: the messages, one per interval, over the MSRP session the answer set up.
            for (int i = 0; i < plan.ChatMessages.Count; i++)
            {
                if ((await Pause(slot, plan.ChatInterval, ClientTimer.Chat)).IsEnded)
                {
                    return;
                }

                SendChat(slot);
            }

            // Add the file: a CPM Session Modification offering a file stream, and its answer.
            if (plan.AddFile)
            {
                if ((await Pause(slot, plan.ModifyAfter, ClientTimer.Modify)).IsEnded || !_table[slot].Primary.Uac.Dialog.IsEstablished)
                {
                    return;
                }

                UacEvent modified = await Modify(slot);
                if (modified.IsEnded)
                {
                    return;
                }

                if (FileRefused(slot, modified) && plan.ReattemptOnRejection)
                {
                    // Before R01: the refused file offered again, in a CPM Session Invitation of its own.
                    Note("re-attempt", _table[slot].Id, "file stream rejected: new Invitation for the file");
                    UacEvent reattempt = await Invite(slot, RetryLeg, Sdp.Of(new MediaStream(MediaType.File, 9, Id, plan.FileSizeBytes)));
                    if (reattempt.IsEnded)
                    {
                        return;
                    }

                    FileSessionAnswered(slot, reattempt);
                }
            }

            // Release: a BYE on each dialog the session holds, all at once; the session ends when every one is over.
            if ((await Pause(slot, plan.ReleaseAfter, ClientTimer.Release)).IsEnded)
            {
                return;
            }

            _table[slot].Releasing = true;
            SimTask primary = HoldsDialog(slot, PrimaryLeg) ? ReleaseLeg(slot, PrimaryLeg) : default;
            SimTask retry = HoldsDialog(slot, RetryLeg) ? ReleaseLeg(slot, RetryLeg) : default;
            await primary;
            await retry;
        }
        finally
        {
            End(slot);
        }
    }

    /// <summary>The answer to the invitation: true when the session is up; else it failed (rejected, timed out, or the network failed).</summary>
    private bool SetUp(int slot, in UacEvent answer)
    {
        ref ClientSession s = ref _table[slot];
        if (!answer.IsSuccess)
        {
            // A 408 received from the network is a final response ≥ 300 like any other (rejected);
            // a time-out is this client's Timer B expiring with no final response at all.
            Fail(ref s, answer.IsTransportFailure ? SessionOutcome.NetworkFailure : answer.IsTimeout ? SessionOutcome.SetupTimeout : SessionOutcome.SetupRejected, answer.Status);
            EndDialog(ref s.Primary.Uac);
            return false;
        }

        NoteNewMedia(s.Id, s.Primary.Uac.Dialog.Media); // the answer's SDP
        s.Record.EstablishedNs = Now.Nanoseconds;
        return true;
    }

    /// <summary>
    /// The answer to the modification: the file stream accepted (the file is sent), or refused —
    /// as a whole (488, 415, 606) or with the file stream on port 0 — (true), or the modification
    /// failed otherwise (timed out, the dialog gone, another error).
    /// </summary>
    private bool FileRefused(int slot, in UacEvent answer)
    {
        ref ClientSession s = ref _table[slot];
        bool success = answer.IsSuccess;
        Sdp media = s.Primary.Uac.Dialog.Media; // the answer's SDP, when a 2xx
        if (success)
        {
            NoteNewMedia(s.Id, media);
        }

        bool rejected = StatusCodes.RefusesOffer(answer.Status) || (success && !media.TryFindAccepted(MediaType.File, out _));
        s.Record.ModificationAnsweredNs = Now.Nanoseconds;
        if (success && !rejected)
        {
            s.Record.NewSessionNs = Now.Nanoseconds;
            SendFile(ref s, media);
        }
        else if (!rejected || !s.Plan!.ReattemptOnRejection)
        {
            Fail(ref s, rejected ? SessionOutcome.FileRejected : answer.IsTimeout ? SessionOutcome.ModificationTimeout
                : answer.IsTransportFailure || answer.Status == StatusCodes.CallDoesNotExist ? SessionOutcome.NetworkFailure : SessionOutcome.ModificationFailed, answer.Status);
        }

        return rejected;
    }

    /// <summary>
    /// The answer to the pre-R01 re-attempt: a new invitation for the rejected file. The modification's
    /// own answer (the rejection) was timed when it came; this leg's 200 makes the stream usable.
    /// </summary>
    private void FileSessionAnswered(int slot, in UacEvent answer)
    {
        ref ClientSession s = ref _table[slot];
        Sdp media = Leg(ref s, RetryLeg).Uac.Dialog.Media; // the answer's SDP, when a 2xx
        if (answer.IsSuccess)
        {
            NoteNewMedia(s.Id, media);
        }

        if (answer.IsSuccess && media.TryFindAccepted(MediaType.File, out _))
        {
            s.Record.NewSessionNs = Now.Nanoseconds;
            SendFile(ref s, media);
        }
        else
        {
            EndDialog(ref Leg(ref s, RetryLeg).Uac);
            Fail(ref s, SessionOutcome.FileRejected, answer.Status);
        }
    }

    /// <summary>
    /// Releases one dialog: its BYE, and the BYE's answer (or Timer F: no answer, the dialog is over
    /// anyway, RFC 3261 §15.1.1). A BYE refused with 503 by an overloaded hop is sent again when its
    /// Retry-After says (RFC 3261 §21.5.4), so that the far end does not keep the session.
    /// </summary>
    private async SimTask ReleaseLeg(int slot, int legIndex)
    {
        for (int attempt = 1; ; attempt++)
        {
            SendBye(slot, legIndex);
            UacEvent answer = await Signal(slot, legIndex);
            if (answer.IsEnded)
            {
                return;
            }

            ref ClientLeg leg = ref Leg(ref _table[slot], legIndex);
            CancelTimer(leg.ByeTimer);
            if (answer.Kind == UacEventKind.Answered && answer.Status == StatusCodes.ServiceUnavailable && attempt < MaxByeAttempts && leg.Uac.Dialog.IsEstablished)
            {
                if ((await Pause(answer.RetryAfter ?? RetryAfter, ClientTimer.ByeRetry, LegOf(slot, legIndex), Signal(slot, legIndex))).IsEnded || !Leg(ref _table[slot], legIndex).Uac.Dialog.IsEstablished)
                {
                    return;
                }

                continue;
            }

            EndDialog(ref leg.Uac);
            return;
        }
    }

    /// <summary>The session holds the leg's dialog (set up, not released by the far end): it is to be released.</summary>
    private bool HoldsDialog(int slot, int legIndex)
    {
        ref ClientSession s = ref _table[slot];
        if (legIndex == RetryLeg && s.RetrySlot == 0)
        {
            return false;
        }

        ref ClientLeg leg = ref Leg(ref s, legIndex);
        return leg.Exists && leg.Uac.Dialog.IsEstablished;
    }

    /// <summary>A CPM Session Invitation on a leg of the session (the primary leg, or the pre-R01 re-attempt's): the signal its answer resumes.</summary>
    private SimSignal<UacEvent> Invite(int slot, int legIndex, Sdp offer)
    {
        ref ClientSession s = ref _table[slot];
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
        return SendOnLegAwaited(ref leg.Uac, invite, reference, Signal(slot, legIndex));
    }

    /// <summary>The CPM Session Modification: a re-INVITE on the primary dialog adding the file stream; the signal its answer resumes.</summary>
    private SimSignal<UacEvent> Modify(int slot)
    {
        ref ClientSession s = ref _table[slot];
        ref ClientLeg leg = ref s.Primary;
        Sdp offer = OwnMedia(leg.Uac.Dialog.Media).With(new MediaStream(MediaType.File, 9, Id, s.Plan!.FileSizeBytes));
        s.Record.ModificationSentNs = Now.Nanoseconds;
        SipRequest modification = leg.Uac.Dialog.NewRequest(SipMethod.Invite, NewTransaction(), Pools, offer);
        modification.Cpm = CpmHeadersOf(s.Id, PrimaryLeg);
        return SendOnLegAwaited(ref leg.Uac, modification, LegOf(slot, PrimaryLeg), Signal(slot, PrimaryLeg));
    }

    /// <summary>A pause of the session's script: one of the client's own timers, which resumes it.</summary>
    private SimSignal<UacEvent> Pause(int slot, SimTime delay, ClientTimer kind) => Pause(delay, kind, _table.RefOf(slot), Signal(slot, PrimaryLeg));

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
                Stop(slot);
            }
            else if (s.Releasing && Signal(slot, legIndex).IsWaiting)
            {
                Signal(slot, legIndex).Resume(UacEvent.Ended); // this leg's release is over; the session ends with its other dialog
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

        ref ClientLeg leg = ref Leg(ref _table[slot], legIndex);
        if (response.CSeqMethod == SipMethod.Bye)
        {
            SimSignal<UacEvent> releasing = Signal(slot, legIndex);
            if (releasing.IsWaiting)
            {
                releasing.Resume(UacEvent.Answer(response, IsTransportFailure));
            }

            return;
        }

        if (!CompleteLeg(ref leg.Uac, response, from, Signal(slot, legIndex)))
        {
            AnswerStray(response, leg.Uac.Dialog); // a retransmitted or late final response
        }
    }

    protected override void OnLegTimedOut(LegRef leg, LegTimeout timeout)
    {
        if (_table.TryResolve(leg.Entry, out int slot))
        {
            ExpireLeg(ref Leg(ref _table[slot], leg.Index).Uac, timeout, Signal(slot, leg.Index));
        }
    }

    protected override void OnNodeTimer(NodeTimer timer)
    {
        ClientTimer kind = timer.Kind<ClientTimer>();
        if (kind is ClientTimer.ByeTimeout or ClientTimer.ByeRetry)
        {
            LegRef leg = timer.Leg;
            if (_table.TryResolve(leg.Entry, out int legSlot))
            {
                SimSignal<UacEvent> releasing = Signal(legSlot, leg.Index);
                if (kind == ClientTimer.ByeTimeout)
                {
                    if (releasing.IsWaiting)
                    {
                        releasing.Resume(UacEvent.TimedOut); // no answer to the BYE: the dialog is over (RFC 3261 §15.1.1)
                    }
                }
                else
                {
                    Elapse(releasing);
                }
            }

            return;
        }

        if (_table.TryResolve(timer.Call, out int slot))
        {
            Elapse(Signal(slot, PrimaryLeg)); // the chat interval, the modification's or the release's wait
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
            Stop(slot);
        }
    }

    /// <summary>The session's last dialog is over under its script (released by the far end, or gone): the script stops where it waits, and the session ends.</summary>
    private void Stop(int slot)
    {
        CallRef session = _table.RefOf(slot);
        for (int legIndex = PrimaryLeg; legIndex <= RetryLeg && _table.TryResolve(session, out _); legIndex++)
        {
            if (SignalIfMade(slot, legIndex) is { IsWaiting: true } waiting)
            {
                waiting.Resume(UacEvent.Ended);
            }
        }
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

    /// <summary>Sends the BYE of a leg, with its Timer F.</summary>
    private void SendBye(int slot, int legIndex)
    {
        ref ClientLeg leg = ref Leg(ref _table[slot], legIndex);
        StopRefreshing(ref leg.Uac); // the dialog is being released
        leg.ByeTimer = StartNodeTimer(Timers.TimerF, ClientTimer.ByeTimeout, LegOf(slot, legIndex));
        SendRequest(leg.Uac.Dialog.NewRequest(SipMethod.Bye, NewTransaction(), Pools));
    }

    /// <summary>The session is over: its record is reported, its legs abandoned (an INVITE in progress cancelled), its slot freed.</summary>
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

    /// <summary>The signal a session's script awaits on a leg (the primary leg's also for the script's own waits); made once per slot.</summary>
    private SimSignal<UacEvent> Signal(int slot, int legIndex)
    {
        int i = (slot << 1) | legIndex;
        if (i >= _signals.Length)
        {
            Array.Resize(ref _signals, Math.Max(16, Math.Max(i + 2, _signals.Length * 2)));
        }

        return _signals[i] ??= new SimSignal<UacEvent>(Simulation);
    }

    private SimSignal<UacEvent>? SignalIfMade(int slot, int legIndex)
    {
        int i = (slot << 1) | legIndex;
        return i < _signals.Length ? _signals[i] : null;
    }

    private void ResetIfMade(int slot, int legIndex) => SignalIfMade(slot, legIndex)?.Reset();

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
    }
}
