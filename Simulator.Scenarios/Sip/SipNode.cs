using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip.Transactions;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// A SIP element: the transport and transaction layers (<see cref="ClientTransactions"/>,
/// <see cref="ServerTransactions"/>, RFC 3261 §17) under a node kind that is their transaction user.
/// The node sees new requests (<see cref="OnRequest"/>), responses (<see cref="OnResponse"/>,
/// <see cref="OnRelayResponse"/>), time-outs (<see cref="OnLegTimedOut"/>), CANCELs
/// (<see cref="OnCancelled"/>) and transport errors (as a 503) — never a retransmission or a copy.
/// Messages come from the network's <see cref="SipMessagePools"/> and go back there once handled;
/// a subclass keeps what it needs of a message by value (headers, dialogs, SDP) in its call state,
/// never the message itself. The parts: legs (SipNode.Legs.cs), session timers
/// (SipNode.SessionTimers.cs), noted media (SipNode.Media.cs), registered call state (SipNode.CallState.cs).
/// </summary>
public abstract partial class SipNode : Node
{
    /// <summary>The light-timer kind of the client transactions' timers.</summary>
    internal const int ClientTimerKind = 0;

    /// <summary>The light-timer kind of the server transactions' timers.</summary>
    internal const int ServerTimerKind = 1;

    /// <summary>The light-timer kind of a caller's session refresh (RFC 4028): time to refresh, or the refresh unanswered.</summary>
    private const int RefreshKind = 2;

    /// <summary>The light-timer kind of a callee's session expiry (RFC 4028 §10).</summary>
    private const int ExpiryKind = 3;

    /// <summary>The light-timer kind of a node kind's own timer kind 0 (<see cref="StartNodeTimer{TKind}(SimTime, TKind, CallRef)"/>): those above are the layer's.</summary>
    private const int FirstNodeTimer = 4;

    private readonly ClientTransactions _client;
    private readonly ServerTransactions _server;
    private long _transactions;
    private long _relayServer; // while OnRelayResponse runs: the server transaction the response goes back on, if known (a hint)
    private SipMessagePools? _pools;
    private CpmSim.Core.Random.RandomStream? _retryAfterRandom;

    protected SipNode(string name)
        : base(name)
    {
        _client = new ClientTransactions(this);
        _server = new ServerTransactions(this);
    }

    public SipTimers Timers { get; set; } = SipTimers.Default;

    /// <summary>
    /// Unreliable transport (UDP): the transactions retransmit (RFC 3261 Timers A, E, G and the 2xx of
    /// a UAS) and absorb copies for a while after completing. Reliable transport (default) never retransmits.
    /// </summary>
    public bool UnreliableTransport { get; set; }

    /// <summary>This node's client transactions (for inspection).</summary>
    public ClientTransactions Clients => _client;

    /// <summary>This node's server transactions (for inspection).</summary>
    public ServerTransactions Servers => _server;

    /// <summary>Session refreshes (UPDATE, RFC 4028) this node sent as refresher of its dialogs.</summary>
    public long RefreshesSent { get; private set; }

    /// <summary>Dialogs this node released because their session interval passed without a refresh (RFC 4028 §10).</summary>
    public long SessionsExpired { get; private set; }

    /// <summary>Messages this node sent that the (reliable) transport could not deliver.</summary>
    public long TransportErrors { get; private set; }

    /// <summary>CANCELs this node sent (RFC 3261 §9.1).</summary>
    public long CancelsSent { get; private set; }

    /// <summary>
    /// True while <see cref="OnResponse"/> handles the answer this node made of a transport error
    /// (its request could not be delivered), not one that came from the network.
    /// </summary>
    protected bool IsTransportFailure { get; private set; }

    /// <summary>While <see cref="IsTransportFailure"/>: the hop the request could not reach.</summary>
    protected NodeId TransportFailureHop { get; private set; } = NodeId.None;

    /// <summary>Requests and responses this node retransmitted.</summary>
    public long Retransmissions { get; private set; }

    /// <summary>Retry-After given with a 503 on overload.</summary>
    public SimTime RetryAfter { get; set; } = SimTime.FromSeconds(1);

    /// <summary>The message pools of this node's network.</summary>
    protected SipMessagePools Pools => _pools ??= Network.Shared<SipMessagePools>();

