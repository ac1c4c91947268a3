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
public sealed class Isf : B2bua
{
    private readonly SlotTable<IsfCall> _calls;
    private readonly SlotTable<IsfLeg> _legs;
    private readonly Dictionary<CallId, int> _callByUpCallId;
    private readonly Dictionary<CallId, int> _legByCallId;

    public Isf(string name)
        : base(name)
    {
        _calls = Register(new SlotTable<IsfCall>());
        _legs = Register(new SlotTable<IsfLeg>());
        _callByUpCallId = Register(new Dictionary<CallId, int>());
        _legByCallId = Register(new Dictionary<CallId, int>());
    }

    /// <summary>The SIP/IP core through which the ISF reaches the IWFs.</summary>
    public Balancer Core { get; set; } = Balancer.None;

    public List<IwfRegistration> Iwfs { get; } = [];

    public RecipientDirectory Recipients { get; set; } = new();

    /// <summary>Operator preference among services, most preferred first.</summary>
    public List<NonCpmService> Preference { get; } = [NonCpmService.Sms, NonCpmService.Mms];

    /// <summary>Failures of the IWF and core instances: new legs avoid an instance that failed recently (see <see cref="InstanceHealth"/>).</summary>
    public InstanceHealth Health { get; } = new();

    /// <summary>The interworking selection (<c>policy:</c>); by default the operator's preference (<see cref="PreferencePolicy"/>).</summary>
    public IIsfPolicy Policy { get; set; } = new PreferencePolicy();

    /// <summary>R01: re-attempt interworking for a rejected stream (else return the rejection to the originator).</summary>
    public bool Reattempt { get; set; } = true;

    /// <summary>Calls whose state is still held (for leak checks).</summary>
    public int ActiveCalls => _calls.Count;

    /// <summary>
    /// The IWF for <paramref name="streams"/> toward <paramref name="recipient"/>, or null, as
    /// <see cref="Policy"/> selects it among the IWFs of the recipient's services that carry every
    /// stream and are not in <paramref name="exclude"/> (by default: the operator's most preferred
    /// service; several instances of it share the sessions by session id).
    /// </summary>
    public IwfRegistration? Select(string recipient, in Sdp streams, in NodeList exclude = default, long session = 0)
    {
        int i = SelectIndex(recipient, streams, exclude, session);
        return i < 0 ? null : Iwfs[i];
    }

    /// <summary>The IWF index for <paramref name="wanted"/> (of <paramref name="only"/>'s service when given) not in <paramref name="exclude"/>, as <see cref="Policy"/> selects it. -1: none.</summary>
    private int SelectIndex(string recipient, in Sdp wanted, in NodeList exclude, long session, NonCpmService? only = null) =>
        Policy.Select(this, new IwfQuery(recipient, Recipients.ServicesOf(recipient), wanted, exclude, session, only, Now));

    protected override bool FindCall(CallId callId, CallRef tag, out int call) =>
        _calls.TryFind(tag, callId, _callByUpCallId, static (in IsfCall c) => c.Up.CallId, out call);

    protected override bool ResolveCall(CallRef reference, out int call) => _calls.TryResolve(reference, out call);

    protected override CallRef RefOf(int call) => _calls.RefOf(call);

    protected override ref UpstreamDialog Upstream(int call) => ref _calls[call].Up;

    /// <summary>The leg toward an IWF a message belongs to: by the ISF's tag, else by its Call-ID.</summary>
    protected override bool FindLeg(CallId callId, LegRef tag, out int leg) =>
        _legs.TryFind(tag.Entry, callId, _legByCallId, static (in IsfLeg l) => l.CallId, out leg);

    protected override bool ResolveLeg(LegRef reference, out int leg) => _legs.TryResolve(reference.Entry, out leg);

    protected override ref UacLeg Leg(int leg) => ref _legs[leg].Uac;

    protected override int LegCount(int call) => _calls[call].Legs.Count;

    protected override int LegAt(int call, int i) => _calls[call].Legs[i];

    protected override string LegPeer(int leg) => $" from {Iwfs[_legs[leg].Iwf].Name}";

    /// <summary>The IWF's side of the session is gone when its primary leg is (its BYE, or a failed refresh).</summary>
    protected override bool HasSessionDownstream(int call) => _calls[call].Primary >= 0;

