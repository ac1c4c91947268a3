using System.Runtime.CompilerServices;
using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// Common plumbing of the CPM nodes: request/response dispatch by the Via stack, transaction ids,
/// overload answers (503) and RFC 3261 timers. Subclasses implement the behaviour of one node kind.
/// Messages come from the network's <see cref="SipMessagePools"/> and go back there once handled;
/// a subclass keeps what it needs of a message by value (headers, dialogs, SDP) in its call state,
/// never the message itself.
/// </summary>
public abstract class SipNode : Node
{
    /// <summary>The light-timer kind of Timer B; subclasses number their own timers from <see cref="FirstNodeTimer"/>.</summary>
    private const int TimerBKind = 0;

    /// <summary>The light-timer kind that forgets completed server transactions (Timer J / H, unreliable transport).</summary>
    private const int CompletedKind = 1;

    /// <summary>The light-timer kind of a caller's session refresh (RFC 4028): time to refresh, or the refresh unanswered.</summary>
    private const int RefreshKind = 2;

    /// <summary>The light-timer kind of a callee's session expiry (RFC 4028 §10).</summary>
    private const int ExpiryKind = 3;

    /// <summary>The first light-timer kind free for a subclass.</summary>
    protected const int FirstNodeTimer = 4;

    private long _transactions;
    private readonly Dictionary<long, PendingTransaction> _clientTransactions = [];
    private readonly Dictionary<(CallId CallId, int CSeq), PendingAnswer> _serverAnswers = [];
    private readonly Dictionary<long, HashSet<(NodeId Endpoint, MediaType Type)>> _notedMedia = []; // media noted per traced session

    // Unreliable transport only: the server transactions of requests this node handled or passed on —
    // in progress (no final answer yet) or completed (with the final answer it gave or relayed) — kept
    // for 64·T1 from their last change (RFC 3261 Timer J; for INVITE, Timer H and the Confirmed state's
    // Timer I fall within it). A retransmitted or late copy of a completed request is answered again
    // with that same answer, never handled as a new request; one of a request in progress is never
    // refused under overload. The queue holds expiry times in order (every entry lives 64·T1).
    private readonly Dictionary<long, ServerTransaction> _serverTransactions = [];
    private readonly Queue<(long ExpiresNs, long Transaction)> _serverTransactionExpiry = new();
    private bool _expiryTimerArmed;
    private SipMessagePools? _pools;
    private CpmSim.Core.Random.RandomStream? _retryAfterRandom;

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

    /// <summary>Session refreshes (UPDATE, RFC 4028) this node sent as refresher of its dialogs.</summary>
    public long RefreshesSent { get; private set; }

    /// <summary>Dialogs this node released because their session interval passed without a refresh (RFC 4028 §10).</summary>
    public long SessionsExpired { get; private set; }

    /// <summary>Messages this node sent that the (reliable) transport could not deliver.</summary>
    public long TransportErrors { get; private set; }

    /// <summary>
    /// True while <see cref="OnResponse"/> handles the answer this node made of a transport error
    /// (its request could not be delivered), not one that came from the network.
    /// </summary>
    protected bool IsTransportFailure { get; private set; }

    /// <summary>While <see cref="IsTransportFailure"/>: the hop the request could not reach.</summary>
    protected NodeId TransportFailureHop { get; private set; } = NodeId.None;

    /// <summary>Requests this node retransmitted.</summary>
    public long Retransmissions { get; private set; }

    /// <summary>Retry-After given with a 503 on overload.</summary>
    public SimTime RetryAfter { get; set; } = SimTime.FromSeconds(1);

    /// <summary>
    /// Entries of call state this node still holds — calls, legs, indexes, transactions awaiting
    /// retransmission (for leak checks: 0 once every session has ended and every timer has run).
    /// </summary>
    public int HeldState => _clientTransactions.Count + _serverAnswers.Count + _notedMedia.Count + _serverTransactions.Count + HeldCallState;

    /// <summary>The node kind's own part of <see cref="HeldState"/>.</summary>
    protected virtual int HeldCallState => 0;

    /// <summary>The message pools of this node's network.</summary>
    protected SipMessagePools Pools => _pools ??= Network.Shared<SipMessagePools>();