    internal SipMessagePools MessagePools => Pools;

    /// <summary>A transaction id unique in the run.</summary>
    protected long NewTransaction() => ((long)(Id.Value + 1) << 40) | ++_transactions;

    protected sealed override void HandleMessage(Message message, NodeId from)
    {
        switch (message)
        {
            case SipResponse response:
                if (!_client.OnResponse(response, from, out long relayOn, out long server))
                {
                    break; // a copy, or an answer nobody waits for: absorbed by the transaction layer
                }

                if (response.Via.Count <= 1)
                {
                    // Our own request's response.
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
                    SipResponse relayed = response.Popped(Pools);
                    relayed.Transaction = relayOn; // the caller's branch (a fail-over attempt has a branch of its own)
                    _relayServer = server;
                    OnRelayResponse(relayed, from);
                    _relayServer = 0;
                }

                break;
            case SipRequest { Method: SipMethod.Ack } ack:
                if (_server.OnAck(ack))
                {
                    OnRequest(ack, from); // the ACK of a 2xx: end to end
                }

                break;
            case SipRequest { Method: SipMethod.Cancel } cancel:
                OnCancel(cancel);
                break;
            case SipRequest request:
                if (!_server.OnRequest(request, out long transaction))
                {
                    break; // a copy of a request in progress or answered: the transaction answered it again
                }

                bool invite = request.Method == SipMethod.Invite;
                OnRequest(request, from); // may pass the request on: not read after this
                if (invite)
                {
                    _server.AfterRequest(transaction);
                }

                break;
            default:
                OnOtherMessage(message, from);
                break;
        }
    }

    protected sealed override void OnTimer(int kind, long data)
    {
        switch (kind)
        {
            case ClientTimerKind:
                _client.OnTimer(data);
                break;
            case ServerTimerKind:
                _server.OnTimer(data);
                break;
            case RefreshKind:
                OnRefreshTimer(data);
                break;
            case ExpiryKind:
                SessionsExpired++;
                OnSessionExpired(CallRef.FromTag(data));
                break;
            default:
                OnNodeTimer(new NodeTimer(kind - FirstNodeTimer, data));
                break;
        }
    }

    /// <summary>
    /// A CANCEL (RFC 3261 §9.2): answered 200 when it matches an INVITE server transaction (481 when it
    /// matches none); an INVITE still waiting for its final goes to <see cref="OnCancelled"/>.
    /// </summary>
    private void OnCancel(SipRequest cancel)
    {
        if (!_server.OnRequest(cancel))
        {
            return; // a copy of the CANCEL: answered again
        }

        if (!_server.TryGetPendingInvite(cancel.Transaction, out RequestHeaders invite))
        {
            Respond(cancel, _server.HasInvite(cancel.Transaction) ? StatusCodes.Ok : StatusCodes.CallDoesNotExist);
            return;
        }

        Respond(cancel, StatusCodes.Ok);
        Note("cancelled", invite.Session, $"{SipRequest.KindOf(invite.Method, invite.ToTag != 0)} cancelled by the caller");
        OnCancelled(invite);
    }

    /// <summary>
    /// The INVITE of <paramref name="invite"/> was cancelled before its final response: a user agent
    /// answers it 487 and drops what it started for it (the default answers 487); a proxy cancels its
    /// forwarded INVITE and relays the 487 that comes back.
    /// </summary>
    protected virtual void OnCancelled(in RequestHeaders invite) => Respond(invite, StatusCodes.RequestTerminated);

