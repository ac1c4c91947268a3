using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Sip.Transactions;

/// <summary>A callee for the transaction tests: answers each new request with <see cref="Answer"/>, or holds it for <see cref="AnswerHeld"/>.</summary>
internal sealed class TestUas(string name) : SipNode(name)
{
    private RequestHeaders _held;
    private UacLeg _own; // its side of the dialog it answered, to send re-INVITEs of its own

    /// <summary>The status to answer with at once; 0: hold the request.</summary>
    public int Answer { get; set; } = StatusCodes.Ok;

    /// <summary>New requests its user saw (copies never reach it).</summary>
    public List<SipMethod> Requests { get; } = [];

    /// <summary>The Max-Forwards of each new request its user saw.</summary>
    public List<int> MaxForwards { get; } = [];

    public int Acks { get; private set; }

    public int Cancelled { get; private set; }

    public List<CallId> Unacknowledged { get; } = [];

    /// <summary>Whether a re-INVITE of its own refused with 491 (glare) is sent again after the §14.1 wait (this side does not own the Call-ID).</summary>
    public bool RetryGlare { get; set; }

    /// <summary>Re-INVITEs of the far end this node answered 491 (glare).</summary>
    public int GlareAnswered { get; private set; }

    /// <summary>Final responses to its own re-INVITEs, with when.</summary>
    public List<(int Status, SimTime At)> OwnFinals { get; } = [];

    /// <summary>Sends a re-INVITE of its own on the dialog it answered.</summary>
    public void ReInvite() =>
        SendOnLeg(ref _own, _own.Dialog.NewRequest(SipMethod.Invite, NewTransaction(), Network.Shared<SipMessagePools>(), Sdp.Of()), new LegRef(CallRef.FromTag(2)));

    /// <summary>Answers the held request now.</summary>
    public void AnswerHeld(int status) => Respond(_held, status, status == StatusCodes.Ok ? Sdp.Of() : default);

    protected override void OnRequest(SipRequest request, NodeId from)
    {
        if (request.Method == SipMethod.Ack)
        {
            Acks++;
            return;
        }

        if (request.Method == SipMethod.Invite && !request.InDialog)
        {
            _own.Dialog = Dialog.ForCallee(request, Id, request.Contact, localTag: 9);
        }

        Requests.Add(request.Method);
        MaxForwards.Add(request.MaxForwards);
        if (RespondIfGlare(ref _own, request))
        {
            GlareAnswered++;
            return;
        }

        if (request.Method == SipMethod.Bye && _held.IsSet && _held.Method == SipMethod.Invite && Answer == 0)
        {
            Respond(request, StatusCodes.Ok); // a BYE while an INVITE is held: the INVITE stays held
            return;
        }

        _held = request.AnswerHeaders;
        _held.ToTag = 9;
        if (Answer != 0)
        {
            AnswerHeld(Answer);
        }
    }

    protected override void OnResponse(SipResponse response, NodeId from)
    {
        if (CompleteLeg(ref _own, response, from, out AnsweredRequest request))
        {
            OwnFinals.Add((response.Status, Now));
            if (response.Status == StatusCodes.RequestPending && request.InDialog && RetryGlare)
            {
                StartNodeTimer(GlareRetryDelay(ownsCallId: false), GlareTimer.Retry, CallRef.None);
            }
        }
    }

    protected override void OnNodeTimer(NodeTimer timer) => ReInvite(); // the glare retry

    protected override void OnCancelled(in RequestHeaders invite)
    {
        Cancelled++;
        base.OnCancelled(invite);
    }

    protected override void OnAnswerUnacknowledged(CallId callId) => Unacknowledged.Add(callId);
}
