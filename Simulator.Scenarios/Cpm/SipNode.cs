using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// Common plumbing of the CPM nodes: request/response dispatch by the Via stack, transaction ids,
/// overload answers (503) and RFC 3261 timers. Subclasses implement the behaviour of one node kind.
/// </summary>
public abstract class SipNode : Node
{
    private long _transactions;

    protected SipNode(string name)
        : base(name)
    {
    }

    public SipTimers Timers { get; set; } = SipTimers.Default;

    /// <summary>Retry-After given with a 503 on overload.</summary>
    public SimTime RetryAfter { get; set; } = SimTime.FromSeconds(1);

    /// <summary>A transaction id unique in the run.</summary>
    protected long NewTransaction() => ((long)(Id.Value + 1) << 40) | ++_transactions;

    protected sealed override void HandleMessage(Message message, NodeId from)
    {
        switch (message)
        {
            case SipResponse response:
                SipResponse popped = response.Popped();
                if (popped.Via.IsEmpty)
                {
                    OnResponse(response, from);
                }
                else
                {
                    OnRelayResponse(popped, from);
                }

                break;
            case SipRequest { AcksFailure: true }:
                break; // hop-by-hop ACK of a failure: completes our server transaction, nothing else to do
            case SipRequest request:
                OnRequest(request, from);
                break;
            case SessionTimer timer when from == Id:
                OnTimer(timer);
                break;
            default:
                OnOtherMessage(message, from);
                break;
        }
    }

    /// <summary>A request that reached this node (as proxy, B2BUA or user agent).</summary>
    protected abstract void OnRequest(SipRequest request, NodeId from);

    /// <summary>A response to a request this node originated (its Via was the last one).</summary>
    protected virtual void OnResponse(SipResponse response, NodeId from)
    {
    }

    /// <summary>A response to relay toward <c>response.Via.Peek()</c> (already popped). Proxies ACK non-2xx finals hop by hop.</summary>
    protected virtual void OnRelayResponse(SipResponse response, NodeId from)
    {
        if (response.Status == StatusCodes.Trying)
        {
            return; // 100 Trying is hop-by-hop, never forwarded (RFC 3261 §16.7)
        }

        if (response.CSeqMethod == SipMethod.Invite && response.Status >= 300)
        {
            Send(from, SipRequest.AckFor(response, Id));
        }

        Send(response.Via.Peek(), response);
    }

    protected virtual void OnTimer(SessionTimer timer)
    {
    }

    protected virtual void OnOtherMessage(Message message, NodeId from)
    {
    }

    /// <summary>Sends a response to the previous hop of <paramref name="request"/>.</summary>
    protected void Respond(SipRequest request, int status, Sdp? body = null, int? warning = null, IEnumerable<MediaType>? newlyRejected = null) =>
        Send(request.Via.Peek(), SipResponse.To(request, status, Id, body, warning, newlyRejected));

    /// <summary>Sends a request to its next hop: the first route entry, else the target.</summary>
    protected void SendRequest(SipRequest request)
    {
        NodeId next = !request.Route.IsEmpty ? request.Route[0] : request.Target;
        if (next.IsNone)
        {
            throw new InvalidOperationException($"{Name}: {request.Kind} for session {request.Session} has no route and no target.");
        }

        Send(next, request);
    }

    /// <summary>Overload: a request is answered 503 with Retry-After; responses and ACKs are lost.</summary>
    protected override void OnOverload(Message message, NodeId from)
    {
        if (message is SipRequest { Method: not SipMethod.Ack } request)
        {
            Send(request.Via.Peek(), SipResponse.To(request, StatusCodes.ServiceUnavailable, Id));
        }
    }

    /// <summary>Starts a session timer; returns its handle for cancelling.</summary>
    protected EventHandle StartTimer(SimTime delay, string purpose, long session, object? state = null) =>
        StartTimer(delay, new SessionTimer(purpose, session, state));
}
