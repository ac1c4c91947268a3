using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Sip.Transactions;

/// <summary>A caller for the transaction tests: one leg, whose requests and what came of them it records.</summary>
internal sealed class TestUac(string name) : SipNode(name)
{
    private static readonly LegRef TheLeg = new(CallRef.FromTag(1));
    private UacLeg _leg;
    private int _cseq;
    private SipRequest? _lastInvite;

    public NodeId FirstHop { get; set; }

    public NodeId Target { get; set; }

    /// <summary>Mark its requests as needing interworking (a core sends them to an ISF).</summary>
    public bool InterworkingDecided { get; set; }

    /// <summary>The Max-Forwards of the requests it sends.</summary>
    public int MaxForwards { get; set; } = SipRequest.InitialMaxForwards;

    /// <summary>Final responses the leg's outstanding request got, with when.</summary>
    public List<(int Status, SimTime At)> Finals { get; } = [];

    /// <summary>Every response the node's user saw (provisional and final, the leg's or not).</summary>
    public List<int> Seen { get; } = [];

    /// <summary>Times the leg's INVITE timed out (Timer B or C).</summary>
    public List<SimTime> TimedOut { get; } = [];

    public List<SipMethod> RequestsReceived { get; } = [];

    /// <summary>Sends an INVITE (or, with <paramref name="method"/>, another request) on the leg; returns its branch.</summary>
    public long Send(SipMethod method = SipMethod.Invite)
    {
        SipRequest r = Network.Shared<SipMessagePools>().Request();
        r.Method = method;
        r.CSeqMethod = method;
        r.CallId = CallId.ForSession(1, 1);
        r.Session = 1;
        r.CSeq = ++_cseq;
        r.Transaction = NewTransaction();
        r.FromTag = 7;
        r.RequestUri = "sip:uas@test";
        r.Via = NodeList.Of(Id);
        r.Contact = Id;
        r.Route = FirstHop == Target ? default : NodeList.Of(FirstHop);
        r.Target = Target;
        r.MaxForwards = MaxForwards;
        r.InterworkingDecided = InterworkingDecided;
        long branch = r.Transaction;
        if (method == SipMethod.Invite)
        {
            _lastInvite = r.Copy(null);
            SendOnLeg(ref _leg, r, TheLeg);
        }
        else
        {
            SendRequest(r);
        }

        return branch;
    }

    /// <summary>Whether a re-INVITE refused with 491 (glare) is sent again after the §14.1 wait (this side owns the Call-ID).</summary>
    public bool RetryGlare { get; set; }

    /// <summary>Re-INVITEs of the far end this node answered 491 (glare).</summary>
    public int GlareAnswered { get; private set; }

    /// <summary>Sends a re-INVITE on the leg's dialog; returns its branch.</summary>
    public long ReInvite()
    {
        SipRequest r = _leg.Dialog.NewRequest(SipMethod.Invite, NewTransaction(), Network.Shared<SipMessagePools>(), Sdp.Of());
        long branch = r.Transaction;
        SendOnLeg(ref _leg, r, TheLeg);
        return branch;
    }

    /// <summary>Sends a BYE on the leg's dialog.</summary>
    /// <summary>
    /// A copy of the last INVITE (the same branch) put on the wire now, outside any transaction: what a
    /// copy delayed in the network for longer than the far end's transaction lived looks like when it arrives.
    /// </summary>
    public void SendLateCopy()
    {
        SipRequest copy = _lastInvite!.Copy(Network.Shared<SipMessagePools>());
        copy.IsRetransmission = true;
        Transmit(FirstHop, copy);
    }

    public void Bye() => SendRequest(_leg.Dialog.NewRequest(SipMethod.Bye, NewTransaction(), Network.Shared<SipMessagePools>()));

    /// <summary>Gives up the leg's INVITE (it is cancelled).</summary>
    public void Abandon() => AbandonLeg(ref _leg);

    protected override void OnRequest(SipRequest request, NodeId from)
    {
        RequestsReceived.Add(request.Method);
        if (RespondIfGlare(ref _leg, request))
        {
            GlareAnswered++;
        }
        else if (request.Method != SipMethod.Ack)
        {
            Respond(request, StatusCodes.Ok);
        }
    }

    protected override void OnResponse(SipResponse response, NodeId from)
    {
        Seen.Add(response.Status);
        if (response.CSeqMethod != SipMethod.Invite)
        {
            if (!StatusCodes.IsProvisional(response.Status))
            {
                Finals.Add((response.Status, Now));
            }

            return;
        }

        if (CompleteLeg(ref _leg, response, from, out AnsweredRequest request))
        {
            Finals.Add((response.Status, Now));
            if (response.Status == StatusCodes.RequestPending && request.InDialog && RetryGlare)
            {
                StartNodeTimer(GlareRetryDelay(ownsCallId: true), GlareTimer.Retry, CallRef.None);
            }
        }
        else
        {
            AnswerStray(response, _leg.Dialog);
        }
    }

    protected override void OnNodeTimer(NodeTimer timer) => ReInvite(); // the glare retry

    protected override void OnLegTimedOut(LegRef leg, LegTimeout timeout)
    {
        if (ExpireLeg(ref _leg, out _))
        {
            TimedOut.Add(Now);
        }
    }
}
