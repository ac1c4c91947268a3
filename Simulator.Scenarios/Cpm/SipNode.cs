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
    private readonly Dictionary<long, PendingTransaction> _clientTransactions = [];
    private readonly Dictionary<(string CallId, int CSeq), PendingAnswer> _serverAnswers = [];

    protected SipNode(string name)
        : base(name)
    {
    }

    public SipTimers Timers { get; set; } = SipTimers.Default;

    /// <summary>
    /// Unreliable transport (UDP): requests this node originates are retransmitted (RFC 3261 Timer A
    /// for INVITE, doubling from T1; Timer E for others, doubling up to T2) until a response stops
    /// them or 64·T1 passes. Reliable transport (default) never retransmits.
    /// </summary>
    public bool UnreliableTransport { get; set; }

    /// <summary>Requests this node retransmitted.</summary>
    public long Retransmissions { get; private set; }

    /// <summary>Retry-After given with a 503 on overload.</summary>
    public SimTime RetryAfter { get; set; } = SimTime.FromSeconds(1);

    /// <summary>A transaction id unique in the run.</summary>
    protected long NewTransaction() => ((long)(Id.Value + 1) << 40) | ++_transactions;

    protected sealed override void HandleMessage(Message message, NodeId from)
    {
        switch (message)
        {
            case SipResponse response:
                if (response.Via.Pop().IsEmpty)
                {
                    // Our own request's response: no copy needed.
                    StopRetransmitting(response);
                    OnResponse(response, from);
                }
                else
                {
                    OnRelayResponse(response.Popped(), from);
                }

                break;
            case SipRequest { AcksFailure: true } ack:
                AckReceived(ack); // hop-by-hop ACK of a failure: completes our server transaction
                break;
            case SipRequest request:
                if (request.Method == SipMethod.Ack)
                {
                    AckReceived(request);
                }

                OnRequest(request, from);
                break;
            case SessionTimer { State: PendingAnswer answer } when from == Id:
                Reanswer(answer);
                break;
            case SessionTimer { State: PendingTransaction tx } when from == Id:
                Retransmit(tx);
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
        SendAnswer(SipResponse.To(request, status, Id, body, warning, newlyRejected));

    /// <summary>
    /// Sends a response toward its Via. Over unreliable transport a final answer to an INVITE is
    /// retransmitted (T1 doubling up to T2) until its ACK arrives or 64·T1 passes (RFC 3261 §13.3.1.4, §17.2.1).
    /// </summary>
    protected void SendAnswer(SipResponse response)
    {
        Send(response.Via.Peek(), response);
        if (UnreliableTransport && response.CSeqMethod == SipMethod.Invite && !StatusCodes.IsProvisional(response.Status) && !response.IsRetransmission)
        {
            var key = (response.CallId, response.CSeq);
            if (_serverAnswers.Remove(key, out PendingAnswer? old))
            {
                CancelTimer(old.Timer);
            }

            var pending = new PendingAnswer(response, Timers.T1.Nanoseconds, Now.Nanoseconds);
            _serverAnswers.Add(key, pending);
            pending.Timer = StartTimer(Timers.T1, new SessionTimer("re-answer", response.Session, pending));
        }
    }

    private void AckReceived(SipRequest ack)
    {
        if (_serverAnswers.Count != 0 && _serverAnswers.Remove((ack.CallId, ack.CSeq), out PendingAnswer? pending))
        {
            CancelTimer(pending.Timer);
        }
    }

    private void Reanswer(PendingAnswer pending)
    {
        var key = (pending.Response.CallId, pending.Response.CSeq);
        if (!_serverAnswers.TryGetValue(key, out PendingAnswer? current) || current != pending)
        {
            return;
        }

        if (Now.Nanoseconds - pending.StartedNs >= Timers.TimerH.Nanoseconds)
        {
            _serverAnswers.Remove(key);
            return;
        }

        Retransmissions++;
        Send(pending.Response.Via.Peek(), pending.Retransmitted ??= (SipResponse)pending.Response.AsRetransmission());
        pending.IntervalNs = Math.Min(pending.IntervalNs * 2, Timers.T2.Nanoseconds);
        pending.Timer = StartTimer(new SimTime(pending.IntervalNs), new SessionTimer("re-answer", pending.Response.Session, pending));
    }

    /// <summary>
    /// Sends a request to its next hop: the first route entry, else the target. A request this node
    /// originates is retransmitted over unreliable transport until answered.
    /// </summary>
    protected void SendRequest(SipRequest request)
    {
        Send(NextHop(request), request);
        if (UnreliableTransport && request.Method != SipMethod.Ack && !request.Via.IsEmpty && request.Via.Pop().IsEmpty && !_clientTransactions.ContainsKey(request.Transaction))
        {
            var tx = new PendingTransaction(request, Timers.T1.Nanoseconds, Now.Nanoseconds);
            _clientTransactions.Add(request.Transaction, tx);
            tx.Timer = StartTimer(Timers.T1, new SessionTimer("retransmit", request.Session, tx));
        }
    }

    private NodeId NextHop(SipRequest request)
    {
        NodeId next = !request.Route.IsEmpty ? request.Route[0] : request.Target;
        return next.IsNone ? throw new InvalidOperationException($"{Name}: {request.Kind} for session {request.Session} has no route and no target.") : next;
    }

    private void Retransmit(PendingTransaction tx)
    {
        long now = Now.Nanoseconds;
        if (!_clientTransactions.ContainsKey(tx.Request.Transaction) || now - tx.StartedNs >= Timers.TimerB.Nanoseconds)
        {
            _clientTransactions.Remove(tx.Request.Transaction);
            return;
        }

        Retransmissions++;
        Send(NextHop(tx.Request), tx.Retransmitted ??= (SipRequest)tx.Request.AsRetransmission());
        long next = tx.Request.Method == SipMethod.Invite ? tx.IntervalNs * 2 : Math.Min(tx.IntervalNs * 2, Timers.T2.Nanoseconds);
        tx.IntervalNs = next;
        tx.Timer = StartTimer(new SimTime(next), new SessionTimer("retransmit", tx.Request.Session, tx));
    }

    /// <summary>A response to our request: a final one ends retransmission, a provisional one ends it for INVITE (RFC 3261 §17.1.1.2).</summary>
    private void StopRetransmitting(SipResponse response)
    {
        if (_clientTransactions.Count == 0 || !_clientTransactions.TryGetValue(response.Transaction, out PendingTransaction? tx))
        {
            return;
        }

        if (!StatusCodes.IsProvisional(response.Status) || tx.Request.Method == SipMethod.Invite)
        {
            CancelTimer(tx.Timer);
            _clientTransactions.Remove(response.Transaction);
        }
    }

    /// <summary>Sends a request on a caller's leg; an INVITE arms Timer B (its expiry comes back as a "timer-B" timer carrying the leg).</summary>
    protected void SendOnLeg(UacLeg leg, SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(leg);
        ArgumentNullException.ThrowIfNull(request);
        leg.Outstanding = request;
        if (request.Method == SipMethod.Invite)
        {
            leg.TimerB = StartTimer(Timers.TimerB, "timer-B", request.Session, leg);
        }

        SendRequest(request);
    }

    /// <summary>
    /// Completes the leg's outstanding request with its final response: stops Timer B, sets up the
    /// dialog and ACKs a 2xx end to end, or ACKs a failure hop by hop. Returns the request answered,
    /// or null when the response is provisional or not for the outstanding request.
    /// </summary>
    protected SipRequest? CompleteLeg(UacLeg leg, SipResponse response, NodeId from)
    {
        ArgumentNullException.ThrowIfNull(leg);
        ArgumentNullException.ThrowIfNull(response);
        if (StatusCodes.IsProvisional(response.Status) || leg.Outstanding is not SipRequest request || request.Transaction != response.Transaction)
        {
            return null;
        }

        CancelTimer(leg.TimerB);
        leg.Outstanding = null;
        if (StatusCodes.IsSuccess(response.Status))
        {
            leg.Dialog ??= Dialog.ForCaller(response, Id, request.RequestUri, request.CSeq);
            leg.Dialog.Media = response.Body;
            SendRequest(leg.Dialog.Ack(response, NewTransaction()));
        }
        else
        {
            Send(from, SipRequest.AckFor(response, Id));
        }

        return request;
    }

    /// <summary>Timer B fired: the leg's outstanding request (null if it was answered meanwhile), now given up.</summary>
    protected static SipRequest? ExpireLeg(UacLeg leg)
    {
        ArgumentNullException.ThrowIfNull(leg);
        SipRequest? request = leg.Outstanding;
        leg.Outstanding = null;
        return request;
    }

    /// <summary>Forgets the leg's outstanding request and stops its Timer B.</summary>
    protected void AbandonLeg(UacLeg leg)
    {
        ArgumentNullException.ThrowIfNull(leg);
        if (leg.Outstanding is not null)
        {
            CancelTimer(leg.TimerB);
            leg.Outstanding = null;
        }
    }

    /// <summary>
    /// Notes a "session" state for each media endpoint of <paramref name="answer"/> this node had no
    /// stream with before (<paramref name="established"/> remembers them): seed steps 1 and 23.
    /// </summary>
    protected void NoteNewMedia(HashSet<(string Endpoint, MediaType Type)> established, long session, Sdp? answer)
    {
        ArgumentNullException.ThrowIfNull(established);
        if (answer is null || !IsTraced(session))
        {
            return;
        }

        foreach (IGrouping<string, MediaStream> byPeer in answer.Accepted.GroupBy(m => m.Endpoint))
        {
            var fresh = byPeer.Where(m => established.Add((m.Endpoint, m.Type))).ToList();
            if (fresh.Count > 0)
            {
                NoteState("session", byPeer.Key, session, string.Join(",", fresh));
            }
        }
    }

    /// <summary>Overload: a request is answered 503 with Retry-After; responses and ACKs are lost.</summary>
    protected override void OnOverload(Message message, NodeId from)
    {
        if (message is SipRequest { Method: not SipMethod.Ack } request)
        {
            Send(request.Via.Peek(), SipResponse.To(request, StatusCodes.ServiceUnavailable, Id, retryAfter: RetryAfter));
        }
    }

    private sealed class PendingTransaction(SipRequest request, long intervalNs, long startedNs)
    {
        public SipRequest Request { get; } = request;

        public long IntervalNs { get; set; } = intervalNs;

        public long StartedNs { get; } = startedNs;

        public EventHandle Timer { get; set; }

        /// <summary>The copy marked as a retransmission (made once).</summary>
        public SipRequest? Retransmitted { get; set; }
    }

    private sealed class PendingAnswer(SipResponse response, long intervalNs, long startedNs)
    {
        public SipResponse Response { get; } = response;

        public long IntervalNs { get; set; } = intervalNs;

        public long StartedNs { get; } = startedNs;

        public EventHandle Timer { get; set; }

        public SipResponse? Retransmitted { get; set; }
    }

    /// <summary>Starts a session timer; returns its handle for cancelling.</summary>
    protected EventHandle StartTimer(SimTime delay, string purpose, long session, object? state = null) =>
        StartTimer(delay, new SessionTimer(purpose, session, state));
}