    /// <summary>
    /// A message this node sent could not be delivered (reliable transport: link down, or the next hop
    /// crashed): its client transaction ends. A request this node originated is answered as if a 503
    /// had come back (RFC 3261 §8.1.3.1) — a session refresh as if a 408 had (its dialog is gone, RFC
    /// 4028 §10) — and the node acts on that answer as on any other; a request it passed on as a proxy
    /// is offered to <see cref="OnForwardFailed"/> (fail over) and otherwise answered 503 upstream (RFC
    /// 3261 §16.7, step 10). A response, ACK or CANCEL that cannot be delivered is dropped (§18.2.2).
    /// </summary>
    protected sealed override void OnTransportError(Message message, NodeId to)
    {
        if (message is not SipRequest request || request.Method is SipMethod.Ack or SipMethod.Cancel ||
            !_client.OnTransportError(request, to, out ForwardFailure failure, out bool mayFailOver))
        {
            return;
        }

        TransportErrors++;
        Note("transport error", request.Session, $"{request.Kind} to {Network.NameOf(to)} could not be delivered");
        if (request.Via.Count > 1)
        {
            if (!mayFailOver || !ForwardFailed(request, failure))
            {
                AnswerUpstream(request, StatusCodes.ServiceUnavailable, failure.Upstream);
            }

            return;
        }

        SipResponse answer = SipResponse.To(request, request.Method == SipMethod.Update ? StatusCodes.RequestTimeout : StatusCodes.ServiceUnavailable, Id, null);
        IsTransportFailure = true;
        TransportFailureHop = to;
        try
        {
            Deliver(answer);
        }
        finally
        {
            IsTransportFailure = false;
            TransportFailureHop = NodeId.None;
        }
    }

    /// <summary>An answer this node made for its own request (transport error, time-out): handled as one from the network.</summary>
    private void Deliver(SipResponse answer)
    {
        if (answer.CSeqMethod == SipMethod.Update)
        {
            OnRefreshAnswer(answer);
        }
        else
        {
            OnResponse(answer, Id);
        }
    }

    /// <summary>
    /// A client transaction timed out (Timer B, F or C). A proxy answers 408 upstream (RFC 3261 §16.7:
    /// as if a 408 had come); an INVITE of a leg goes to <see cref="OnLegTimedOut"/>; another request of this
    /// node is answered as if a 408 had come back.
    /// </summary>
    internal void ClientTimedOut(in ClientTimeout timeout)
    {
        SipRequest? request = timeout.Request;
        if (timeout.Forwarded)
        {
            if (request is not null)
            {
                Note("timeout", request.Session, $"no final response to the {request.Kind} passed on to {Network.NameOf(request.Route.IsEmpty ? request.Target : request.Route.First)}: 408 upstream");
                AnswerUpstream(request, StatusCodes.RequestTimeout, timeout.Upstream);
            }

            return;
        }

        if (timeout.Method == SipMethod.Invite || request is null)
        {
            OnLegTimedOut(LegRef.FromTag(timeout.User), timeout.TimerC ? LegTimeout.TimerC : LegTimeout.TimerB);
            return;
        }

        Deliver(SipResponse.To(request, StatusCodes.RequestTimeout, Id, null));
    }

    /// <summary>A 2xx this node made was retransmitted for 64·T1 without an ACK (unreliable transport).</summary>
    internal void AnswerUnacknowledged(CallId callId) => OnAnswerUnacknowledged(callId);

    internal void Transmit(NodeId to, Message message) => Send(to, message);

    internal EventHandle StartTransactionTimer(SimTime delay, int kind, long data) => StartTimer(delay, kind, data);

    internal long StartTransactionTimeout(SimTime delay, int kind, long data) => StartTimeout(delay, kind, data);

    protected sealed override bool TimeoutStands(int kind, long data, long sequence) => kind switch
    {
        ClientTimerKind => _client.TimeoutStands(data, sequence),
        ServerTimerKind => _server.TimeoutStands(data, sequence),
        _ => true,
    };

    internal void StopTransactionTimer(EventHandle handle)
    {
        if (handle.IsValid)
        {
            CancelTimer(handle);
        }
    }

    internal void CountRetransmission() => Retransmissions++;

    internal void NoteCancel(SipRequest cancel)
    {
        CancelsSent++;
        Note("cancel", cancel.Session, $"the {SipRequest.KindOf(SipMethod.Invite, cancel.InDialog)} in progress is cancelled");
    }

    /// <summary>A proxy's answer of its own to a request it passed on (503, 408), on the caller's branch <paramref name="upstream"/>.</summary>
    private void AnswerUpstream(SipRequest request, int status, long upstream)
    {
        SipResponse answer = SipResponse.To(request, status, Id, Pools).Popped(Pools);
        answer.Transaction = upstream;
        _server.Send(answer, originated: false);
    }

