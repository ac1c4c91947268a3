using CpmSim.Core.Kernel;

namespace CpmSim.Scenarios.Sip;

/// <summary>RFC 3261 timer values (§17, Table 4). Timer B, F and H are 64·T1.</summary>
public sealed record SipTimers
{
    /// <summary>The longest T1 whose 64·T1 (Timer B, F, H) the clock can hold: <see cref="SimTime.MaxValue"/> / 64, about 40031 h.</summary>
    public static readonly SimTime MaxT1 = SimTime.MaxValue / 64;

    public SimTime T1 { get; init; } = SimTime.FromMilliseconds(500);

    public SimTime T2 { get; init; } = SimTime.FromSeconds(4);

    public SimTime T4 { get; init; } = SimTime.FromSeconds(5);

    /// <summary>INVITE client transaction timeout.</summary>
    public SimTime TimerB => SixtyFourT1;

    /// <summary>Non-INVITE client transaction timeout.</summary>
    public SimTime TimerF => SixtyFourT1;

    /// <summary>Wait time for ACK retransmissions at the INVITE server transaction (unreliable transport).</summary>
    public SimTime TimerH => SixtyFourT1;

    /// <summary>64·T1, saturated at <see cref="SimTime.MaxValue"/> for a T1 above <see cref="MaxT1"/> (scenario files reject such a T1).</summary>
    private SimTime SixtyFourT1 => T1 > MaxT1 ? SimTime.MaxValue : T1 * 64;

    public static SipTimers Default { get; } = new();
}
