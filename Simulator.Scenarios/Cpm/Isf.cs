using System.Runtime.CompilerServices;
using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// The Interworking Selection Function: a B2BUA between the CPM side and the IWFs. On a CPM Session
/// Invitation it selects an IWF (the recipient's non-CPM subscriptions, the IWFs' media, the
/// operator's preference). In-session requests pass on without selection. When an IWF rejects a
/// newly offered stream and <see cref="Reattempt"/> is on (R01), it selects another IWF for that
/// stream, invites it, and answers the modification with OK once that new session stands.
/// </summary>
public sealed class Isf : SipNode
{
    private readonly SlotTable<IsfCall> _calls = new();
    private readonly SlotTable<IsfLeg> _legs = new();
    private readonly Dictionary<CallId, int> _callByUpCallId = [];
    private readonly Dictionary<CallId, int> _legByCallId = [];
    private readonly Dictionary<int, SipResponse> _lastAnswers = []; // unreliable transport only: answers to resend

    public Isf(string name)
        : base(name)
    {
    }

    /// <summary>The SIP/IP core through which the ISF reaches the IWFs.</summary>
    public Balancer Core { get; set; } = Balancer.None;

    public List<IwfRegistration> Iwfs { get; } = [];

    public RecipientDirectory Recipients { get; set; } = new();

    /// <summary>Operator preference among services, most preferred first.</summary>
    public List<NonCpmService> Preference { get; } = [NonCpmService.Sms, NonCpmService.Mms];

    /// <summary>R01: re-attempt interworking for a rejected stream (else return the rejection to the originator).</summary>
    public bool Reattempt { get; set; } = true;

    /// <summary>Calls whose state is still held (for leak checks).</summary>
    public int ActiveCalls => _calls.Count;

    protected override int HeldCallState => _calls.Count + _legs.Count + _callByUpCallId.Count + _legByCallId.Count + _lastAnswers.Count;

    /// <summary>
    /// The IWF for <paramref name="streams"/> toward <paramref name="recipient"/>, or null: among the
    /// IWFs of the recipient's services that carry every stream and are not in
    /// <paramref name="exclude"/>, the operator's most preferred service; several instances of it
    /// share the sessions by session id.
    /// </summary>
    public IwfRegistration? Select(string recipient, in Sdp streams, in NodeList exclude = default, long session = 0)
    {
        int i = SelectIndex(recipient, streams, exclude, session);
        return i < 0 ? null : Iwfs[i];
    }

