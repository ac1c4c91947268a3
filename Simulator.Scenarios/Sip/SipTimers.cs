using CpmSim.Core.Kernel;

namespace CpmSim.Scenarios.Sip;

/// <summary>RFC 3261 timer values (§17, Table 4). Timer B and F are 64·T1.</summary>
public sealed record SipTimers
{
    public SimTime T1 { get; init; } = SimTime.FromMilliseconds(500);

    public SimTime T2 { get; init; } = SimTime.FromSeconds(4);

    public SimTime T4 { get; init; } = SimTime.FromSeconds(5);

    /// <summary>INVITE client transaction timeout.</summary>
    public SimTime TimerB => T1 * 64;

    /// <summary>Non-INVITE client transaction timeout.</summary>
    public SimTime TimerF => T1 * 64;

    /// <summary>Wait time for ACK retransmissions at the INVITE server transaction (unreliable transport).</summary>
    public SimTime TimerH => T1 * 64;

    public static SipTimers Default { get; } = new();
}
