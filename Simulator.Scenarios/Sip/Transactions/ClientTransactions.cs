using CpmSim.Core.Kernel;
using System.Runtime.InteropServices;
using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip.Transactions;

/// <summary>
/// The client transactions of one node (RFC 3261 §17.1, with RFC 6026's Accepted state): the INVITE
/// machine (Calling → Proceeding → Completed / Accepted) and the non-INVITE machine (Trying →
/// Proceeding → Completed). Over unreliable transport the request is retransmitted (Timers A and E)
/// until a response stops it; Timer B runs only in Calling and Timer F until a final response, both
/// 64·T1; the completed states absorb copies of the final for Timer D (32 s), K (T4) or M (64·T1) —
/// zero over reliable transport, where no copy comes. A non-2xx final to an INVITE is ACKed here
/// (§17.1.1.3), never by the transaction user. Timer C (§16.6 step 11) guards an INVITE in Proceeding:
/// when it fires the transaction is cancelled (§9.1) and its user hears a time-out. The user sees
/// responses (not the copies), time-outs and transport errors; never a retransmission.
/// A proxy's request that fails at its next hop — a transport error, a 503, or (INVITE) Timer B — is
/// offered to the proxy for another target (<see cref="SipNode.OnForwardFailed"/>); the new attempt
/// has a branch of its own (RFC 3261 §16.6 step 8) and relays its answers on the caller's branch
/// (<see cref="ClientTransaction.Upstream"/>). An INVITE given up after Timer B stays, superseded, to
/// match its late answers (see <see cref="Supersede"/>).
/// </summary>
public sealed class ClientTransactions
{

    private readonly SipNode _node;
    private readonly TransactionTable<ClientTransaction> _table;
    private readonly Dictionary<long, int> _index;
    private readonly Stack<SipRequest> _spare = new();
    private readonly Dictionary<long, long> _attempts = []; // a proxy's fail-over: caller's branch → branch of the attempt in progress

    internal ClientTransactions(SipNode node)
    {
        _node = node;
        _table = new(node, SipNode.ClientTimerKind);
        _index = _table.Index;
    }

    /// <summary>Client transactions held (every one ends: by its timers, a final response, a transport error or a crash).</summary>
    public int Count => _table.Count;

    /// <summary>The state of the client transaction of <paramref name="branch"/> (its CANCEL's with <paramref name="cancel"/>); None when there is none.</summary>
    public TransactionState StateOf(long branch, bool cancel = false) =>
        _index.TryGetValue(Key(branch, cancel), out int slot) ? _table[slot].State : TransactionState.None;

    internal static long Key(long branch, bool cancel) => (branch << 1) | (cancel ? 1L : 0L);