    private int SelectIndex(string recipient, in Sdp wanted, in NodeList exclude, long session)
    {
        // Plain loops: this runs for every invitation of a load run.
        IReadOnlySet<NonCpmService> services = Recipients.ServicesOf(recipient);
        int bestRank = int.MaxValue;
        int count = 0;
        for (int i = 0; i < Iwfs.Count; i++)
        {
            if (Usable(Iwfs[i], services, wanted, exclude))
            {
                int r = Rank(Iwfs[i]);
                if (r <= bestRank)
                {
                    count = r < bestRank ? 1 : count + 1;
                    bestRank = r;
                }
            }
        }

        int pick = count == 0 ? -1 : (int)((BalanceOf(bestRank, services, wanted, exclude) == BalancePolicy.RoundRobin ? _nextIwf++ : session) % count);
        for (int i = 0; i < Iwfs.Count; i++)
        {
            if (Usable(Iwfs[i], services, wanted, exclude) && Rank(Iwfs[i]) == bestRank && pick-- == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private long _nextIwf;

    /// <summary>The <c>balance:</c> of the instances of the chosen rank (those of one IWF group).</summary>
    private BalancePolicy BalanceOf(int rank, IReadOnlySet<NonCpmService> services, in Sdp wanted, in NodeList exclude)
    {
        foreach (IwfRegistration i in Iwfs)
        {
            if (Rank(i) == rank && Usable(i, services, wanted, exclude))
            {
                return i.Balance;
            }
        }

        return BalancePolicy.SessionHash;
    }

    private int Rank(IwfRegistration i) => Preference.IndexOf(i.Profile.Service) is int p && p >= 0 ? p : int.MaxValue - 1;

    private static bool Usable(IwfRegistration i, IReadOnlySet<NonCpmService> services, in Sdp wanted, in NodeList exclude)
    {
        if (!services.Contains(i.Profile.Service) || exclude.Contains(i.Node))
        {
            return false;
        }

        for (int s = 0; s < wanted.Count; s++)
        {
            if (!wanted[s].IsRejected && !i.Profile.Supports(wanted[s]))
            {
                return false;
            }
        }

        return true;
    }

    protected override void OnRequest(SipRequest request, NodeId from)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.InDialog)
        {
            if (request.Method == SipMethod.Invite)
            {
                OnInvite(request);
            }
            else
            {
                Respond(request, StatusCodes.NotFound);
            }

            return;
        }

        if (FindCall(request.CallId, request.ToTag, out int call))
        {
            OnUpstreamInDialog(call, request);
        }
        else if (request.Method == SipMethod.Update)
        {
            Respond(request, StatusCodes.CallDoesNotExist); // a refresh of a call already gone (RFC 3261 §12.2.2)
        }
        else if (request.Method != SipMethod.Ack && FindLeg(request.CallId, request.ToTag, out int leg))
        {
            OnDownstreamInDialog(leg, request);
        }
        else if (request.Method != SipMethod.Ack)
        {
            Respond(request, StatusCodes.CallDoesNotExist); // a dialog this ISF does not hold, or no longer (RFC 3261 §12.2.2)
        }
    }

    /// <summary>A request from an IWF on one of the ISF's legs.</summary>
    private void OnDownstreamInDialog(int legSlot, SipRequest request)
    {
        ref UacLeg uac = ref _legs[legSlot].Uac;
        if (request.Method == SipMethod.Bye)
        {
            // The IWF releases its leg (e.g. when its session expired).
            Respond(request, StatusCodes.Ok);
            LegGone(legSlot);
        }
        else if (request.Method == SipMethod.Invite && uac.HasOutstanding && uac.Outstanding.Method == SipMethod.Invite)
        {
            Respond(request, StatusCodes.RequestPending); // glare: the ISF's own re-INVITE on this leg is in progress (RFC 3261 §14.2)
        }
        else
        {
            Respond(request, StatusCodes.Ok); // nothing an IWF asks of its leg is passed upstream
        }
    }

    private void OnInvite(SipRequest invite)
    {
        Respond(invite, StatusCodes.Trying);
        if (_callByUpCallId.TryGetValue(invite.CallId, out int known))
        {
            Resend(known, invite); // a retransmission: the server transaction answers again
            return;
        }

        Sdp offer = invite.Body.IsNone ? Sdp.Of() : invite.Body;
        int iwf = SelectIndex(invite.RequestUri, offer, default, invite.Session);
        if (IsTraced(invite.Session))
        {
            Note("interworking selection", invite.Session, iwf < 0
                ? $"no IWF can carry [{offer}] to {invite.RequestUri}"
                : $"[{offer}] to {invite.RequestUri} → {Iwfs[iwf].Name} ({ServiceName(Iwfs[iwf].Profile.Service)})");
        }

        if (iwf < 0)
        {
            Respond(invite, StatusCodes.NotAcceptableHere, warning: StatusCodes.WarningMediaTypeNotAvailable);
            return;
        }

        int slot = _calls.Add();
        ref IsfCall call = ref _calls[slot];
        call.UpCallId = invite.CallId;
        call.Session = invite.Session;
        call.Up = invite.Headers;
        call.Up.ToTag = _calls.HandleOf(slot); // the ISF's tag in its answers: in-session requests find the call by it
        call.RequestUri = invite.RequestUri;
        call.Cpm = invite.Cpm;
        call.UpDialog = Dialog.ForCallee(invite, Id, invite.Contact, call.Up.ToTag);
        call.Primary = -1;
        _callByUpCallId.Add(invite.CallId, slot);
        call.Primary = Invite(slot, iwf, offer, LegPurpose.Primary);
    }

    /// <summary>Opens a new leg of the call toward IWF <paramref name="iwf"/>; returns the leg's slot.</summary>
    private int Invite(int callSlot, int iwf, in Sdp offer, LegPurpose purpose)
    {
        ref IsfCall call = ref _calls[callSlot];
        int legSlot = _legs.Add();
        ref IsfLeg leg = ref _legs[legSlot];
        leg.CallId = call.UpCallId.Derived(++call.LegCount);
        leg.Call = callSlot;
        leg.Iwf = iwf;
        leg.Purpose = purpose;
        leg.Offer = offer;
        _legByCallId.Add(leg.CallId, legSlot);
        call.Legs.Add(legSlot);
        long handle = _legs.HandleOf(legSlot);
        SipRequest invite = NewInvite(leg.CallId, call.Session, handle, call.RequestUri!, Core.Pick(call.Session), offer, Iwfs[iwf].Node);
        invite.Cpm = call.Cpm; // the originator's Conversation-ID, Contribution-ID and identity reach every IWF of the call
        SendOnLeg(ref leg.Uac, invite, handle);
        return legSlot;
    }

    private void OnUpstreamInDialog(int slot, SipRequest request)
    {
        ref IsfCall call = ref _calls[slot];
        if (request.Method == SipMethod.Invite && ((call.HasPendingUp && call.Up.Transaction == request.Transaction) || call.LastAnswerTransaction == request.Transaction))
        {
            Respond(request, StatusCodes.Trying);
            Resend(slot, request);
            return;
        }

        switch (request.Method)
        {
            case SipMethod.Invite when call.HasPendingUp || (call.Primary >= 0 && !_legs[call.Primary].Uac.Dialog.IsEstablished):
                RespondInvitePending(request); // the invitation or a modification still awaits its answer
                break;
            case SipMethod.Invite when call.Primary < 0:
                // The IWF's side of the session is gone (its BYE, or a failed refresh): nothing to modify.
                Respond(request, StatusCodes.CallDoesNotExist);
                break;
            case SipMethod.Invite:
                // In-session: passes on along the existing leg, no interworking selection.
                Respond(request, StatusCodes.Trying);
                call.HasPendingUp = true;
                call.Up = request.Headers;
                call.PendingUpBody = request.Body;
                ref IsfLeg primary = ref _legs[call.Primary];
                call.MediaBeforeModification = primary.Uac.Dialog.Media.Count;
                SipRequest modification = primary.Uac.Dialog.NewRequest(SipMethod.Invite, NewTransaction(), Pools, request.Body);
                modification.Cpm = call.Cpm;
                SendOnLeg(ref primary.Uac, modification, _legs.HandleOf(call.Primary));
                break;
            case SipMethod.Bye:
                Respond(request, StatusCodes.Ok);
                for (int i = 0; i < call.Legs.Count; i++)
                {
                    ref IsfLeg leg = ref _legs[call.Legs[i]];
                    if (leg.Uac.Dialog.IsEstablished)
                    {
                        SendRequest(leg.Uac.Dialog.NewRequest(SipMethod.Bye, NewTransaction(), Pools));
                    }
                }

                End(slot);
                break;
            case SipMethod.Update:
                // A session refresh from upstream: answered here; each leg toward an IWF refreshes itself.
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

        if (!FindLeg(response.CallId, response.FromTag, out int leg))
        {
            AnswerStray(response, default); // the call has ended
        }
        else if (CompleteLeg(ref _legs[leg].Uac, response, from, out AnsweredRequest request))
        {
            OnFinal(leg, request, response);
        }
        else
        {
            AnswerStray(response, _legs[leg].Uac.Dialog);
        }
    }

    protected override void OnTimerB(long leg)
    {
        if (_legs.TryResolve(leg, out int slot) && ExpireLeg(ref _legs[slot].Uac, out AnsweredRequest request))
        {
            Note("timer B expired", request.Session, $"no final response from {Iwfs[_legs[slot].Iwf].Name} within {Timers.TimerB}");
            OnFinal(slot, request, TimeoutFor(request));
        }
    }

    private void OnFinal(int legSlot, in AnsweredRequest request, SipResponse response)
    {
        ref IsfLeg leg = ref _legs[legSlot];
        int callSlot = leg.Call;
        ref IsfCall call = ref _calls[callSlot];
        bool success = StatusCodes.IsSuccess(response.Status);
        if (leg.Purpose == LegPurpose.Primary && !request.InDialog)
        {
            // Answer to the CPM Session Invitation.
            if (success)
            {
                Answer(callSlot, call.Up, response.Status, response.Body);
                RearmExpiry(ref call.Expiry, _calls.HandleOf(callSlot)); // the upstream dialog stands: its session timer runs
            }
            else
            {
                Answer(callSlot, call.Up, response.Status, warning: response.Warning);
                End(callSlot);
            }

            return;
        }

        if (!call.HasPendingUp)
        {
            DropLegIfFailed(legSlot, success);
            return;
        }

        if (leg.Purpose == LegPurpose.Primary)
        {
            OnModificationAnswer(callSlot, legSlot, response);
            return;
        }

        // The re-attempt leg.
        call.HasPendingUp = false;
        if (success)
        {
            Answer(callSlot, call.Up, StatusCodes.Ok, Merge(call.PendingUpBody, call.Primary < 0 ? Sdp.Of() : _legs[call.Primary].Uac.Dialog.Media, response.Body));
        }
        else
        {
            Note("re-attempt failed", call.Session, $"{Iwfs[leg.Iwf].Name} answered {response.Kind}");
            DropLegIfFailed(legSlot, success);
            if (call.Primary >= 0 && _legs[call.Primary].Uac.Dialog.Media.Count > call.MediaBeforeModification)
            {
                // IWF A accepted the modification with the new stream on port 0, so its leg now holds
                // that m-line: the originator gets the same answer (2xx, the stream on port 0), and the
                // m-line lists of both dialogs agree (RFC 3264 §8: an m-line is never removed).
                Answer(callSlot, call.Up, StatusCodes.Ok, _legs[call.Primary].Uac.Dialog.Media);
            }
            else
            {
                // IWF A refused the modification as a whole (488, 415, 606): its session is unchanged, and so is the originator's.
                Answer(callSlot, call.Up, StatusCodes.NotAcceptableHere, warning: StatusCodes.WarningMediaTypeNotAvailable);
            }
        }
    }

    private void OnModificationAnswer(int callSlot, int legSlot, SipResponse response)
    {
        ref IsfCall call = ref _calls[callSlot];
        Sdp offer = call.PendingUpBody;
        MediaTypes refused = RefusedStreams(offer, call.MediaBeforeModification, response);
        if (refused.IsEmpty)
        {
            call.HasPendingUp = false;
            Answer(callSlot, call.Up, response.Status, response.Body, response.Warning);
            return;
        }

        Sdp rejected = offer.Select(call.MediaBeforeModification, refused);
        long session = call.Session;
        Note("rejection identified", session, $"[{rejected}] rejected by {Iwfs[_legs[legSlot].Iwf].Name} ({response.Kind})");
        int other = -1;
        if (Reattempt)
        {
            var tried = default(NodeList);
            for (int i = 0; i < call.Legs.Count; i++)
            {
                tried.Add(Iwfs[_legs[call.Legs[i]].Iwf].Node);
            }

            other = SelectIndex(call.RequestUri!, rejected, tried, session);
            if (IsTraced(session))
            {
                Note("interworking selection", session, other < 0
                    ? $"no other IWF can carry [{rejected}] to {call.RequestUri}"
                    : $"[{rejected}] to {call.RequestUri} → {Iwfs[other].Name} ({ServiceName(Iwfs[other].Profile.Service)})");
            }
        }

        if (other < 0)
        {
            call.HasPendingUp = false;
            Answer(callSlot, call.Up, response.Status, response.Body, response.Warning);
            return;
        }

        Note("new invitation created", session, $"INVITE [{rejected}] → {Iwfs[other].Name}");
        Invite(callSlot, other, rejected, LegPurpose.Reattempt);
    }

    /// <summary>
    /// The types of the streams newly offered in <paramref name="offer"/> (from <paramref name="start"/>
    /// on) that <paramref name="answer"/> refuses, read from the answer as a real ISF must: a 488, 415
    /// or 606 (with or without warning 304, Media type not available) refuses the modification and so
    /// every new stream; a 2xx refuses those its SDP sets to port 0; any other answer refuses none.
    /// </summary>
    private static MediaTypes RefusedStreams(in Sdp offer, int start, SipResponse answer)
    {
        MediaTypes refused = MediaTypes.None;
        bool all = StatusCodes.RefusesOffer(answer.Status);
        if (!all && !StatusCodes.IsSuccess(answer.Status))
        {
            return refused;
        }

        for (int i = start; i < offer.Count; i++)
        {
            if (!offer[i].IsRejected && (all || (i < answer.Body.Count && answer.Body[i].IsRejected)))
            {
                refused = refused.With(offer[i].Type);
            }
        }

        return refused;
    }

    protected override void OnAnswerUnacknowledged(CallId callId)
    {
        // The originator never confirmed the session: release the legs toward the IWFs and forget it.
        if (_callByUpCallId.TryGetValue(callId, out int slot))
        {
            Note("answer unacknowledged", _calls[slot].Session, $"no ACK for the 2xx on {callId} within 64·T1: the session is released");
            ref IsfCall call = ref _calls[slot];
            for (int i = 0; i < call.Legs.Count; i++)
            {
                ref IsfLeg leg = ref _legs[call.Legs[i]];
                if (leg.Uac.Dialog.IsEstablished)
                {
                    SendRequest(leg.Uac.Dialog.NewRequest(SipMethod.Bye, NewTransaction(), Pools));
                }
            }

            End(slot);
        }
    }

    protected override ref UacLeg RefreshedLeg(long handle) =>
        ref _legs.TryResolve(handle, out int slot) ? ref _legs[slot].Uac : ref Unsafe.NullRef<UacLeg>();

    /// <summary>A leg's refresh found its dialog gone at the IWF: the leg is forgotten (the upstream dialog stays until released or expired).</summary>
    protected override void OnDialogGone(long handle)
    {
        if (_legs.TryResolve(handle, out int slot))
        {
            LegGone(slot);
        }
    }

    /// <summary>
    /// A leg's dialog is over at the IWF (its BYE, or a failed refresh): the leg stops refreshing and is
    /// forgotten — unless a request of it still awaits its answer, which completes it as usual (then
    /// the leg goes with the call).
    /// </summary>
    private void LegGone(int legSlot)
    {
        ref IsfLeg leg = ref _legs[legSlot];
        StopRefreshing(ref leg.Uac);
        if (!leg.Uac.HasOutstanding)
        {
            RemoveLeg(legSlot);
        }
    }

    /// <summary>The upstream dialog saw no refresh for the session interval (RFC 4028 §10): BYE to every side, and the call is forgotten.</summary>
    protected override void OnSessionExpired(long handle)
    {
        if (!_calls.TryResolve(handle, out int slot))
        {
            return;
        }

        ref IsfCall call = ref _calls[slot];
        Note("session expired", call.Session, $"no refresh of {call.UpCallId} within {Timers.SessionExpires}: the session is released");
        for (int i = 0; i < call.Legs.Count; i++)
        {
            ref IsfLeg leg = ref _legs[call.Legs[i]];
            if (leg.Uac.Dialog.IsEstablished)
            {
                SendRequest(leg.Uac.Dialog.NewRequest(SipMethod.Bye, NewTransaction(), Pools));
            }
        }

        SendRequest(call.UpDialog.NewRequest(SipMethod.Bye, NewTransaction(), Pools));
        End(slot);
    }

    /// <summary>Forgets one leg of a call (its dialog is over).</summary>
    private void RemoveLeg(int legSlot)
    {
        ref IsfLeg leg = ref _legs[legSlot];
        ref IsfCall call = ref _calls[leg.Call];
        AbandonLeg(ref leg.Uac);
        call.Legs.Remove(legSlot);
        if (call.Primary == legSlot)
        {
            call.Primary = -1;
        }

        _legByCallId.Remove(leg.CallId);
        _legs.Remove(legSlot);
    }

    /// <summary>The upstream call of a dialog: by the ISF's tag in the request, else by its Call-ID.</summary>
    private bool FindCall(CallId callId, long tag, out int slot) =>
        _calls.TryFind(tag, callId, _callByUpCallId, static (in IsfCall c) => c.UpCallId, out slot);

    /// <summary>The leg toward an IWF a response belongs to: by the ISF's tag, else by its Call-ID.</summary>
    private bool FindLeg(CallId callId, long tag, out int slot) =>
        _legs.TryFind(tag, callId, _legByCallId, static (in IsfLeg l) => l.CallId, out slot);

    /// <summary>Answers an upstream request and remembers the answer for retransmissions.</summary>
    private void Answer(int callSlot, in RequestHeaders request, int status, Sdp body = default, int warning = 0)
    {
        _calls[callSlot].LastAnswerTransaction = request.Transaction;
        SendKeptAnswer(_lastAnswers, callSlot, SipResponse.To(request, status, Id, Pools, body, warning));
    }

    private void Resend(int callSlot, SipRequest request) => ResendKeptAnswer(_lastAnswers, callSlot, _calls[callSlot].LastAnswerTransaction, request);

    /// <summary>The answer to the modification: per offered stream, the re-attempt leg's answer for its streams, else the primary leg's.</summary>
    private static Sdp Merge(in Sdp offer, in Sdp primary, in Sdp reattempt)
    {
        Sdp result = Sdp.Of();
        int next = 0;
        for (int i = 0; i < offer.Count; i++)
        {
            MediaStream offered = offer[i];
            if (i < primary.Count && !primary[i].IsRejected)
            {
                result = result.With(primary[i]);
            }
            else if (next < reattempt.Count && reattempt[next].Type == offered.Type)
            {
                result = result.With(reattempt[next++]);
            }
            else
            {
                result = result.With(offered.Rejected());
            }
        }

        return result;
    }

    private void DropLegIfFailed(int legSlot, bool success)
    {
        ref IsfLeg leg = ref _legs[legSlot];
        if (!success && !leg.Uac.Dialog.IsEstablished)
        {
            _calls[leg.Call].Legs.Remove(legSlot);
            _legByCallId.Remove(leg.CallId);
            _legs.Remove(legSlot);
        }
    }

    private void End(int callSlot)
    {
        ref IsfCall call = ref _calls[callSlot];
        _callByUpCallId.Remove(call.UpCallId);
        for (int i = 0; i < call.Legs.Count; i++)
        {
            int legSlot = call.Legs[i];
            ref IsfLeg leg = ref _legs[legSlot];
            AbandonLeg(ref leg.Uac);
            _legByCallId.Remove(leg.CallId);
            _legs.Remove(legSlot);
        }

        CancelTimer(call.Expiry);
        _lastAnswers.Remove(callSlot);
        _calls.Remove(callSlot);
    }

    private static string ServiceName(NonCpmService s) => s == NonCpmService.Sms ? "SMS" : "MMS";

    private enum LegPurpose
    {
        Primary,
        Reattempt,
    }

    private struct IsfCall
    {
        /// <summary>The upstream dialog (the CPM Session Invitation's Call-ID), session and Request-URI.</summary>
        public CallId UpCallId;
        public long Session;
        public string? RequestUri;

        /// <summary>The CPM headers of the CPM Session Invitation (Conversation-ID, Contribution-ID, originator).</summary>
        public CpmHeaders Cpm;

        /// <summary>
        /// The upstream request awaiting its answer: the CPM Session Invitation until it is answered,
        /// then a pending modification (while <see cref="HasPendingUp"/>), kept to answer it.
        /// </summary>
        public RequestHeaders Up;

        /// <summary>The leg toward the IWF of the ongoing session (-1: none).</summary>
        public int Primary;

        /// <summary>The call's legs (slots in the leg table), in the order they were opened.</summary>
        public LegList Legs;

        /// <summary>Legs opened so far: numbers the next leg's Call-ID.</summary>
        public int LegCount;

        /// <summary>Streams of the primary leg when the pending modification arrived: streams beyond them are new.</summary>
        public int MediaBeforeModification;

        /// <summary>A modification awaits its answer (its headers in <see cref="Up"/>), with its offer.</summary>
        public bool HasPendingUp;
        public Sdp PendingUpBody;

        /// <summary>The transaction of the last final answer sent upstream.</summary>
        public long LastAnswerTransaction;

        /// <summary>The ISF's side (callee) of the upstream dialog, to release it when its session expires.</summary>
        public Dialog UpDialog;

        /// <summary>The upstream dialog's session expiry (RFC 4028; set once the invitation is answered 2xx).</summary>
        public EventHandle Expiry;
    }

    private struct IsfLeg
    {
        public CallId CallId;
        public int Call;
        public int Iwf;
        public LegPurpose Purpose;
        public Sdp Offer;
        public UacLeg Uac;
    }

    /// <summary>
    /// The leg slots of a call, in order: a primary leg and its re-attempts. The first four are held
    /// inline (a call rarely has more); beyond that they spill into an array, so a call with many
    /// re-attempts (several instances of an IWF kind, repeated modifications) never fails.
    /// </summary>
    private struct LegList
    {
        private const int Capacity = 4;
        private Slots _slots;
        private int[]? _more;
        private int _count;

        public readonly int Count => _count;

        public readonly int this[int i] => i < Capacity ? _slots[i] : _more![i - Capacity];

        public void Add(int slot)
        {
            if (_count < Capacity)
            {
                _slots[_count++] = slot;
                return;
            }

            int spill = _count - Capacity;
            if (_more is null || spill == _more.Length)
            {
                Array.Resize(ref _more, Math.Max(4, spill * 2));
            }

            _more[spill] = slot;
            _count++;
        }

        public void Remove(int slot)
        {
            for (int i = 0; i < _count; i++)
            {
                if (this[i] == slot)
                {
                    for (int j = i + 1; j < _count; j++)
                    {
                        Set(j - 1, this[j]);
                    }

                    _count--;
                    return;
                }
            }
        }

        private void Set(int i, int slot)
        {
            if (i < Capacity)
            {
                _slots[i] = slot;
            }
            else
            {
                _more![i - Capacity] = slot;
            }
        }

        [InlineArray(Capacity)]
        private struct Slots
        {
            private int _element;
        }
    }
}
