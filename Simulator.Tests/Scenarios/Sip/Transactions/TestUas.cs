using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Sip.Transactions;

/// <summary>A callee for the transaction tests: answers each new request with <see cref="Answer"/>, or holds it for <see cref="AnswerHeld"/>.</summary>
internal sealed class TestUas(string name) : SipNode(name)
{
    private RequestHeaders _held;

    /// <summary>The status to answer with at once; 0: hold the request.</summary>
    public int Answer { get; set; } = StatusCodes.Ok;

    /// <summary>New requests its user saw (copies never reach it).</summary>
    public List<SipMethod> Requests { get; } = [];

    /// <summary>The Max-Forwards of each new request its user saw.</summary>
    public List<int> MaxForwards { get; } = [];

    public int Acks { get; private set; }

    public int Cancelled { get; private set; }

    public List<CallId> Unacknowledged { get; } = [];

    /// <summary>Answers the held request now.</summary>
    public void AnswerHeld(int status) => Respond(_held, status, status == StatusCodes.Ok ? Sdp.Of() : default);

    protected override void OnRequest(SipRequest request, NodeId from)
    {
        if (request.Method == SipMethod.Ack)
        {
            Acks++;
            return;
        }

        Requests.Add(request.Method);
        MaxForwards.Add(request.MaxForwards);
        _held = request.Headers;
        _held.ToTag = 9;
        if (Answer != 0)
        {
            AnswerHeld(Answer);
        }
    }

    protected override void OnCancelled(in RequestHeaders invite)
    {
        Cancelled++;
        base.OnCancelled(invite);
    }

    protected override void OnAnswerUnacknowledged(CallId callId) => Unacknowledged.Add(callId);
}