    /// <summary>
    /// Sends <paramref name="request"/> (not an ACK) to <paramref name="hop"/> in a new client
    /// transaction; <paramref name="user"/> is what the transaction user gets back with a time-out.
    /// A request this node passes on as a proxy is <paramref name="forwarded"/>; <paramref name="upstream"/>
    /// is the branch of the server transaction it serves when that is not its own (a fail-over attempt).
    /// <paramref name="server"/>: for a proxy, the handle of that server transaction if known (a hint, see <see cref="ClientTransaction.Server"/>).
    /// </summary>
    internal void Send(SipRequest request, NodeId hop, long user, bool forwarded, long upstream = 0, long server = 0)
    {
        long key = Key(request.Transaction, request.Method == SipMethod.Cancel);
        ref int indexed = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, key, out bool exists); // one hash lookup
        if (exists)
        {
            if (_table[indexed].State is TransactionState.Calling or TransactionState.Trying or TransactionState.Proceeding)
            {
                _node.Transmit(hop, request); // a request of a transaction in progress: no second machine
                return;
            }

            // A finished transaction that only absorbs copies of its final (Timer D, K, M): the request is
            // sent again as new — a proxy forwarding a late copy that outlived its server transaction — and
            // its answers must reach the user, not be taken for copies of the old ones.
            Terminate(indexed);
            indexed = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, key, out _);
        }

        int slot = _table.Add(); // the table is not the index: the reference into the index stays valid
        indexed = slot;
        ref ClientTransaction t = ref _table[slot];
        bool invite = request.Method == SipMethod.Invite;
        t.Branch = request.Transaction;
        t.Method = request.Method;
        t.State = invite ? TransactionState.Calling : TransactionState.Trying;
        t.Hop = hop;
        t.User = user;
        t.Forwarded = forwarded;
        t.Upstream = upstream != 0 ? upstream : request.Transaction;
        t.Server = server;
        if (upstream != 0 && upstream != request.Transaction)
        {
            _attempts[upstream] = request.Transaction;
        }

        t.UserGone = request.Method == SipMethod.Cancel; // a CANCEL's answer concerns the layer only
        t.Request = _spare.Count > 0 ? _spare.Pop() : new SipRequest();
        t.Request.Overwrite(request);
        t.Request.IsRetransmission = true;

        SipTimers timers = _node.Timers;
        long handle = _table.HandleOf(slot);
        if (_node.UnreliableTransport)
        {
            t.IntervalNs = timers.T1.Nanoseconds;
            t.Timers.RetransmitTimer = _node.StartTransactionTimer(timers.T1, SipNode.ClientTimerKind, TransactionTimerSet.Data(handle, TransactionTimerSet.Retransmit));
        }

        t.Timers.TimeoutTimer = _node.StartTransactionTimeout(invite ? timers.TimerB : timers.TimerF, SipNode.ClientTimerKind, TransactionTimerSet.Data(handle, TransactionTimerSet.Timeout));
        _node.Transmit(hop, request);
    }

    /// <summary>
    /// A response to a request of this node (or passed on by it): true when its transaction user is to
    /// see it — a first provisional or final, a 2xx copy (a 2xx is the user's to ACK), or one that
    /// matches no transaction (§18.1.2: it goes to the core; a non-2xx to an INVITE is ACKed first, so
    /// that its sender stops); false when it is absorbed (a copy of a non-2xx final, ACKed again; an
    /// answer to a CANCEL; one the user gave up on; a 503 the proxy failed over from; a late answer to a
    /// superseded INVITE). <paramref name="relayOn"/> is the branch a proxy relays it on (the caller's), and
    /// <paramref name="server"/> the handle of that server transaction when known (a hint; 0: not known).
    /// </summary>
    internal bool OnResponse(SipResponse response, NodeId from, out long relayOn, out long server)
    {
        relayOn = response.Transaction;
        server = 0;
        bool cancel = response.CSeqMethod == SipMethod.Cancel;
        if (!_index.TryGetValue(Key(response.Transaction, cancel), out int slot))
        {
            bool invite = response.CSeqMethod == SipMethod.Invite;
            if (invite && response.Status >= 300 && from != _node.Id)
            {
                _node.Transmit(from, SipRequest.AckFor(response, _node.Id, _node.MessagePools)); // a late non-2xx: ACKed, so its sender stops
            }

            return true; // no transaction: the response goes to the core (§18.1.2), which drops it, ACKs a 2xx, or relays it

        }

        ref ClientTransaction t = ref _table[slot];
        int status = response.Status;
        bool provisional = StatusCodes.IsProvisional(status);
        if (t.Forwarded)
        {
            relayOn = t.Upstream;
            server = t.Server;
        }

        if (t.Method == SipMethod.Invite)
        {
            return OnInviteResponse(slot, ref t, response, from, provisional);
        }

        switch (t.State)
        {
            case TransactionState.Trying or TransactionState.Proceeding when provisional:
                if (t.State == TransactionState.Trying && _node.UnreliableTransport)
                {
                    t.IntervalNs = _node.Timers.T2.Nanoseconds; // Timer E now fires every T2
                }

                t.State = TransactionState.Proceeding;
                return !t.UserGone;
            case TransactionState.Trying or TransactionState.Proceeding:
                bool deliver = !t.UserGone;
                SipRequest? refused = TakeIfRefused(ref t, status, out ForwardFailure failure);
                Complete(slot, ref t, _node.UnreliableTransport ? _node.Timers.T4 : SimTime.Zero); // Timer K
                return FailOverOr(refused, failure, deliver);
            default:
                return false; // Completed: a copy of the final
        }
    }

    private bool OnInviteResponse(int slot, ref ClientTransaction t, SipResponse response, NodeId from, bool provisional)
    {
        bool success = StatusCodes.IsSuccess(response.Status);
        switch (t.State)
        {
            case TransactionState.Calling or TransactionState.Proceeding when provisional:
                if (t.State == TransactionState.Calling)
                {
                    t.State = TransactionState.Proceeding;
                    _node.StopTransactionTimer(t.Timers.RetransmitTimer); // no more retransmissions (§17.1.1.2)
                    if (!t.Cancelled)
                    {
                        t.Timers.TimeoutTimer = 0; // Timer B runs only in Calling
                    }
                }

                t.Timers.ExtraTimer = _node.StartTransactionTimeout(_node.Timers.TimerC, SipNode.ClientTimerKind, TransactionTimerSet.Data(_table.HandleOf(slot), TransactionTimerSet.Extra)); // each provisional restarts Timer C
                if (t.CancelWanted && !t.Cancelled)
                {
                    SendCancel(slot, ref t);
                }

                return !t.UserGone;
            case TransactionState.Calling or TransactionState.Proceeding:
                bool deliver = success || !t.UserGone;
                if (!success)
                {
                    _node.Transmit(from == _node.Id ? t.Hop : from, SipRequest.AckFor(response, _node.Id, _node.MessagePools));
                }

                bool superseded = t.Superseded;
                SipRequest? refused = TakeIfRefused(ref t, response.Status, out ForwardFailure failure);
                t.State = success ? TransactionState.Accepted : TransactionState.Completed;
                t.Timers.StopRunning(_node);
                SimTime linger = !_node.UnreliableTransport ? SimTime.Zero : success ? _node.Timers.TimerM : _node.Timers.TimerD;
                Linger(slot, linger); // t is not used after this
                if (success && superseded)
                {
                    _node.ReleaseSuperseded(response, first: true);
                    return false;
                }

                return FailOverOr(refused, failure, deliver);
            case TransactionState.Completed when !provisional && !success:
                _node.Transmit(from, SipRequest.AckFor(response, _node.Id, _node.MessagePools)); // the ACK was lost: again
                return false;
            case TransactionState.Accepted when success && t.Superseded:
                _node.ReleaseSuperseded(response, first: false); // a copy: ACKed again (its BYE is on its way)
                return false;
            case TransactionState.Accepted when success:
                return true; // a 2xx copy: the user ACKs it again (RFC 6026)
            default:
                return false;
        }
    }

    /// <summary>
    /// The transaction user gives up on its request (a leg abandoned): an INVITE is cancelled — at once in
    /// Proceeding, else once a provisional response arrives (§9.1) — and its final, if one still comes,
    /// reaches the user as a stray. A proxy's forwarded INVITE is cancelled the same way, its answers
    /// still relayed.
    /// </summary>
    internal void Abandon(long branch)
    {
        if (!_index.TryGetValue(Key(branch, false), out int slot))
        {
            return;
        }

        ref ClientTransaction t = ref _table[slot];
        t.UserGone |= !t.Forwarded;
        if (t.Method != SipMethod.Invite || t.Cancelled)
        {
            return;
        }

        if (t.State == TransactionState.Proceeding)
        {
            SendCancel(slot, ref t);
        }
        else if (t.State == TransactionState.Calling)
        {
            t.CancelWanted = true;
        }
    }

    /// <summary>
    /// The caller cancelled the INVITE this proxy passed on for its server transaction
    /// <paramref name="upstream"/>: the attempt in progress (the first, or a fail-over's) is cancelled as
    /// in <see cref="Abandon"/>. False when none is in progress.
    /// </summary>
    internal bool CancelForwarded(long upstream)
    {
        long branch = _attempts.Count != 0 && _attempts.TryGetValue(upstream, out long attempt) ? attempt : upstream;
        if (!_index.TryGetValue(Key(branch, false), out int slot) ||
            _table[slot] is not { State: TransactionState.Calling or TransactionState.Proceeding, Superseded: false })
        {
            return false;
        }

        Abandon(branch);
        return true;
    }

    /// <summary>
    /// A request of this node could not be delivered (reliable transport) to <paramref name="to"/>: its
    /// transaction ends. True when the transaction user is to hear of it (as a 503, §8.1.3.1): not for a
    /// CANCEL, nor a request the user gave up on. <paramref name="failure"/> says where it failed and, for
    /// a proxy's request, the caller's branch; <paramref name="mayFailOver"/>: a proxy may send it to
    /// another target (not when its caller cancelled it).
    /// </summary>
    internal bool OnTransportError(SipRequest request, NodeId to, out ForwardFailure failure, out bool mayFailOver)
    {
        failure = new ForwardFailure(to, ForwardFailureKind.TransportError, request.Transaction, 0);
        mayFailOver = request.Method != SipMethod.Cancel;
        if (!_index.TryGetValue(Key(request.Transaction, request.Method == SipMethod.Cancel), out int slot))
        {
            return request.Method != SipMethod.Cancel;
        }

        ref ClientTransaction t = ref _table[slot];
        if (t.State is not (TransactionState.Calling or TransactionState.Trying or TransactionState.Proceeding))
        {
            mayFailOver = false;
            return false;
        }

        bool tell = !t.UserGone;
        mayFailOver = CanFailOver(in t);
        failure = failure with { Upstream = t.Forwarded ? t.Upstream : t.Branch, Tried = t.User };
        Terminate(slot);
        return tell;
    }

    /// <summary>Whether the time-out (Timer B, F, C or the CANCEL's wait) of <paramref name="data"/> numbered <paramref name="sequence"/> still stands.</summary>
    internal bool TimeoutStands(long data, long sequence) => _table.TimeoutStands(data, sequence);

    /// <summary>A timer of a client transaction fired.</summary>
    internal void OnTimer(long data)
    {
        if (!_table.TryResolve(data >> 2, out int slot))
        {
            return;
        }

        ref ClientTransaction t = ref _table[slot];
        switch ((int)(data & 3))
        {
            case TransactionTimerSet.Retransmit:
                Retransmit(slot, ref t);
                break;
            case TransactionTimerSet.Timeout:
                TimedOut(slot, ref t);
                break;
            case TransactionTimerSet.Linger:
                Terminate(slot);
                break;
            case TransactionTimerSet.Extra:
                OnTimerC(slot, ref t);
                break;
        }
    }

    private void Retransmit(int slot, ref ClientTransaction t)
    {
        if (t.State is not (TransactionState.Calling or TransactionState.Trying or TransactionState.Proceeding) ||
            (t.Method == SipMethod.Invite && t.State == TransactionState.Proceeding))
        {
            return;
        }

        _node.CountRetransmission();
        _node.Transmit(t.Hop, t.Request!.Copy(_node.MessagePools));
        long next = t.Method == SipMethod.Invite ? t.IntervalNs * 2 // Timer A doubles
            : t.State == TransactionState.Proceeding ? _node.Timers.T2.Nanoseconds : Math.Min(t.IntervalNs * 2, _node.Timers.T2.Nanoseconds); // Timer E
        t.IntervalNs = next;
        t.Timers.RetransmitTimer = _node.StartTransactionTimer(new SimTime(next), SipNode.ClientTimerKind, TransactionTimerSet.Data(_table.HandleOf(slot), TransactionTimerSet.Retransmit));
    }

    /// <summary>
    /// Timer B (Calling), Timer F (Trying, Proceeding), or the 64·T1 wait after a CANCEL (§9.1). A proxy's
    /// INVITE that got no response at all is offered to the proxy for another target first; if it takes
    /// one, this INVITE is superseded instead of ended.
    /// </summary>
    private void TimedOut(int slot, ref ClientTransaction t)
    {
        if (t.State is not (TransactionState.Calling or TransactionState.Trying or TransactionState.Proceeding))
        {
            return;
        }

        if (t.State == TransactionState.Calling && CanFailOver(in t))
        {
            long handle = _table.HandleOf(slot);
            bool failedOver = _node.ForwardFailed(t.Request!, new ForwardFailure(t.Hop, ForwardFailureKind.TimedOut, t.Upstream, t.User)); // may grow the table
            if (!_table.TryResolve(handle, out slot))
            {
                return;
            }

            if (failedOver)
            {
                Supersede(slot);
                return;
            }
        }

        EndTimedOut(slot);
    }

    /// <summary>A transaction timed out for good: it ends, and its user (if it has not given up) hears of it.</summary>
    private void EndTimedOut(int slot)
    {
        ref ClientTransaction t = ref _table[slot];
        bool tell = !t.UserGone;
        ClientTimeout timeout = new(t.Method, t.User, t.Forwarded, t.Request, t.Upstream);
        t.Request = null; // handed over with the time-out, recycled below
        Terminate(slot);
        if (tell)
        {
            _node.ClientTimedOut(timeout);
        }

        Recycle(timeout.Request);
    }

    /// <summary>Timer C: the INVITE rang too long. It is cancelled, and its user hears a time-out (a proxy answers 408 upstream).</summary>
    private void OnTimerC(int slot, ref ClientTransaction t)
    {
        if (t.State != TransactionState.Proceeding)
        {
            return;
        }

        bool tell = !t.UserGone;
        ClientTimeout timeout = new(t.Method, t.User, t.Forwarded, t.Request, t.Upstream, TimerC: true);
        t.UserGone = true;
        if (!t.Cancelled)
        {
            SendCancel(slot, ref t); // may grow the table: t is not used after this
        }

        if (tell)
        {
            _node.ClientTimedOut(timeout);
        }
    }

    /// <summary>
    /// A proxy's INVITE that got no response before Timer B, whose proxy sent the request to another target
    /// (fail-over): the next hop may still have taken it, so the transaction stays, matched by its branch,
    /// for another 64·T1. Its retransmissions stop; a late 1xx gets a CANCEL (not before: §9.1); a late
    /// non-2xx final is ACKed and absorbed; a late 2xx goes to <see cref="SipNode.ReleaseSuperseded"/>
    /// (ACK and BYE) instead of upstream, so that the caller gets one answer, the new target's.
    /// </summary>
    private void Supersede(int slot)
    {
        ref ClientTransaction t = ref _table[slot];
        t.Superseded = true;
        t.UserGone = true;
        t.CancelWanted = true;
        _node.StopTransactionTimer(t.Timers.RetransmitTimer);
        t.Timers.RetransmitTimer = default;
        t.Timers.TimeoutTimer = _node.StartTransactionTimeout(_node.Timers.TimerB, SipNode.ClientTimerKind, TransactionTimerSet.Data(_table.HandleOf(slot), TransactionTimerSet.Timeout));
    }

    /// <summary>A proxy's request whose failure its proxy may answer by trying another target: its caller has not cancelled it.</summary>
    private static bool CanFailOver(in ClientTransaction t) => t.Forwarded && !t.UserGone && !t.CancelWanted && !t.Cancelled && t.Request is not null;

    /// <summary>
    /// A final response <paramref name="status"/> to a proxy's request: for a 503 that the proxy may fail
    /// over from, the request as sent, taken from the transaction (which completes without it), and what failed.
    /// </summary>
    private static SipRequest? TakeIfRefused(ref ClientTransaction t, int status, out ForwardFailure failure)
    {
        if (status != StatusCodes.ServiceUnavailable || !CanFailOver(in t))
        {
            failure = default;
            return null;
        }

        failure = new ForwardFailure(t.Hop, ForwardFailureKind.ServiceUnavailable, t.Upstream, t.User);
        SipRequest refused = t.Request!;
        t.Request = null;
        return refused;
    }

    /// <summary>Offers a refused request (from <see cref="TakeIfRefused"/>) to its proxy: false (absorb the 503) when it went to another target, else <paramref name="deliver"/>.</summary>
    private bool FailOverOr(SipRequest? refused, in ForwardFailure failure, bool deliver)
    {
        if (refused is null)
        {
            return deliver;
        }

        bool failedOver = _node.ForwardFailed(refused, failure);
        Recycle(refused);
        return deliver && !failedOver;
    }

    /// <summary>Sends the CANCEL of an INVITE in Proceeding (its own non-INVITE transaction), and waits 64·T1 for the INVITE's final.</summary>
    private void SendCancel(int slot, ref ClientTransaction t)
    {
        t.Cancelled = true;
        t.UserGone |= !t.Forwarded;
        SipRequest invite = t.Request!;
        SipRequest cancel = _node.MessagePools.Request();
        cancel.Method = SipMethod.Cancel;
        cancel.Headers = invite.Headers with { CSeqMethod = SipMethod.Cancel, Via = NodeList.Of(_node.Id) }; // hop by hop: the CANCEL's answer comes back to this node
        cancel.RequestUri = invite.RequestUri;
        cancel.InDialog = invite.InDialog;
        cancel.Route = invite.Route;
        cancel.Target = invite.Target;
        NodeId hop = t.Hop;
        t.Timers.TimeoutTimer = _node.StartTransactionTimeout(_node.Timers.TimerB, SipNode.ClientTimerKind, TransactionTimerSet.Data(_table.HandleOf(slot), TransactionTimerSet.Timeout));
        _node.NoteCancel(cancel);
        Send(cancel, hop, 0, forwarded: false); // may grow the table: t is not used after this
    }

    private void Complete(int slot, ref ClientTransaction t, SimTime linger)
    {
        t.State = TransactionState.Completed;
        t.Timers.StopRunning(_node);
        Linger(slot, linger);
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
        ref ClientTransaction t = ref _table[slot];
        if (t.Upstream != t.Branch && t.Forwarded && _attempts.TryGetValue(t.Upstream, out long attempt) && attempt == t.Branch)
        {
            _attempts.Remove(t.Upstream);
        }

        Recycle(t.Request);
        _table.End(slot);
    }

    private void Recycle(SipRequest? request)
    {
        if (request is not null)
        {
            _spare.Push(request);
        }
    }

    /// <summary>The node crashed: every client transaction is gone (its timers died with it).</summary>
    internal void Clear()
    {
        _table.Clear();
        _attempts.Clear();
    }
}