    /// <summary>A CPM Session Invitation: the interworking selection, and a leg toward the IWF selected.</summary>
    protected override void OnInvitation(SipRequest invite)
    {
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
        call.Up = UpstreamDialog.Of(invite, Id, _calls.RefOf(slot)); // the ISF's tag in its answers: in-session requests find the call by it
        call.RequestUri = invite.RequestUri;
        call.Cpm = invite.Cpm;
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
        leg.CallId = call.Up.CallId.Derived(++call.LegCount);
        leg.Call = callSlot;
        leg.Iwf = iwf;
        leg.Purpose = purpose;
        leg.Offer = offer;
        _legByCallId.Add(leg.CallId, legSlot);
        call.Legs.Add(legSlot);
        var reference = new LegRef(_legs.RefOf(legSlot)); // a leg is an entry of the leg table
        SipRequest invite = NewInvite(leg.CallId, call.Up.Session, reference, call.RequestUri!, PickCore(call.Up.Session), offer, Iwfs[iwf].Node);
        invite.Cpm = call.Cpm; // the originator's Conversation-ID, Contribution-ID and identity reach every IWF of the call
        SendOnLeg(ref leg.Uac, invite, reference);
        return legSlot;
    }

    /// <summary>The core instance for a new leg: the balancer's choice, unless it failed recently.</summary>
    private NodeId PickCore(long session)
    {
        NodeId core = Core.Pick(session);
        if (Health.AllHealthy || Core.Targets.Count < 2 || !Health.IsAvoided(core, Now))
        {
            return core;
        }

        int i = 0;
        while (Core.Targets[i] != core)
        {
            i++;
        }

        return Core.Targets[Health.Choose(Core.Targets, i, Now)];
    }

    /// <summary>
    /// The one mechanism behind R01 re-attempts and fail-over: selects another IWF for
    /// <paramref name="offer"/> — one the call has not tried yet (of <paramref name="only"/>'s service
    /// for a fail-over) — and invites it on a new leg. False when there is none.
    /// </summary>
    private bool Reselect(int callSlot, in Sdp offer, LegPurpose purpose, NonCpmService? only, string? why, out int newLeg)
    {
        ref IsfCall call = ref _calls[callSlot];
        long session = call.Up.Session;
        int other = SelectIndex(call.RequestUri!, offer, Tried(callSlot), session, only);
        if (IsTraced(session))
        {
            string after = why is null ? string.Empty : $" after {why}";
            Note("interworking selection", session, other < 0
                ? $"no other IWF can carry [{offer}] to {call.RequestUri}{after}"
                : $"[{offer}] to {call.RequestUri} → {Iwfs[other].Name} ({ServiceName(Iwfs[other].Profile.Service)}){after}");
        }

        if (other < 0)
        {
            newLeg = -1;
            return false;
        }

        Note("new invitation created", session, $"INVITE [{offer}] → {Iwfs[other].Name}");
        newLeg = Invite(callSlot, other, offer, purpose);
        return true;
    }

    /// <summary>The IWFs the call has had legs with (open, or failed and forgotten, see <see cref="IsfCall.TriedIwfs"/>).</summary>
    private NodeList Tried(int callSlot)
    {
        ref IsfCall call = ref _calls[callSlot];
        NodeList tried = call.TriedIwfs;
        for (int i = 0; i < call.Legs.Count; i++)
        {
            NodeId node = Iwfs[_legs[call.Legs[i]].Iwf].Node;
            if (!tried.Contains(node) && tried.Count < NodeList.Capacity)
            {
                tried.Add(node);
            }
        }

        return tried;
    }

