namespace CpmSim.Scenarios.Sip.Transactions;

/// <summary>One server transaction (RFC 3261 §17.2): a value in the node's transaction table.</summary>
internal struct ServerTransaction : ITransactionEntry<ServerTransaction>
{
    /// <summary>The table key: the branch, and whether the request is a CANCEL (which shares its INVITE's branch).</summary>
    public long Key;

    public TransactionState State;

    public SipMethod Method;

    /// <summary>What is needed to answer the request (100 Trying, 487) without the request itself.</summary>
    public RequestHeaders Request;

    /// <summary>The last response sent (unreliable transport: kept, retained, to answer copies of the request).</summary>
    public SipResponse? Last;

    /// <summary>The status of the last response sent; 0: none yet.</summary>
    public int LastStatus;

    /// <summary>The 2xx was made by this node's transaction user (a UAS), which retransmits it until the ACK (§13.3.1.4).</summary>
    public bool Originated;

    /// <summary>Timer G (or the UAS's 2xx retransmission) interval.</summary>
    public long IntervalNs;

    /// <summary>Timer G (or the 2xx retransmission); H or L; I or J; the 200 ms before 100 Trying (see <see cref="TransactionTimerSet"/>).</summary>
    public TransactionTimerSet Timers;

    public static ref TransactionTimerSet TimersOf(ref ServerTransaction transaction) => ref transaction.Timers;

    public static long KeyOf(in ServerTransaction transaction) => transaction.Key;
}
