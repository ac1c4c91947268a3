using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Sip.Transactions;

/// <summary>
/// The smallest B2BUA for the transaction tests: one call at a time, its one leg toward <see cref="Next"/>;
/// answers pass upstream as they are. Everything else is <see cref="B2bua"/>'s.
/// </summary>
internal sealed class TestB2bua(string name) : B2bua(name)
{
    private static readonly CallRef TheCall = CallRef.FromTag(1);
    private static readonly LegRef TheLeg = new(CallRef.FromTag(2));

    private UpstreamDialog _up;
    private UacLeg _leg;
    private CallId _downCallId;
    private bool _active;

    public NodeId Next { get; set; }

    protected override bool FindCall(CallId callId, CallRef tag, out int call)
    {
        call = 0;
        return _active && callId == _up.CallId;
    }

    protected override bool ResolveCall(CallRef reference, out int call)
    {
        call = 0;
        return _active && reference == TheCall;
    }

    protected override CallRef RefOf(int call) => TheCall;

    protected override ref UpstreamDialog Upstream(int call) => ref _up;

    protected override bool FindLeg(CallId callId, LegRef tag, out int leg)
    {
        leg = 0;
        return _active && callId == _downCallId;
    }

    protected override bool ResolveLeg(LegRef reference, out int leg)
    {
        leg = 0;
        return _active && reference == TheLeg;
    }

    protected override ref UacLeg Leg(int leg) => ref _leg;

    protected override int LegCount(int call) => 1;

    protected override int LegAt(int call, int i) => 0;

    protected override bool HasSessionDownstream(int call) => _leg.Dialog.IsEstablished;

    /// <summary>Initial INVITEs handed to the node as new calls.</summary>
    public int Invitations { get; private set; }

    protected override void OnInvitation(SipRequest invite)
    {
        Invitations++;
        _active = true;
        _up = UpstreamDialog.Of(invite, Id, TheCall);
        _downCallId = invite.CallId.Derived(1);
        SendOnLeg(ref _leg, NewInvite(_downCallId, invite.Session, TheLeg, invite.RequestUri, Next, invite.Body, Next), TheLeg);
    }

    protected override void OnModification(int call, SipRequest reInvite) =>
        SendOnLeg(ref _leg, _leg.Dialog.NewRequest(SipMethod.Invite, NewTransaction(), Pools, reInvite.Body), TheLeg);

    protected override void OnLegFinal(int leg, in AnsweredRequest request, SipResponse response) =>
        AnswerUpstream(0, !request.InDialog, response.Status, response.Body, response.Warning);

    protected override void OnLegGone(int leg) => EndDialog(ref _leg);

    protected override void ForgetCall(int call)
    {
        _active = false;
        _up = default;
        _leg = default;
    }
}
