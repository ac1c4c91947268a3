using CpmSim.Core.Kernel;
using System.Runtime.InteropServices;
using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip.Transactions;

/// <summary>
/// The server transactions of one node (RFC 3261 §17.2, with RFC 6026's Accepted state): the INVITE
/// machine (Proceeding → Completed → Confirmed, or Accepted on a 2xx) and the non-INVITE machine
/// (Trying → Proceeding → Completed). A copy of a request is absorbed and answered again with the last
/// response, never handed to the transaction user. An INVITE its user has not answered within 200 ms
/// gets a 100 Trying. Over unreliable transport a non-2xx final to an INVITE is retransmitted (Timer G)
/// until its ACK or Timer H, and a 2xx its user made until the ACK or Timer L (the UAS core's duty,
/// §13.3.1.4, done here); a completed transaction absorbs copies for Timer I (T4), J (64·T1) or L
/// (64·T1) — zero over reliable transport, where no copy comes (Timer H still waits for the ACK).
/// </summary>
public sealed class ServerTransactions
{

    /// <summary>How long an INVITE may wait for its user's first response before the layer sends 100 Trying (§17.2.1).</summary>
    public static readonly SimTime TryingAfter = SimTime.FromMilliseconds(200);

    private readonly SipNode _node;
    private readonly TransactionTable<ServerTransaction> _table;
    private readonly Dictionary<long, int> _index;
    private readonly Dictionary<(CallId CallId, int CSeq), int> _awaitingAck = []; // unreliable: 2xx this node retransmits until the ACK

    internal ServerTransactions(SipNode node)
    {
        _node = node;
        _table = new(node, SipNode.ServerTimerKind);
        _index = _table.Index;
    }

    /// <summary>
    /// The transaction of the last new request (<see cref="OnRequest(SipRequest, out long)"/>): while its
    /// user handles that request, an answer it makes is found here without a lookup. A hint only: it is
    /// used when it still names a transaction of the response's key.
    /// </summary>
    internal long Handling { get; private set; }

    /// <summary>Server transactions held (every one ends: by its timers or a crash).</summary>
    public int Count => _table.Count;

    /// <summary>The state of the server transaction of <paramref name="branch"/> (its CANCEL's with <paramref name="cancel"/>); None when there is none.</summary>
    public TransactionState StateOf(long branch, bool cancel = false) =>
        _index.TryGetValue(ClientTransactions.Key(branch, cancel), out int slot) ? _table[slot].State : TransactionState.None;

    /// <summary>The transactions held: branch, state, method, last status sent and session (for diagnostics).</summary>
    public IEnumerable<(long Branch, TransactionState State, SipMethod Method, int LastStatus, long Session)> Held()
    {
        foreach (int slot in _index.Values)
        {
            ServerTransaction t = _table[slot];
            yield return (t.Key >> 1, t.State, t.Method, t.LastStatus, t.Request.Session);
        }
    }

    /// <summary>
    /// A request (not an ACK) reached this node: true when it starts a new server transaction (its user
    /// is to handle it); false for a copy of a request it has, which is answered again with the last
    /// response sent (if any) and absorbed.
    /// </summary>
    internal bool OnRequest(SipRequest request) => OnRequest(request, out _);

    /// <summary>
    /// As <see cref="OnRequest(SipRequest)"/>; <paramref name="handle"/> names the new transaction (for
    /// <see cref="AfterRequest"/>), 0 for a copy. One hash lookup: the index entry is found or added at once.
    /// </summary>
    internal bool OnRequest(SipRequest request, out long handle)
    {
        long key = ClientTransactions.Key(request.Transaction, request.Method == SipMethod.Cancel);
        ref int indexed = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, key, out bool known);
        if (known)
        {
            Reanswer(ref _table[indexed], request.Via.Last);
            handle = 0;
            return false;
        }

