using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip.Transactions;

/// <summary>One client transaction (RFC 3261 §17.1): a value in the node's transaction table.</summary>
internal struct ClientTransaction : ITransactionEntry<ClientTransaction>
{
    /// <summary>The transaction (the Via branch of the request).</summary>
    public long Branch;

    public TransactionState State;

    public SipMethod Method;

    /// <summary>Where the request went (retransmissions, the ACK of a non-2xx and the CANCEL go there too).</summary>
    public NodeId Hop;

    /// <summary>The transaction user's reference: a leg's handle; for a proxy's request, the targets it tried for it (<see cref="ForwardFailure.Tried"/>).</summary>
    public long User;

    /// <summary>A request this node passed on as a proxy (its responses are relayed, not consumed).</summary>
    public bool Forwarded;

    /// <summary>
    /// A proxy's request: the branch of the server transaction it serves, which its answers are relayed
    /// on — its own <see cref="Branch"/>, or the caller's when this is a fail-over attempt with a branch of its own.
    /// </summary>
    public long Upstream;

    /// <summary>A proxy's request: the handle of the server transaction it serves, when known (a hint for relaying its answers; checked before use).</summary>
    public long Server;

    /// <summary>
    /// A proxy's INVITE given up after Timer B for another target (fail-over): still matched, so that its
    /// late answers reach this branch only; none is relayed (CANCEL on a 1xx, a 2xx ACKed and released).
    /// </summary>
    public bool Superseded;

    /// <summary>The transaction user gave up on it (time-out, Timer C, abandoned): a final now goes to it as a stray.</summary>
    public bool UserGone;

    /// <summary>INVITE: a CANCEL is wanted, to be sent once a provisional response arrives (RFC 3261 §9.1).</summary>
    public bool CancelWanted;

    /// <summary>INVITE: its CANCEL was sent.</summary>
    public bool Cancelled;

    /// <summary>
    /// The request as sent, a copy the layer owns (never on the wire, reused from transaction to
    /// transaction): retransmissions, the CANCEL and the 408 of a time-out are made from it.
    /// </summary>
    public SipRequest? Request;

    /// <summary>The current retransmission interval (Timers A and E).</summary>
    public long IntervalNs;

    /// <summary>Timer A or E; B or F; D, K or M; C (see <see cref="TransactionTimerSet"/>).</summary>
    public TransactionTimerSet Timers;

    public static ref TransactionTimerSet TimersOf(ref ClientTransaction transaction) => ref transaction.Timers;

    public static long KeyOf(in ClientTransaction transaction) => ClientTransactions.Key(transaction.Branch, transaction.Method == SipMethod.Cancel);
}