    /// <summary>A transaction id unique in the run.</summary>
    protected long NewTransaction() => ((long)(Id.Value + 1) << 40) | ++_transactions;

    protected sealed override void HandleMessage(Message message, NodeId from)
    {
        switch (message)
        {
            case SipResponse response:
                if (response.Via.Count <= 1)
                {
                    // Our own request's response.
                    StopRetransmitting(response);
                    if (response.CSeqMethod == SipMethod.Update)
                    {
                        OnRefreshAnswer(response);
                    }
                    else
                    {
                        OnResponse(response, from);
                    }
                }
                else
                {
                    OnRelayResponse(response.Popped(Pools), from);
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
                else if (AnsweredAlready(request))
                {
                    break;
                }
                else if (UnreliableTransport)
                {
                    Track(request.Transaction, null);
                }

                OnRequest(request, from);
                break;
            case SessionTimer { State: PendingAnswer answer } when from == Id:
                Reanswer(answer);
                break;
            case SessionTimer { State: PendingTransaction tx } when from == Id:
                Retransmit(tx);
                break;
            default:
                OnOtherMessage(message, from);
                break;
        }
    }

    protected sealed override void OnTimer(int kind, long data)
    {
        if (kind == TimerBKind)
        {
            OnTimerB(data);
        }
        else if (kind == CompletedKind)
        {
            ForgetServerTransactions();
        }
        else if (kind == RefreshKind)
        {
            OnRefreshTimer(data);
        }
        else if (kind == ExpiryKind)
        {
            SessionsExpired++;
            OnSessionExpired(data);
        }
        else
        {
            OnNodeTimer(kind, data);
        }
    }

    /// <summary>
    /// A message this node sent could not be delivered (reliable transport: link down, or the next hop
    /// crashed). A request this node originated is answered as if a 503 had come back (RFC 3261
    /// §8.1.3.1) — a session refresh as if a 408 had (its dialog is gone, RFC 4028 §10) — and the node
    /// acts on that answer as on any other; a request it passed on as a proxy is offered to
    /// <see cref="OnForwardFailed"/> (fail over) and otherwise answered 503 upstream (RFC 3261 §16.7,
    /// step 10: the proxy behaves as if it had received a 503). A response or ACK that cannot be
    /// delivered is dropped (§18.2.2).
    /// </summary>
    protected sealed override void OnTransportError(Message message, NodeId to)
    {
        if (message is not SipRequest request || request.Method == SipMethod.Ack || request.AcksFailure)
        {
            return;
        }

        TransportErrors++;
        Note("transport error", request.Session, $"{request.Kind} to {Network.NameOf(to)} could not be delivered");
        if (request.Via.Count > 1)
        {
            if (!OnForwardFailed(request, to))
            {
                SipResponse upstream = SipResponse.To(request, StatusCodes.ServiceUnavailable, Id, Pools).Popped(Pools);
                Send(upstream.Via.Last, upstream);
            }

            return;
        }

        SipResponse answer = SipResponse.To(request, request.Method == SipMethod.Update ? StatusCodes.RequestTimeout : StatusCodes.ServiceUnavailable, Id, null);
        StopRetransmitting(answer);
        IsTransportFailure = true;
        TransportFailureHop = to;
        try
        {
            if (request.Method == SipMethod.Update)
            {
                OnRefreshAnswer(answer);
            }
            else
            {
                OnResponse(answer, Id);
            }
        }
        finally
        {
            IsTransportFailure = false;
            TransportFailureHop = NodeId.None;
        }
    }

    /// <summary>
    /// A request this node passed on (as a proxy) could not be delivered to <paramref name="to"/>: true
    /// when the node sent it elsewhere (fail-over; the request is the node's to send again), false to
    /// answer it 503 upstream. False by default.
    /// </summary>
    protected virtual bool OnForwardFailed(SipRequest request, NodeId to) => false;

    /// <summary>
    /// The node crashed: every transaction, kept answer and retransmission it held is gone (their timers
    /// died with it). Node kinds drop their call state in their override and call this one.
    /// </summary>
    protected override void OnCrash()
    {
        _clientTransactions.Clear();
        _serverAnswers.Clear();
        _notedMedia.Clear();
        _serverTransactions.Clear();
        _serverTransactionExpiry.Clear();
        _expiryTimerArmed = false;
    }

    /// <summary>A request that reached this node (as proxy, B2BUA or user agent).</summary>
    protected abstract void OnRequest(SipRequest request, NodeId from);

    /// <summary>A response to a request this node originated (its Via was the last one).</summary>
    protected virtual void OnResponse(SipResponse response, NodeId from)
    {
    }

    /// <summary>A response to relay toward <c>response.Via.Last</c> (already popped). Proxies ACK non-2xx finals hop by hop.</summary>
    protected virtual void OnRelayResponse(SipResponse response, NodeId from)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Status == StatusCodes.Trying)
        {
            return; // 100 Trying is hop-by-hop, never forwarded (RFC 3261 §16.7)
        }