        int slot = _table.Add(); // the table is not the index: the reference into the index stays valid
        indexed = slot;
        ref ServerTransaction t = ref _table[slot];
        t.Key = key;
        t.Method = request.Method;
        t.State = request.Method == SipMethod.Invite ? TransactionState.Proceeding : TransactionState.Trying;
        t.Request = request.AnswerHeaders;
        handle = _table.HandleOf(slot);
        Handling = handle;
        return true;
    }

    /// <summary>
    /// The user has handled the new request of the transaction <paramref name="handle"/> (from
    /// <see cref="OnRequest(SipRequest, out long)"/>): an INVITE it has not answered yet gets a 100 Trying after 200 ms (§17.2.1).
    /// </summary>
    internal void AfterRequest(long handle)
    {
        if (_table.TryResolve(handle, out int slot) && _table[slot] is { Method: SipMethod.Invite, LastStatus: 0, State: TransactionState.Proceeding })
        {
            _table[slot].Timers.ExtraTimer = _node.StartTransactionTimeout(TryingAfter, SipNode.ServerTimerKind, TransactionTimerSet.Data(_table.HandleOf(slot), TransactionTimerSet.Extra));
        }
    }

    /// <summary>
    /// The user recognised <paramref name="request"/> as a late copy of a request it has handled, whose
    /// own transaction is over: the transaction the copy started ends, unanswered (nothing was sent on it).
    /// </summary>
    internal void Discard(SipRequest request)
    {
        if (Find(ClientTransactions.Key(request.Transaction, request.Method == SipMethod.Cancel), Handling, out int slot) && _table[slot].LastStatus == 0) // the copy being handled: found by its handle
        {
            Terminate(slot);
        }
    }

    /// <summary>The headers of the INVITE whose server transaction is still waiting for its final response (for a CANCEL).</summary>
    internal bool TryGetPendingInvite(long branch, out RequestHeaders invite)
    {
        if (_index.TryGetValue(ClientTransactions.Key(branch, false), out int slot) && _table[slot] is { Method: SipMethod.Invite, State: TransactionState.Proceeding })
        {
            invite = _table[slot].Request;
            return true;
        }

        invite = default;
        return false;
    }

    /// <summary>True when an INVITE server transaction of <paramref name="branch"/> exists (in any state).</summary>
    internal bool HasInvite(long branch) => _index.ContainsKey(ClientTransactions.Key(branch, false));

    /// <summary>
    /// An ACK reached this node: one for a non-2xx final (the same branch) confirms its transaction and
    /// is absorbed (false); one for a 2xx this node retransmits stops that, and like any other 2xx ACK
    /// goes to the user (true) — a proxy passes it on.
    /// </summary>
    internal bool OnAck(SipRequest ack)
    {
        if (ack.AcksFailure)
        {
            if (_index.TryGetValue(ClientTransactions.Key(ack.Transaction, false), out int slot) && _table[slot].State == TransactionState.Completed)
            {
                ref ServerTransaction t = ref _table[slot];
                t.State = TransactionState.Confirmed;
                t.Timers.StopRunning(_node);
                Linger(slot, _node.UnreliableTransport ? _node.Timers.T4 : SimTime.Zero); // Timer I
            }

            return false;
        }

        if (_awaitingAck.Count != 0 && _awaitingAck.Remove((ack.CallId, ack.CSeq), out int accepted))
        {
            ref ServerTransaction t = ref _table[accepted];
            _node.StopTransactionTimer(t.Timers.RetransmitTimer);
            t.Timers.RetransmitTimer = default;
            t.Originated = false; // acknowledged: Timer L just ends the transaction
        }

        return true;
    }

    /// <summary>
    /// Sends a response toward its Via, through the request's server transaction: a provisional moves
    /// it to Proceeding, a final completes (or, 2xx to INVITE, accepts) it. <paramref name="originated"/>:
    /// the node's user made it (a UAS), not relayed it. A second final for a transaction is dropped
    /// (its request was already answered, e.g. 487 after a CANCEL), except 2xx copies a proxy relays.
    /// <paramref name="hint"/> names the transaction when the caller knows it (<see cref="Handling"/>, or the
    /// one a proxy's client transaction serves); it is checked, and a wrong or stale hint costs the lookup.
    /// </summary>
    internal void Send(SipResponse response, bool originated, long hint = 0)
    {
        if (response.CSeqMethod == SipMethod.Ack || !Find(ClientTransactions.Key(response.Transaction, response.CSeqMethod == SipMethod.Cancel), hint, out int slot))
        {
            // No transaction (forgotten in a crash, or over): an answer this node makes is sent as it
            // is; one it relays only if it is a 2xx to an INVITE (the caller must get every 2xx,
            // §16.7) — any other answers a request this node has answered already (e.g. its 408).
            if (originated || (response.CSeqMethod == SipMethod.Invite && StatusCodes.IsSuccess(response.Status)))
            {
                _node.Transmit(response.Via.Last, response);
            }

            return;
        }

        ref ServerTransaction t = ref _table[slot];
        int status = response.Status;
        bool provisional = StatusCodes.IsProvisional(status);
        bool finalSent = t.State is TransactionState.Completed or TransactionState.Confirmed or TransactionState.Accepted;
        if (finalSent)
        {
            if (t.State == TransactionState.Accepted && StatusCodes.IsSuccess(status) && !originated)
            {
                _node.Transmit(response.Via.Last, response); // a 2xx copy from downstream: relayed (RFC 6026)
            }

            return; // anything else after the final is dropped (recycled by the caller's handler)
        }

        t.Timers.ExtraTimer = 0;
        t.LastStatus = status;
        if (provisional)
        {
            t.State = TransactionState.Proceeding;
            _node.Transmit(response.Via.Last, response);
            return;
        }

        bool unreliable = _node.UnreliableTransport;
        if (unreliable)
        {
            response.Retain(); // kept to answer copies of the request: receivers pass on copies of it
            t.Last = response;
        }

        NodeId to = response.Via.Last;
        SipTimers timers = _node.Timers;
        long handle = _table.HandleOf(slot);
        if (t.Method != SipMethod.Invite)
        {
            t.State = TransactionState.Completed;
            _node.Transmit(to, response);
            Linger(slot, unreliable ? timers.TimerJ : SimTime.Zero);
            return;
        }

        if (StatusCodes.IsSuccess(status))
        {
            t.State = TransactionState.Accepted;
            _node.Transmit(to, response);
            if (!unreliable)
            {
                Terminate(slot);
                return;
            }

            t.Originated = originated;
            if (originated)
            {
                _awaitingAck[(response.CallId, response.CSeq)] = slot;
                t.IntervalNs = timers.T1.Nanoseconds;
                t.Timers.RetransmitTimer = _node.StartTransactionTimer(timers.T1, SipNode.ServerTimerKind, TransactionTimerSet.Data(handle, TransactionTimerSet.Retransmit));
            }

            t.Timers.TimeoutTimer = _node.StartTransactionTimeout(timers.TimerL, SipNode.ServerTimerKind, TransactionTimerSet.Data(handle, TransactionTimerSet.Timeout));
            return;
        }

        t.State = TransactionState.Completed;
        _node.Transmit(to, response);
        if (unreliable)
        {
            t.IntervalNs = timers.T1.Nanoseconds;
            t.Timers.RetransmitTimer = _node.StartTransactionTimer(timers.T1, SipNode.ServerTimerKind, TransactionTimerSet.Data(handle, TransactionTimerSet.Retransmit)); // Timer G
        }

        t.Timers.TimeoutTimer = _node.StartTransactionTimeout(timers.TimerH, SipNode.ServerTimerKind, TransactionTimerSet.Data(handle, TransactionTimerSet.Timeout));
    }

    /// <summary>The slot of the transaction of <paramref name="key"/>: the one <paramref name="hint"/> names if it holds that key, else the index's.</summary>
    private bool Find(long key, long hint, out int slot) =>
        (hint != 0 && _table.TryResolve(hint, out slot) && _table[slot].Key == key) || _index.TryGetValue(key, out slot);

    /// <summary>Whether the time-out (Timer H or L, or the 200 ms before a 100 Trying) of <paramref name="data"/> numbered <paramref name="sequence"/> still stands.</summary>
    internal bool TimeoutStands(long data, long sequence) => _table.TimeoutStands(data, sequence);

    /// <summary>A timer of a server transaction fired.</summary>
    internal void OnTimer(long data)
    {
        if (!_table.TryResolve(data >> 2, out int slot))
        {
            return;
        }

        ref ServerTransaction t = ref _table[slot];
        switch ((int)(data & 3))
        {
            case TransactionTimerSet.Retransmit when t.State is TransactionState.Completed or TransactionState.Accepted && t.Last is not null:
                _node.CountRetransmission();
                _node.Transmit(t.Last.Via.Last, t.Last.AsRetransmission());
                t.IntervalNs = Math.Min(t.IntervalNs * 2, _node.Timers.T2.Nanoseconds);
                t.Timers.RetransmitTimer = _node.StartTransactionTimer(new SimTime(t.IntervalNs), SipNode.ServerTimerKind, TransactionTimerSet.Data(_table.HandleOf(slot), TransactionTimerSet.Retransmit));
                break;
            case TransactionTimerSet.Timeout:
                // Timer H (no ACK for a non-2xx) or Timer L (Accepted). A 2xx this node made and kept
                // sending for 64·T1 without an ACK: the session should end (§13.3.1.4).
                bool unacknowledged = t.State == TransactionState.Accepted && t.Originated;
                CallId callId = t.Request.CallId;
                Terminate(slot);
                if (unacknowledged)
                {
                    _node.AnswerUnacknowledged(callId);
                }

                break;
            case TransactionTimerSet.Linger:
                Terminate(slot);
                break;
            case TransactionTimerSet.Extra when t.LastStatus == 0 && t.State == TransactionState.Proceeding:
                Send(SipResponse.To(t.Request, StatusCodes.Trying, _node.Id, _node.MessagePools), originated: true);
                break;
        }
    }

    private void Reanswer(ref ServerTransaction t, NodeId to)
    {
        if (t.Last is not null)
        {
            _node.Transmit(to, t.Last.AsRetransmission());
        }
        else if (StatusCodes.IsProvisional(t.LastStatus))
        {
            SipResponse again = SipResponse.To(t.Request, t.LastStatus, _node.Id, _node.MessagePools);
            again.IsRetransmission = true;
            _node.Transmit(to, again);
        }
    }

    private void Linger(int slot, SimTime linger)
    {
        if (!_table.Linger(slot, linger))
        {
            Terminate(slot);
        }
    }

    private void Terminate(int slot)
    {
        ref ServerTransaction t = ref _table[slot];
        if (t.Originated && t.State == TransactionState.Accepted)
        {
            _awaitingAck.Remove((t.Request.CallId, t.Request.CSeq));
        }

        _table.End(slot);
    }

    /// <summary>The node crashed: every server transaction is gone (its timers died with it).</summary>
    internal void Clear()
    {
        _table.Clear();
        _awaitingAck.Clear();
    }
}
