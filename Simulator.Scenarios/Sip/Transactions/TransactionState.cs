namespace CpmSim.Scenarios.Sip.Transactions;

/// <summary>
/// The states of the RFC 3261 §17 transaction state machines (with the Accepted state RFC 6026 adds
/// to both INVITE machines). <see cref="None"/>: no such transaction (never created, or terminated
/// and forgotten).
/// </summary>
public enum TransactionState : byte
{
    None,

    /// <summary>INVITE client: the request is sent, no response yet (Timers A and B run).</summary>
    Calling,

    /// <summary>Non-INVITE client or server: the request is sent or received, no response yet (client: Timers E and F).</summary>
    Trying,

    /// <summary>A provisional response was received (client) or sent (server); an INVITE server transaction starts here.</summary>
    Proceeding,

    /// <summary>A final response (non-2xx for INVITE) was received or sent; copies are absorbed until Timer D, H, J or K.</summary>
    Completed,

    /// <summary>INVITE server: the ACK of its non-2xx final arrived; absorbs ACK copies until Timer I.</summary>
    Confirmed,

    /// <summary>INVITE (RFC 6026): a 2xx was received or sent; absorbs copies until Timer M (client) or L (server).</summary>
    Accepted,
}