    /// <summary>
    /// A request this node passed on (as a proxy) failed at <c>failure.To</c>: it could not be delivered,
    /// was answered 503, or (an INVITE) got no response at all before Timer B. True when the node sent it
    /// to another target (with <see cref="ForwardAgain"/>); false to pass the failure on upstream (503 for
    /// a transport error, the 503 itself, 408 for a time-out). False by default. Offered only while the
    /// caller still waits for an answer and has not cancelled the request. <paramref name="request"/> is
    /// the request as sent, valid during the call only.
    /// </summary>
    protected virtual bool OnForwardFailed(SipRequest request, in ForwardFailure failure) => false;

    /// <summary>Called by the transaction layer: <see cref="OnForwardFailed"/>, if the caller's server transaction still waits for its final answer.</summary>
    internal bool ForwardFailed(SipRequest request, in ForwardFailure failure)
    {
        TransactionState upstream = _server.StateOf(failure.Upstream);
        return upstream is TransactionState.Trying or TransactionState.Proceeding && OnForwardFailed(request, failure);
    }

    /// <summary>
    /// Sends a request that failed at its target (<see cref="OnForwardFailed"/>) to <paramref name="next"/>
    /// instead: a copy with a branch of its own (RFC 3261 §16.6 step 8), in a new client transaction whose
    /// answers are relayed on the caller's branch; a late answer of the failed target matches the failed
    /// branch only. <paramref name="tried"/> is what the node records of the targets tried so far (given
    /// back in the next failure's <see cref="ForwardFailure.Tried"/>).
    /// </summary>
    protected void ForwardAgain(NodeId next, SipRequest request, in ForwardFailure failure, long tried)
    {
        ArgumentNullException.ThrowIfNull(request);
        SipRequest attempt = request.Copy(Pools);
        attempt.Transaction = NewTransaction();
        attempt.IsRetransmission = false;
        _client.Send(attempt, next, tried, forwarded: true, upstream: failure.Upstream);
    }

    /// <summary>
    /// A 2xx to an INVITE this proxy gave up at Timer B for another target (fail-over): its target took
    /// the request after all. It is not relayed — the caller gets the answer of the target that took over
    /// — but ACKed and, the <paramref name="first"/> time, released with a BYE (as a UAC core does with a
    /// 2xx to an INVITE it cancelled, RFC 3261 §15), so the target keeps no half session.
    /// </summary>
    internal void ReleaseSuperseded(SipResponse ok, bool first)
    {
        NodeList downstream = ok.RecordRoute; // the route set from here: the entries recorded after this node's own
        while (!downstream.IsEmpty && downstream.First != Id)
        {
            downstream.RemoveFirst();
        }

        if (!downstream.IsEmpty)
        {
            downstream.RemoveFirst();
        }

        var dialog = new Dialog(ok.CallId, ok.Session, Id, string.Empty, downstream, ok.Contact, ok.CSeq, ok.FromTag, ok.ToTag);
        SendRequest(dialog.Ack(ok, NewTransaction(), Pools));
        if (first)
        {
            Note("superseded answer released", ok.Session, $"{ok.Kind} from {Network.NameOf(ok.Contact)} to an INVITE given up for another target: ACK and BYE");
            SendRequest(dialog.NewRequest(SipMethod.Bye, NewTransaction(), Pools));
        }
    }

    /// <summary>
    /// The node crashed: every transaction and retransmission it held is gone (their timers died with
    /// it), and so is every entry of its registered call-state tables. A node kind with other state to
    /// drop overrides this and calls it.
    /// </summary>
    protected override void OnCrash()
    {
        _client.Clear();
        _server.Clear();
        _notedMedia.Clear();
        ClearCallState();
    }

    /// <summary>A request that reached this node (as proxy, B2BUA or user agent): a new one, never a copy.</summary>
    protected abstract void OnRequest(SipRequest request, NodeId from);

    /// <summary>A response to a request this node originated (its Via was the last one).</summary>
    protected virtual void OnResponse(SipResponse response, NodeId from)
    {
    }

