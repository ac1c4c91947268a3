using CpmSim.Core.Kernel;

namespace CpmSim.Scenarios.Sip.Transactions;

/// <summary>
/// The timers of one transaction (client or server): which of RFC 3261's timers each slot holds
/// depends on the machine (see <see cref="ClientTransactions"/>, <see cref="ServerTransactions"/>).
/// The time-out and extra timers guard a state that nearly always ends first (an answer stops Timer
/// B), so they are the node's time-outs (<c>Node.StartTimeout</c>): each is the sequence number of
/// a time-out that stands while this set holds it; setting it to 0 stops it, with nothing to cancel.
/// </summary>
internal struct TransactionTimerSet
{
    /// <summary>Slot numbers, as carried in a light timer's data.</summary>
    public const int Retransmit = 0;
    public const int Timeout = 1;
    public const int Linger = 2;
    public const int Extra = 3;

    /// <summary>Timer A, E, G, or the UAS's 2xx retransmission.</summary>
    public EventHandle RetransmitTimer;

    /// <summary>Timer B, F, H or L (or the 64·T1 wait after a CANCEL): a time-out's sequence number, 0 for none.</summary>
    public long TimeoutTimer;

    /// <summary>Timer D, I, J, K or M: how long a finished transaction absorbs copies.</summary>
    public EventHandle LingerTimer;

    /// <summary>Timer C (client INVITE) or the 200 ms before a 100 Trying (server INVITE): a time-out's sequence number, 0 for none.</summary>
    public long ExtraTimer;

    /// <summary>The light timer's data for <paramref name="timer"/> of the transaction in the slot named by <paramref name="handle"/>.</summary>
    public static long Data(long handle, int timer) => (handle << 2) | (uint)timer;

    /// <summary>Stops every timer but the linger timer.</summary>
    public void StopRunning(SipNode node)
    {
        node.StopTransactionTimer(RetransmitTimer);
        RetransmitTimer = default;
        TimeoutTimer = ExtraTimer = 0;
    }

    /// <summary>Whether the time-out (<see cref="Timeout"/> or <see cref="Extra"/>) numbered <paramref name="sequence"/> still stands.</summary>
    public readonly bool Holds(int timer, long sequence) => sequence == (timer == Timeout ? TimeoutTimer : timer == Extra ? ExtraTimer : 0);

    /// <summary>Stops every timer.</summary>
    public void StopAll(SipNode node)
    {
        StopRunning(node);
        node.StopTransactionTimer(LingerTimer);
        LingerTimer = default;
    }

    /// <summary>Starts the linger timer; false when <paramref name="linger"/> is zero (reliable transport): the transaction ends now.</summary>
    public bool StartLinger(SipNode node, int kind, long handle, SimTime linger)
    {
        if (linger <= SimTime.Zero)
        {
            return false;
        }

        LingerTimer = node.StartTransactionTimer(linger, kind, Data(handle, Linger));
        return true;
    }
}