    /// <summary>
    /// An initial INVITE of a leg failed as an instance fails — a transport error, 503 or a time-out
    /// (408, or this ISF's Timer B): the instance that failed is avoided for a while, and the leg is
    /// opened again toward another instance of the same IWF service (through another core instance when
    /// the core was the one unreachable). False when there is none: the failure is answered as before.
    /// </summary>
    private bool TryFailOver(int legSlot, SipResponse response)
    {
        ref IsfLeg leg = ref _legs[legSlot];
        int callSlot = leg.Call;
        ref IsfCall call = ref _calls[callSlot];
        if (call.Failovers >= Iwfs.Count + Core.Targets.Count)
        {
            return false; // every instance had its chance
        }

        NodeId iwfNode = Iwfs[leg.Iwf].Node;
        NodeId failed = IsTransportFailure && !TransportFailureHop.IsNone ? TransportFailureHop : iwfNode;
        Health.Failed(failed, Now);
        bool coreFailed = failed != iwfNode && Core.Targets.Count > 1;
        if (!coreFailed && SelectIndex(call.RequestUri!, leg.Offer, Tried(leg.Call), call.Up.Session, Iwfs[leg.Iwf].Profile.Service) < 0)
        {
            return false; // no other instance: the failure is answered as before
        }

        LegPurpose purpose = leg.Purpose;
        Sdp offer = leg.Offer;
        int iwf = leg.Iwf;
        bool wasPrimary = call.Primary == legSlot;
        string why = $"{Network.NameOf(failed)} failed: {response.Kind}";
        Note("failover", call.Up.Session, why);
        call.Failovers++;
        if (!coreFailed && !call.TriedIwfs.Contains(iwfNode) && call.TriedIwfs.Count < NodeList.Capacity)
        {
            call.TriedIwfs.Add(iwfNode); // its leg is forgotten below, the failure is not
        }

        RemoveLeg(legSlot);
        int newLeg;
        if (coreFailed)
        {
            newLeg = Invite(callSlot, iwf, offer, purpose); // the same IWF through another core
        }
        else if (!Reselect(callSlot, offer, purpose, Iwfs[iwf].Profile.Service, why, out newLeg))
        {
            return false;
        }

        Health.FailedOver();
        if (wasPrimary)
        {
            _calls[callSlot].Primary = newLeg;
        }

        return true;
    }

    /// <summary>A modification passes on along the primary leg, without interworking selection.</summary>
    protected override void OnModification(int call, SipRequest reInvite)
    {
        ref IsfCall c = ref _calls[call];
        c.PendingUpBody = reInvite.Body;
        ref IsfLeg primary = ref _legs[c.Primary];
        c.MediaBeforeModification = primary.Uac.Dialog.Media.Count;
        SipRequest modification = primary.Uac.Dialog.NewRequest(SipMethod.Invite, NewTransaction(), Pools, reInvite.Body);
        modification.Cpm = c.Cpm;
        SendOnLeg(ref primary.Uac, modification, new LegRef(_legs.RefOf(c.Primary)));
    }