        if (response.CSeqMethod == SipMethod.Invite && response.Status >= 300 && from != Id)
        {
            Send(from, SipRequest.AckFor(response, Id, Pools));
        }

        if (UnreliableTransport && !StatusCodes.IsProvisional(response.Status))
        {
            Track(response.Transaction, response); // the final this hop passed on answers later copies of the request
        }

        Send(response.Via.Last, response);
    }

    /// <summary>
    /// A 2xx this node answered an INVITE with was retransmitted for 64·T1 without an ACK (RFC 3261
    /// §13.3.1.4: the session should end): the place to release the call. Does nothing by default.
    /// </summary>
    protected virtual void OnAnswerUnacknowledged(CallId callId)
    {
    }

    /// <summary>
    /// A final 2xx to an INVITE that no outstanding request of this node takes — a retransmission,
    /// or an answer after this node gave up (Timer B, or the session ended). Every 2xx is ACKed
    /// (RFC 3261 §13.2.2.4), so the answering side stops retransmitting it; one for a dialog this
    /// node does not keep is also released with a BYE, so the far end does not keep a session
    /// nobody uses. Anything else is dropped. <paramref name="kept"/> is this node's dialog of the
    /// call, if it keeps one (<c>default</c> if not).
    /// </summary>
    protected void AnswerStray(SipResponse response, in Dialog kept)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.CSeqMethod != SipMethod.Invite || !StatusCodes.IsSuccess(response.Status))
        {
            return;
        }

        if (kept.IsEstablished)
        {
            SendRequest(kept.Ack(response, NewTransaction(), Pools)); // along the dialog's Signalling Path
            return;
        }

        Dialog stray = Dialog.ForCaller(response, Id, string.Empty, response.CSeq);
        if (!Network.CanReach(Id, stray.FirstHop))
        {
            return; // an answer in a dialog this node has released: its path went with it
        }

        SendRequest(stray.Ack(response, NewTransaction(), Pools));
        {
            Note("stray answer released", response.Session, $"{response.Kind} for {response.CallId}, which this node no longer waits for: ACK and BYE");
            SendRequest(stray.NewRequest(SipMethod.Bye, NewTransaction(), Pools));
        }
    }

    /// <summary>A light timer of this node's own kinds (from <see cref="FirstNodeTimer"/>) fired.</summary>
    protected virtual void OnNodeTimer(int kind, long data)
    {
    }

    /// <summary>Timer B of the leg named by <paramref name="leg"/> (the handle given to <see cref="SendOnLeg"/>) fired.</summary>
    protected virtual void OnTimerB(long leg)
    {
    }

    protected virtual void OnOtherMessage(Message message, NodeId from)
    {
    }

    /// <summary>Sends a response to the previous hop of <paramref name="request"/>.</summary>
    protected void Respond(SipRequest request, int status, Sdp body = default, int warning = 0) =>
        SendAnswer(SipResponse.To(request, status, Id, Pools, body, warning));

    /// <summary>Sends a response to a request whose headers were kept.</summary>
    protected void Respond(in RequestHeaders request, int status, Sdp body = default, int warning = 0) =>
        SendAnswer(SipResponse.To(request, status, Id, Pools, body, warning));

    /// <summary>
    /// Answers an INVITE that arrived on a dialog while an INVITE received earlier on it still awaits
    /// its final answer: 500 with a Retry-After chosen at random between 0 and 10 s (RFC 3261 §14.2).
    /// (491 is for glare: an INVITE received while this node's own INVITE on the dialog is in progress.)
    /// </summary>
    protected void RespondInvitePending(SipRequest request)
    {
        _retryAfterRandom ??= Network.Simulation.Random.For(Name + "/retry-after");
        SimTime retryAfter = SimTime.FromSeconds(_retryAfterRandom.Next(0, 11));
        SendAnswer(SipResponse.To(request, StatusCodes.ServerInternalError, Id, Pools, retryAfter: retryAfter));
    }

    /// <summary>
    /// Sends a response toward its Via. Over unreliable transport a final answer to an INVITE is
    /// retransmitted (T1 doubling up to T2) until its ACK arrives or 64·T1 passes (RFC 3261 §13.3.1.4, §17.2.1).
    /// </summary>
    protected void SendAnswer(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        bool keep = UnreliableTransport && response.CSeqMethod == SipMethod.Invite && !StatusCodes.IsProvisional(response.Status) && !response.IsRetransmission;
        if (keep)
        {
            response.Retain(); // kept for retransmission: receivers forward copies of it
        }

        if (UnreliableTransport && !StatusCodes.IsProvisional(response.Status) && !response.IsRetransmission && response.CSeqMethod != SipMethod.Ack)
        {
            Track(response.Transaction, response);
        }

        Send(response.Via.Last, response);
        if (keep)
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

    /// <summary>
    /// A new CPM Session Invitation from this node (CSeq 1, a new transaction, this node on the Via
    /// and as Contact) toward <paramref name="firstHop"/>; <paramref name="tag"/> is the handle of
    /// the leg it opens.
    /// </summary>
    protected SipRequest NewInvite(CallId callId, long session, long tag, string requestUri, NodeId firstHop, Sdp offer, NodeId? target = null)
    {
        SipRequest invite = Pools.Request();
        invite.Method = SipMethod.Invite;
        invite.CallId = callId;
        invite.Session = session;
        invite.CSeq = 1;
        invite.CSeqMethod = SipMethod.Invite;
        invite.Transaction = NewTransaction();
        invite.FromTag = tag;
        invite.RequestUri = requestUri;
        invite.Route = NodeList.Of(firstHop);
        invite.Target = target ?? NodeId.None;
        invite.Via = NodeList.Of(Id);
        invite.Contact = Id;
        invite.Body = offer;
        return invite;
    }

    /// <summary>
    /// Sends a server's final answer and, over unreliable transport, keeps it in
    /// <paramref name="kept"/> under <paramref name="slot"/> to answer a retransmitted request again
    /// (<see cref="ResendKeptAnswer"/>).
    /// </summary>
    protected void SendKeptAnswer(Dictionary<int, SipResponse> kept, int slot, SipResponse answer)
    {
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(answer);
        if (UnreliableTransport)
        {
            answer.Retain(); // resent when its request is retransmitted
            kept[slot] = answer;
        }

        SendAnswer(answer);
    }

    /// <summary>Answers a retransmitted request again with the answer kept for its transaction, if that was the last one.</summary>
    protected void ResendKeptAnswer(Dictionary<int, SipResponse> kept, int slot, long lastTransaction, SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(request);
        if (lastTransaction == request.Transaction && kept.TryGetValue(slot, out SipResponse? last))
        {
            Send(request.Via.Last, last.AsRetransmission());
        }
    }

    /// <summary>
    /// A request whose server transaction this node has completed (unreliable transport): a
    /// retransmitted or late copy. It gets the same final answer again (RFC 3261 §17.2) and is not
    /// handled as a new request. True when it was answered so.
    /// </summary>
    private bool AnsweredAlready(SipRequest request)
    {
        if (_serverTransactions.Count == 0 || !_serverTransactions.TryGetValue(request.Transaction, out ServerTransaction tx) || tx.Final is not SipResponse final)
        {
            return false;
        }

        Send(request.Via.Last, final.AsRetransmission());
        return true;
    }

    /// <summary>True when a server transaction of <paramref name="transaction"/> is known (in progress or completed).</summary>
    private bool Knows(long transaction) => _serverTransactions.Count != 0 && _serverTransactions.ContainsKey(transaction);

    /// <summary>Notes a server transaction: in progress (<paramref name="final"/> null) or completed with <paramref name="final"/>; it is kept 64·T1 from now.</summary>
    private void Track(long transaction, SipResponse? final)
    {
        if (transaction == 0)
        {
            return;
        }

        if (final is not null && !final.IsRetained)
        {
            final.Retain(); // kept to answer copies of its request: receivers forward copies of it
        }

        long expires = Now.Nanoseconds + Timers.TimerB.Nanoseconds;
        if (_serverTransactions.TryGetValue(transaction, out ServerTransaction known) && (final is null || known.Final is not null))
        {
            return; // nothing new: a copy in progress, or a second answer (the first one stands)
        }

        _serverTransactions[transaction] = known with { Final = final, ExpiresNs = expires };
        _serverTransactionExpiry.Enqueue((expires, transaction));
        if (!_expiryTimerArmed)
        {
            _expiryTimerArmed = true;
            StartTimer(Timers.TimerB, CompletedKind, 0);
        }
    }

    /// <summary>Forgets the server transactions whose time is up (within T1: one timer serves a batch).</summary>
    private void ForgetServerTransactions()
    {
        long until = Now.Nanoseconds + Timers.T1.Nanoseconds;
        while (_serverTransactionExpiry.Count > 0 && _serverTransactionExpiry.Peek().ExpiresNs <= until)
        {
            (long expires, long transaction) = _serverTransactionExpiry.Dequeue();
            if (_serverTransactions.TryGetValue(transaction, out ServerTransaction tx) && tx.ExpiresNs == expires)
            {
                _serverTransactions.Remove(transaction); // else it changed since: a later entry forgets it
            }
        }

        _expiryTimerArmed = _serverTransactionExpiry.Count > 0;
        if (_expiryTimerArmed)
        {
            StartTimer(new SimTime(Math.Max(0, _serverTransactionExpiry.Peek().ExpiresNs - Now.Nanoseconds)), CompletedKind, 0);
        }
    }

    /// <summary>
    /// The next hop this node chose for the request of <paramref name="transaction"/> when it first
    /// passed on a copy of it (unreliable transport): copies follow it, as a transaction-stateful proxy
    /// sends them, whatever the balance policy would pick for a new request.
    /// </summary>
    protected bool TryGetChosenHop(long transaction, out NodeId hop, out bool interworking)
    {
        bool known = _serverTransactions.TryGetValue(transaction, out ServerTransaction tx) && tx.HasHop;
        hop = known ? tx.Hop : NodeId.None;
        interworking = known && tx.Interworking;
        return known;
    }

    /// <summary>Remembers the next hop chosen for the request of <paramref name="transaction"/>, and whether interworking was decided (see <see cref="TryGetChosenHop"/>).</summary>
    protected void ChoseHop(long transaction, NodeId hop, bool interworking)
    {
        if (_serverTransactions.TryGetValue(transaction, out ServerTransaction tx))
        {
            _serverTransactions[transaction] = tx with { Hop = hop, HasHop = true, Interworking = interworking };
        }
    }

    private readonly record struct ServerTransaction(SipResponse? Final, long ExpiresNs)
    {
        public NodeId Hop { get; init; }

        public bool HasHop { get; init; }

        public bool Interworking { get; init; }
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
            if (StatusCodes.IsSuccess(pending.Response.Status))
            {
                OnAnswerUnacknowledged(pending.Response.CallId);
            }

            return;
        }

        Retransmissions++;
        Send(pending.Response.Via.Last, pending.Response.AsRetransmission());
        pending.IntervalNs = Math.Min(pending.IntervalNs * 2, Timers.T2.Nanoseconds);
        pending.Timer = StartTimer(new SimTime(pending.IntervalNs), new SessionTimer("re-answer", pending.Response.Session, pending));
    }

    /// <summary>
    /// Sends a request to its next hop: the first route entry, else the target. A request this node
    /// originates is retransmitted over unreliable transport until answered.
    /// </summary>
    protected void SendRequest(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool keep = UnreliableTransport && request.Method != SipMethod.Ack && request.Via.Count == 1 && !_clientTransactions.ContainsKey(request.Transaction);
        if (keep)
        {
            request.Retain(); // kept for retransmission: receivers forward copies of it
        }

        Send(NextHop(request), request);
        if (keep)
        {
            var tx = new PendingTransaction(request, Timers.T1.Nanoseconds, Now.Nanoseconds);
            _clientTransactions.Add(request.Transaction, tx);
            tx.Timer = StartTimer(Timers.T1, new SessionTimer("retransmit", request.Session, tx));
        }
    }

    private NodeId NextHop(SipRequest request)
    {
        NodeId next = !request.Route.IsEmpty ? request.Route.First : request.Target;
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
        Send(NextHop(tx.Request), tx.Request.AsRetransmission());
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

    /// <summary>
    /// Sends a request on a caller's leg and keeps its headers there; an INVITE arms Timer B, whose
    /// expiry comes back to <see cref="OnTimerB"/> with <paramref name="legHandle"/>.
    /// </summary>
    protected void SendOnLeg(ref UacLeg leg, SipRequest request, long legHandle)
    {
        ArgumentNullException.ThrowIfNull(request);
        leg.Outstanding = AnsweredRequest.Of(request);
        leg.HasOutstanding = true;
        if (request.Method == SipMethod.Invite)
        {
            leg.TimerB = StartTimer(Timers.TimerB, TimerBKind, legHandle);
        }

        SendRequest(request);
    }

    /// <summary>
    /// Completes the leg's outstanding request with its final response: stops Timer B, sets up the
    /// dialog and ACKs a 2xx end to end, or ACKs a failure hop by hop. False when the response is
    /// provisional or not for the outstanding request (a retransmitted or late answer).
    /// </summary>
    protected bool CompleteLeg(ref UacLeg leg, SipResponse response, NodeId from, out AnsweredRequest request)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (StatusCodes.IsProvisional(response.Status) || !leg.HasOutstanding || leg.Outstanding.Transaction != response.Transaction)
        {
            request = default;
            return false;
        }

        request = leg.Outstanding;
        CancelTimer(leg.TimerB);
        leg.HasOutstanding = false;
        if (StatusCodes.IsSuccess(response.Status))
        {
            if (!leg.Dialog.IsEstablished)
            {
                leg.Dialog = Dialog.ForCaller(response, Id, request.RequestUri, request.CSeq);
                if (Timers.HasSessionTimers)
                {
                    ScheduleRefresh(ref leg, Timers.RefreshInterval); // this node is the dialog's refresher (RFC 4028, refresher=uac)
                }
            }

            leg.Dialog.Media = response.Body;
            SendRequest(leg.Dialog.Ack(response, NewTransaction(), Pools));
        }
        else if (from != Id)
        {
            Send(from, SipRequest.AckFor(response, Id, Pools)); // not for the answer this node made of a transport error
        }

        return true;
    }

    /// <summary>Timer B fired: the leg's outstanding request (false if it was answered meanwhile), now given up.</summary>
    protected static bool ExpireLeg(ref UacLeg leg, out AnsweredRequest request)
    {
        request = leg.Outstanding;
        bool had = leg.HasOutstanding;
        leg.HasOutstanding = false;
        return had;
    }

    /// <summary>Forgets the leg's outstanding request and stops its Timer B and its session refreshes.</summary>
    protected void AbandonLeg(ref UacLeg leg)
    {
        if (leg.HasOutstanding)
        {
            CancelTimer(leg.TimerB);
            leg.HasOutstanding = false;
        }

        StopRefreshing(ref leg);
    }

    /// <summary>The leg's dialog is over: stops its session refreshes and forgets the dialog.</summary>
    protected void EndDialog(ref UacLeg leg)
    {
        StopRefreshing(ref leg);
        leg.Dialog = default;
    }

    /// <summary>Stops the leg's session refreshes (its dialog is being released); a refresh in flight is forgotten.</summary>
    protected void StopRefreshing(ref UacLeg leg)
    {
        CancelTimer(leg.RefreshTimer);
        leg.RefreshTimer = default;
        leg.RefreshTransaction = 0;
    }

    /// <summary>
    /// The leg a session-refresh timer or an answer to a refresh names: <paramref name="handle"/> is the
    /// leg's handle (its tag, <see cref="Dialog.LocalTag"/>, as given to <see cref="SendOnLeg"/>). A
    /// null ref (<see cref="Unsafe.NullRef{T}"/>) when the leg is gone. Nodes that call out (hold a
    /// <see cref="UacLeg"/>) override it.
    /// </summary>
    protected virtual ref UacLeg RefreshedLeg(long handle) => ref Unsafe.NullRef<UacLeg>();

    /// <summary>
    /// The leg's dialog is gone at the far end: its refresh was answered 481 or 408, or not at all
    /// within Timer F (RFC 3261 §12.2.1.2). The refreshes have stopped; the node forgets the dialog as it
    /// would after its BYE. Does nothing by default.
    /// </summary>
    protected virtual void OnDialogGone(long handle)
    {
    }

    /// <summary>
    /// A dialog this node answered (as callee) saw no refresh for a whole session interval (RFC 4028
    /// §10): the node sends BYE and frees its state. <paramref name="handle"/> is what was given to
    /// <see cref="RearmExpiry"/>. Does nothing by default.
    /// </summary>
    protected virtual void OnSessionExpired(long handle)
    {
    }

    /// <summary>
    /// Starts (or restarts, on a refresh) the session expiry of a dialog this node is callee of: if no
    /// refresh arrives within the session interval, <see cref="OnSessionExpired"/> gets
    /// <paramref name="handle"/>. Cancel it with <c>CancelTimer</c> when the dialog ends.
    /// </summary>
    protected void RearmExpiry(ref EventHandle expiry, long handle)
    {
        if (!Timers.HasSessionTimers)
        {
            return;
        }

        CancelTimer(expiry);
        expiry = StartTimer(Timers.SessionExpires, ExpiryKind, handle);
    }

    /// <summary>
    /// A session refresh (UPDATE) of a dialog this node is callee of: answered 200 and the expiry
    /// restarted. A dialog whose expiry was never started (not yet answered 2xx) is not established
    /// here: 481 (RFC 3261 §12.2.2), as for a dialog this node does not hold at all.
    /// </summary>
    protected void AnswerRefresh(SipRequest request, ref EventHandle expiry, long handle)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!expiry.IsValid && Timers.HasSessionTimers)
        {
            Respond(request, StatusCodes.CallDoesNotExist);
            return;
        }

        Respond(request, StatusCodes.Ok);
        RearmExpiry(ref expiry, handle);
    }

    private void ScheduleRefresh(ref UacLeg leg, SimTime after)
    {
        CancelTimer(leg.RefreshTimer);
        leg.RefreshTransaction = 0;
        leg.RefreshTimer = StartTimer(after, RefreshKind, leg.Dialog.LocalTag);
    }

    /// <summary>Time to refresh a leg's dialog, or its refresh went unanswered for Timer F (the dialog is gone).</summary>
    private void OnRefreshTimer(long handle)
    {
        ref UacLeg leg = ref RefreshedLeg(handle);
        if (Unsafe.IsNullRef(ref leg) || !leg.Dialog.IsEstablished || leg.Dialog.LocalTag != handle)
        {
            return;
        }

        if (leg.RefreshTransaction != 0)
        {
            Note("session refresh failed", leg.Dialog.Session, $"no answer to the UPDATE within {Timers.TimerF}: the dialog is over");
            StopRefreshing(ref leg);
            OnDialogGone(handle);
            return;
        }

        SipRequest update = leg.Dialog.NewRequest(SipMethod.Update, NewTransaction(), Pools);
        leg.RefreshTransaction = update.Transaction;
        leg.RefreshTimer = StartTimer(Timers.TimerF, RefreshKind, handle);
        RefreshesSent++;
        SendRequest(update);
    }

    /// <summary>The answer to a session refresh: a 2xx schedules the next; 481 or 408 ends the dialog; another failure is retried after its Retry-After.</summary>
    private void OnRefreshAnswer(SipResponse response)
    {
        if (StatusCodes.IsProvisional(response.Status))
        {
            return;
        }

        ref UacLeg leg = ref RefreshedLeg(response.FromTag);
        if (Unsafe.IsNullRef(ref leg) || leg.RefreshTransaction != response.Transaction || leg.RefreshTransaction == 0)
        {
            return; // a late answer, or the dialog has ended
        }

        if (StatusCodes.IsSuccess(response.Status))
        {
            ScheduleRefresh(ref leg, Timers.RefreshInterval);
        }
        else if (response.Status is StatusCodes.CallDoesNotExist or StatusCodes.RequestTimeout)
        {
            Note("session refresh failed", response.Session, $"UPDATE answered {response.Kind}: the dialog is over");
            StopRefreshing(ref leg);
            OnDialogGone(response.FromTag);
        }
        else
        {
            ScheduleRefresh(ref leg, response.RetryAfter ?? RetryAfter);
        }
    }

    /// <summary>The 408 a caller acts on when Timer B expires (made, never sent).</summary>
    protected SipResponse TimeoutFor(in AnsweredRequest request)
    {
        var headers = new RequestHeaders
        {
            CallId = request.CallId,
            Session = request.Session,
            CSeq = request.CSeq,
            Method = request.Method,
            Transaction = request.Transaction,
            Via = NodeList.Of(Id),
        };
        return SipResponse.To(headers, StatusCodes.RequestTimeout, Id, null);
    }

    /// <summary>
    /// Notes a "session" state for each media endpoint of <paramref name="answer"/> this node had no
    /// stream with before in <paramref name="session"/> (traced sessions only): seed steps 1 and 23.
    /// Call <see cref="ForgetNotedMedia"/> when the session's call state goes.
    /// </summary>
    protected void NoteNewMedia(long session, Sdp answer)
    {
        if (answer.IsNone || !IsTraced(session))
        {
            return;
        }

        if (!_notedMedia.TryGetValue(session, out HashSet<(NodeId Endpoint, MediaType Type)>? established))
        {
            established = [];
            _notedMedia.Add(session, established);
        }

        var peers = new List<NodeId>();
        var fresh = new Dictionary<NodeId, List<MediaStream>>();
        foreach (MediaStream m in answer.Streams)
        {
            if (m.IsRejected)
            {
                continue;
            }

            if (!fresh.TryGetValue(m.Endpoint, out List<MediaStream>? list))
            {
                list = [];
                fresh.Add(m.Endpoint, list);
                peers.Add(m.Endpoint);
            }

            if (established.Add((m.Endpoint, m.Type)))
            {
                list.Add(m);
            }
        }

        foreach (NodeId peer in peers)
        {
            if (fresh[peer].Count > 0)
            {
                NoteState("session", Network.NameOf(peer), session, string.Join(",", fresh[peer]));
            }
        }
    }

    /// <summary>Drops what <see cref="NoteNewMedia"/> remembers of <paramref name="session"/>.</summary>
    protected void ForgetNotedMedia(long session) => _notedMedia.Remove(session);

    /// <summary>
    /// Overload: a new request is answered 503 with Retry-After; responses and ACKs are lost. Over
    /// unreliable transport one transaction gets one final answer: a copy of a request this node already
    /// answered gets that answer again; a copy of a request in progress here, or a retransmission of one
    /// it never saw (its first copy may still be on its way), is dropped rather than refused — the
    /// sender's next retransmission comes back later.
    /// </summary>
    protected override void OnOverload(Message message, NodeId from)
    {
        if (message is SipRequest { Method: not SipMethod.Ack } request && !AnsweredAlready(request)
            && !(UnreliableTransport && (request.IsRetransmission || Knows(request.Transaction))))
        {
            SendAnswer(SipResponse.To(request, StatusCodes.ServiceUnavailable, Id, Pools, retryAfter: RetryAfter));
        }
    }

    private sealed class PendingTransaction(SipRequest request, long intervalNs, long startedNs)
    {
        public SipRequest Request { get; } = request;

        public long IntervalNs { get; set; } = intervalNs;

        public long StartedNs { get; } = startedNs;

        public EventHandle Timer { get; set; }
    }

    private sealed class PendingAnswer(SipResponse response, long intervalNs, long startedNs)
    {
        public SipResponse Response { get; } = response;

        public long IntervalNs { get; set; } = intervalNs;

        public long StartedNs { get; } = startedNs;

        public EventHandle Timer { get; set; }
    }

    /// <summary>Starts a light timer of this node's own kind; returns its handle for cancelling.</summary>
    protected EventHandle StartNodeTimer(SimTime delay, int kind, long data)
    {
        if (kind < FirstNodeTimer)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Node timer kinds start at {FirstNodeTimer}.");
        }

        return StartTimer(delay, kind, data);
    }
}
