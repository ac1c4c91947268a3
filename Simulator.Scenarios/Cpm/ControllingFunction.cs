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
public sealed class ControllingFunction : B2bua
{
    private readonly SlotTable<CfCall> _calls;
    private readonly Dictionary<CallId, int> _byUpCallId;
    private readonly Dictionary<CallId, int> _byDownCallId;
    private readonly Dictionary<long, int> _bySession;
    private MessagePool<MsrpMessage>? _msrp;

    public ControllingFunction(string name)
        : base(name)
    {
        _calls = Register(new SlotTable<CfCall>());
        _byUpCallId = Register(new Dictionary<CallId, int>());
        _byDownCallId = Register(new Dictionary<CallId, int>());
        _bySession = Register(new Dictionary<long, int>());
    }

    public Balancer Core { get; set; } = Balancer.None;

    public HashSet<string> CpmDomains { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int ActiveCalls => _calls.Count;

    private MessagePool<MsrpMessage> Msrp => _msrp ??= Network.Shared<MessagePool<MsrpMessage>>();

    protected override bool FindCall(CallId callId, CallRef tag, out int call) =>
        _calls.TryFind(tag, callId, _byUpCallId, static (in CfCall c) => c.Up.CallId, out call);

    protected override bool ResolveCall(CallRef reference, out int call) => _calls.TryResolve(reference, out call);

    protected override CallRef RefOf(int call) => _calls.RefOf(call);

    protected override ref UpstreamDialog Upstream(int call) => ref _calls[call].Up;

    /// <summary>The call a message on the leg toward the interworking side belongs to: by the CF's tag, else by its Call-ID (the leg is the call's one leg).</summary>
    protected override bool FindLeg(CallId callId, LegRef tag, out int leg) =>
        _calls.TryFind(tag.Entry, callId, _byDownCallId, static (in CfCall c) => c.DownCallId, out leg);

    protected override bool ResolveLeg(LegRef reference, out int leg) => _calls.TryResolve(reference.Entry, out leg);

    protected override ref UacLeg Leg(int leg) => ref _calls[leg].Leg;

    protected override int LegCount(int call) => 1;

    protected override int LegAt(int call, int i) => call;

    protected override bool HasSessionDownstream(int call) => _calls[call].Leg.Dialog.IsEstablished;

    /// <summary>The interworking decision; the invitation goes on toward the core on the call's leg, the media anchored here.</summary>
    protected override void OnInvitation(SipRequest invite)
    {
        bool nonCpm = !CpmAddress.IsCpm(invite.RequestUri, CpmDomains);
        if (IsTraced(invite.Session))
        {
            Note("interworking decision", invite.Session, nonCpm
                ? $"{invite.RequestUri} is not a CPM address: interworking needed"
                : $"{invite.RequestUri} is a CPM address: no interworking");
        }

        int slot = _calls.Add();
        ref CfCall call = ref _calls[slot];
        CallRef reference = _calls.RefOf(slot);
        var leg = new LegRef(reference); // the call's one leg
        call.Up = UpstreamDialog.Of(invite, Id, reference);
        call.DownCallId = invite.CallId.DerivedByControllingFunction();
        _byUpCallId.Add(call.Up.CallId, slot);
        _byDownCallId.Add(call.DownCallId, slot);
        _bySession[invite.Session] = slot;
        SipRequest down = NewInvite(call.DownCallId, invite.Session, leg, invite.RequestUri, Core.Pick(invite.Session), invite.Body.AnchoredAt(Id));
        down.InterworkingDecided = nonCpm;
        down.Cpm = invite.Cpm.Asserted(); // the originating CPM server asserts its user's identity (RFC 3325)
        call.Cpm = down.Cpm;
        SendOnLeg(ref call.Leg, down, leg);
    }

    /// <summary>A modification passes on along the leg, the media anchored here; no interworking decision.</summary>
    protected override void OnModification(int call, SipRequest reInvite)
    {
        ref CfCall c = ref _calls[call];
        Note("in-session request", c.Up.Session, $"{reInvite.Kind} within the ongoing session: no interworking decision");
        SipRequest modification = c.Leg.Dialog.NewRequest(SipMethod.Invite, NewTransaction(), Pools, reInvite.Body.AnchoredAt(Id));
        modification.Cpm = c.Cpm;
        SendOnLeg(ref c.Leg, modification, new LegRef(_calls.RefOf(call)));
    }

    /// <summary>The leg's answer goes upstream as it is, its media anchored here.</summary>
    protected override void OnLegFinal(int leg, in AnsweredRequest request, SipResponse response)
    {
        long session = _calls[leg].Up.Session;
        AnswerUpstream(leg, !request.InDialog, response.Status, response.Body.AnchoredAt(Id), response.Warning);
        if (StatusCodes.IsSuccess(response.Status))
        {
            // The session this answer sets up stands from now; recorded once the answer is passed
            // on, in the same instant (the seed's order: the OK reaches the originator, step 22, then
            // the new session, step 23).
            NoteNewMedia(session, response.Body);
        }
    }

    /// <summary>The leg's dialog is over (the ISF released it, or a refresh failed): forgotten; the upstream dialog stays until released or expired.</summary>
    protected override void OnLegGone(int leg) => EndDialog(ref _calls[leg].Leg);

    protected override void ForgetCall(int call)
    {
        ref CfCall c = ref _calls[call];
        _byUpCallId.Remove(c.Up.CallId);
        _byDownCallId.Remove(c.DownCallId);
        _bySession.Remove(c.Up.Session);
        ForgetNotedMedia(c.Up.Session);
        _calls.Remove(call);
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

    private struct CfCall
    {
        /// <summary>The CF's side (callee) of the originator's dialog.</summary>
        public UpstreamDialog Up;

        public CallId DownCallId;

        /// <summary>The CPM headers of the session (Conversation-ID, Contribution-ID, originator), carried downstream.</summary>
        public CpmHeaders Cpm;

        /// <summary>The leg toward the interworking side.</summary>
        public UacLeg Leg;
    }
}