    /// <summary>
    /// A response to relay toward <c>response.Via.Last</c> (already popped), through the request's
    /// server transaction; 100 Trying is hop by hop and never relayed (RFC 3261 §16.7).
    /// </summary>
    protected virtual void OnRelayResponse(SipResponse response, NodeId from)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Status == StatusCodes.Trying)
        {
            return;
        }

        _server.Send(response, originated: false, _relayServer);
    }

    /// <summary>
    /// A 2xx this node answered an INVITE with was retransmitted for 64·T1 without an ACK (RFC 3261
    /// §13.3.1.4: the session should end): the place to release the call. Does nothing by default.
    /// </summary>
    protected virtual void OnAnswerUnacknowledged(CallId callId)
    {
    }

    /// <summary>
    /// A final 2xx to an INVITE that no outstanding request of this node takes — a copy, or an answer
    /// after this node gave up (a time-out, a CANCEL that crossed the 2xx, or the session ended). Every
    /// 2xx is ACKed (RFC 3261 §13.2.2.4), so the answering side stops retransmitting it; one for a
    /// dialog this node does not keep is also released with a BYE, so the far end does not keep a
    /// session nobody uses. Anything else is dropped. <paramref name="kept"/> is this node's dialog of
    /// the call, if it keeps one (<c>default</c> if not).
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
        Note("stray answer released", response.Session, $"{response.Kind} for {response.CallId}, which this node no longer waits for: ACK and BYE");
        SendRequest(stray.NewRequest(SipMethod.Bye, NewTransaction(), Pools));
    }

    /// <summary>A timer of this node kind's own fired (<see cref="StartNodeTimer{TKind}(SimTime, TKind, CallRef)"/>): its kind and call or leg are in <paramref name="timer"/>.</summary>
    protected virtual void OnNodeTimer(NodeTimer timer)
    {
    }

    /// <summary>
    /// The INVITE of the leg <paramref name="leg"/> (as given to <see cref="SendOnLeg"/>)
    /// timed out: Timer B in Calling (no response at all), or Timer C in Proceeding (it rang too long;
    /// the layer has cancelled it). Say so in the trace with <see cref="NoteLegTimeout"/>.
    /// </summary>
    protected virtual void OnLegTimedOut(LegRef leg, LegTimeout timeout)
    {
    }

    /// <summary>
    /// Notes a leg's time-out in the trace: <c>timer B expired</c> or <c>timer C expired</c>, with
    /// <paramref name="what"/> (e.g. <c> from IWF-A</c>) after "no final response".
    /// </summary>
    protected void NoteLegTimeout(long session, LegTimeout timeout, string what)
    {
        if (timeout == LegTimeout.TimerC)
        {
            Note("timer C expired", session, $"no final response{what} within {Timers.TimerC} of the last provisional response: cancelled");
        }
        else
        {
            Note("timer B expired", session, $"no final response{what} within {Timers.TimerB}");
        }
    }

    protected virtual void OnOtherMessage(Message message, NodeId from)
    {
    }

    /// <summary>
    /// A late copy of the initial INVITE of a dialog this node holds — the same branch, so the same
    /// request (RFC 3261 §17.2.3) — that reached it after the INVITE's server transaction was over (it
    /// spent longer in the network than Timer L waits for copies, RFC 6026 §8.7): absorbed, as the
    /// transaction would have absorbed it, instead of being answered as a second INVITE. Call it before
    /// sending anything on the request.
    /// </summary>
    protected void AbsorbLateCopy(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Note("late copy absorbed", request.Session, $"{request.Kind} of {request.CallId} (its transaction is over; the dialog exists)");
        _server.Discard(request);
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

    /// <summary>Sends a response this node made toward its Via, through its request's server transaction.</summary>
    protected void SendAnswer(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        _server.Send(response, originated: true, _server.Handling); // an answer made while its request is handled: found at once
    }

    /// <summary>
    /// A new CPM Session Invitation from this node (CSeq 1, a new transaction, this node on the Via
    /// and as Contact) toward <paramref name="firstHop"/>, opening <paramref name="leg"/> (its From tag).
    /// </summary>
    protected SipRequest NewInvite(CallId callId, long session, LegRef leg, string requestUri, NodeId firstHop, Sdp offer, NodeId? target = null)
    {
        SipRequest invite = Pools.Request();
        invite.Method = SipMethod.Invite;
        invite.Headers = new SipHeaders
        {
            CallId = callId,
            Session = session,
            CSeq = 1,
            CSeqMethod = SipMethod.Invite,
            Transaction = NewTransaction(),
            FromTag = leg.Tag,
            Via = NodeList.Of(Id),
        };
        invite.RequestUri = requestUri;
        invite.Route = NodeList.Of(firstHop);
        invite.Target = target ?? NodeId.None;
        invite.Contact = Id;
        invite.Body = offer;
        return invite;
    }

    /// <summary>
    /// Sends a request to its next hop: the first route entry, else the target. An ACK goes as it is;
    /// any other request in a client transaction of its own.
    /// </summary>
    protected void SendRequest(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method == SipMethod.Ack)
        {
            Send(NextHop(request), request);
            return;
        }

        _client.Send(request, NextHop(request), 0, forwarded: false);
    }

    /// <summary>
    /// Passes on a request this node received (as a proxy) to <paramref name="next"/>: an ACK as it is,
    /// any other in a client transaction (so the proxy retransmits it over unreliable transport, times
    /// it out with a 408 upstream, and cancels it when its caller does).
    /// </summary>
    protected void ForwardRequest(NodeId next, SipRequest forwarded)
    {
        ArgumentNullException.ThrowIfNull(forwarded);
        if (forwarded.Method == SipMethod.Ack)
        {
            Send(next, forwarded);
            return;
        }

        _client.Send(forwarded, next, 0, forwarded: true, server: _server.Handling);
    }

    /// <summary>Cancels the INVITE this node passed on for the caller's <paramref name="branch"/> (a proxy whose caller cancelled): the attempt in progress, the first or a fail-over's. False when there is none in progress.</summary>
    protected bool CancelForwarded(long branch) => _client.CancelForwarded(branch);

    private NodeId NextHop(SipRequest request)
    {
        NodeId next = !request.Route.IsEmpty ? request.Route.First : request.Target;
        return next.IsNone ? throw new InvalidOperationException($"{Name}: {request.Kind} for session {request.Session} has no route and no target.") : next;
    }

    /// <summary>
    /// Overload: a new request is answered 503 with Retry-After; responses and ACKs are lost. A copy of
    /// a request this node has a transaction for is answered as that transaction answers copies; over
    /// unreliable transport a retransmission of one it never saw (its first copy may still be on its
    /// way) is dropped rather than refused — the sender's next retransmission comes back later.
    /// </summary>
    protected override void OnOverload(Message message, NodeId from)
    {
        if (message is not SipRequest { Method: not SipMethod.Ack } request)
        {
            return;
        }

        bool unknownCopy = UnreliableTransport && request.IsRetransmission && _server.StateOf(request.Transaction, request.Method == SipMethod.Cancel) == TransactionState.None;
        if (!unknownCopy && _server.OnRequest(request))
        {
            SendAnswer(SipResponse.To(request, StatusCodes.ServiceUnavailable, Id, Pools, retryAfter: RetryAfter));
        }
    }

    /// <summary>
    /// Starts a timer of this node kind's own: after <paramref name="delay"/>, <see cref="OnNodeTimer"/>
    /// gets <paramref name="kind"/> (a value of the node's own timer enum, backed by <c>int</c>, numbered
    /// from 0) and <paramref name="call"/>. Returns its handle, for <c>CancelTimer</c>.
    /// </summary>
    protected EventHandle StartNodeTimer<TKind>(SimTime delay, TKind kind, CallRef call)
        where TKind : struct, Enum => StartNodeTimer(delay, NodeTimer.Number(kind), call.Tag);

    /// <summary>As <see cref="StartNodeTimer{TKind}(SimTime, TKind, CallRef)"/>, for a leg: <see cref="NodeTimer.Leg"/> gives it back.</summary>
    protected EventHandle StartNodeTimer<TKind>(SimTime delay, TKind kind, LegRef leg)
        where TKind : struct, Enum => StartNodeTimer(delay, NodeTimer.Number(kind), leg.Tag);

    private EventHandle StartNodeTimer(SimTime delay, int kind, long data)
    {
        if ((uint)kind > (uint)(MaxTimerKind - FirstNodeTimer))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, $"{Name}: a node's own timer kinds are numbered 0 to {MaxTimerKind - FirstNodeTimer}.");
        }

        return StartTimer(delay, FirstNodeTimer + kind, data);
    }
}