    /// <summary>
    /// The answer of a leg (or its time-out): a failed invitation fails over when it can; the
    /// invitation's answer goes upstream; a modification's answer is read for refused streams (R01).
    /// </summary>
    protected override void OnLegFinal(int legSlot, in AnsweredRequest request, SipResponse response)
    {
        if (!request.InDialog && response.Status is StatusCodes.ServiceUnavailable or StatusCodes.RequestTimeout && FailOverPossible(legSlot) && TryFailOver(legSlot, response))
        {
            return;
        }

        ref IsfLeg leg = ref _legs[legSlot];
        int callSlot = leg.Call;
        ref IsfCall call = ref _calls[callSlot];
        bool success = StatusCodes.IsSuccess(response.Status);
        if (leg.Purpose == LegPurpose.Primary && !request.InDialog)
        {
            // Answer to the CPM Session Invitation.
            if (success)
            {
                AnswerUpstream(callSlot, initial: true, response.Status, response.Body); // the upstream dialog stands
            }
            else
            {
                AnswerUpstream(callSlot, initial: true, response.Status, warning: response.Warning); // the call ends
            }

            return;
        }

        if (!call.Up.HasPending)
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
        if (success)
        {
            AnswerUpstream(callSlot, initial: false, StatusCodes.Ok, Merge(call.PendingUpBody, call.Primary < 0 ? Sdp.Of() : _legs[call.Primary].Uac.Dialog.Media, response.Body));
        }
        else
        {
            Note("re-attempt failed", call.Up.Session, $"{Iwfs[leg.Iwf].Name} answered {response.Kind}");
            DropLegIfFailed(legSlot, success);
            if (call.Primary >= 0 && _legs[call.Primary].Uac.Dialog.Media.Count > call.MediaBeforeModification)
            {
                // IWF A accepted the modification with the new stream on port 0, so its leg now holds
                // that m-line: the originator gets the same answer (2xx, the stream on port 0), and the
                // m-line lists of both dialogs agree (RFC 3264 §8: an m-line is never removed).
                AnswerUpstream(callSlot, initial: false, StatusCodes.Ok, _legs[call.Primary].Uac.Dialog.Media);
            }
            else
            {
                // IWF A refused the modification as a whole (488, 415, 606): its session is unchanged, and so is the originator's.
                AnswerUpstream(callSlot, initial: false, StatusCodes.NotAcceptableHere, warning: StatusCodes.WarningMediaTypeNotAvailable);
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
            AnswerUpstream(callSlot, initial: false, response.Status, response.Body, response.Warning);
            return;
        }

        Sdp rejected = offer.Select(call.MediaBeforeModification, refused);
        long session = call.Up.Session;
        Note("rejection identified", session, $"[{rejected}] rejected by {Iwfs[_legs[legSlot].Iwf].Name} ({response.Kind})");
        if (!Reattempt || !Reselect(callSlot, rejected, LegPurpose.Reattempt, null, null, out _))
        {
            AnswerUpstream(callSlot, initial: false, response.Status, response.Body, response.Warning);
        }
    }

    /// <summary>Whether a failed leg may be failed over: an ISF-originated initial INVITE, of a call still waiting for it.</summary>
    private bool FailOverPossible(int legSlot)
    {
        ref IsfLeg leg = ref _legs[legSlot];
        ref IsfCall call = ref _calls[leg.Call];
        return leg.Purpose == LegPurpose.Primary ? call.Primary == legSlot : call.Up.HasPending;
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

    /// <summary>
    /// A leg's dialog is over at the IWF (its BYE, or a failed refresh), or a leg was never set up (its
    /// INVITE failed or was cancelled): the leg is forgotten (the upstream dialog stays until released or expired).
    /// </summary>
    protected override void OnLegGone(int leg) => RemoveLeg(leg);

    /// <summary>Forgets one leg of a call (an INVITE of it still in progress is cancelled).</summary>
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
        if (!success && !_legs[legSlot].Uac.Dialog.IsEstablished)
        {
            RemoveLeg(legSlot);
        }
    }

    /// <summary>Forgets a call and its legs (abandoned by <see cref="B2bua.EndCall"/>).</summary>
    protected override void ForgetCall(int call)
    {
        ref IsfCall c = ref _calls[call];
        _callByUpCallId.Remove(c.Up.CallId);
        for (int i = 0; i < c.Legs.Count; i++)
        {
            int legSlot = c.Legs[i];
            _legByCallId.Remove(_legs[legSlot].CallId);
            _legs.Remove(legSlot);
        }

        _calls.Remove(call);
    }

    private static string ServiceName(NonCpmService s) => s.DisplayName;

    private enum LegPurpose
    {
        Primary,
        Reattempt,
    }

    private struct IsfCall
    {
        /// <summary>The ISF's side (callee) of the CPM Session Invitation's dialog, with the upstream request awaiting its answer.</summary>
        public UpstreamDialog Up;

        /// <summary>The Request-URI of the invitation (the recipient).</summary>
        public string? RequestUri;

        /// <summary>The CPM headers of the CPM Session Invitation (Conversation-ID, Contribution-ID, originator).</summary>
        public CpmHeaders Cpm;

        /// <summary>The leg toward the IWF of the ongoing session (-1: none).</summary>
        public int Primary;

        /// <summary>The call's legs (slots in the leg table), in the order they were opened.</summary>
        public LegList Legs;

        /// <summary>Legs opened so far: numbers the next leg's Call-ID.</summary>
        public int LegCount;

        /// <summary>Streams of the primary leg when the pending modification arrived: streams beyond them are new.</summary>
        public int MediaBeforeModification;

        /// <summary>The offer of the pending modification.</summary>
        public Sdp PendingUpBody;

        /// <summary>Legs of this call opened again toward another instance after a failure (bounded by the instances there are).</summary>
        public int Failovers;

        /// <summary>IWFs whose failed leg this call has forgotten: a fail-over or re-attempt does not choose them again.</summary>
        public NodeList TriedIwfs;
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
