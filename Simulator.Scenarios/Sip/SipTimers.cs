using CpmSim.Core.Kernel;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// RFC 3261 timer values (§17, Table 4; Timer B, F and H are 64·T1) and the RFC 4028 session
/// interval (Session-Expires) of the session timers.
/// </summary>
public sealed record SipTimers
{
    /// <summary>The longest T1 whose 64·T1 (Timer B, F, H) the clock can hold: <see cref="SimTime.MaxValue"/> / 64, about 40031 h.</summary>
    public static readonly SimTime MaxT1 = SimTime.MaxValue / 64;

    public SimTime T1 { get; init; } = SimTime.FromMilliseconds(500);

    public SimTime T2 { get; init; } = SimTime.FromSeconds(4);

    public SimTime T4 { get; init; } = SimTime.FromSeconds(5);

    /// <summary>RFC 4028 Min-SE: the shortest session interval allowed (90 s).</summary>
    public static readonly SimTime MinSessionExpires = SimTime.FromSeconds(90);

    /// <summary>
    /// RFC 4028 session interval (Session-Expires), default 1800 s. The caller (UAC) of each dialog
    /// refreshes it every half interval with an UPDATE (refresher=uac); the callee (UAS) releases a
    /// dialog that saw no refresh for a whole interval. <see cref="SimTime.Zero"/>: no session timers.
    /// </summary>
    public SimTime SessionExpires { get; init; } = SimTime.FromSeconds(1800);

    /// <summary>Session timers run (<see cref="SessionExpires"/> is set): off only when a scenario says <c>session-expires: none</c>.</summary>
    public bool HasSessionTimers => SessionExpires > SimTime.Zero;

    /// <summary>When the refresher sends the next refresh: half the session interval (RFC 4028 §10).</summary>
    public SimTime RefreshInterval => SessionExpires / 2;

    /// <summary>INVITE client transaction timeout.</summary>
    public SimTime TimerB => SixtyFourT1;

    /// <summary>Non-INVITE client transaction timeout.</summary>
    public SimTime TimerF => SixtyFourT1;

    /// <summary>Wait time for the ACK of a non-2xx final at the INVITE server transaction.</summary>
    public SimTime TimerH => SixtyFourT1;

    /// <summary>How long a completed INVITE client transaction absorbs copies of its final (unreliable transport): at least 32 s.</summary>
    public SimTime TimerD => SixtyFourT1 > ThirtyTwoSeconds ? SixtyFourT1 : ThirtyTwoSeconds;

    /// <summary>How long a completed non-INVITE server transaction absorbs copies of its request (unreliable transport).</summary>
    public SimTime TimerJ => SixtyFourT1;

    /// <summary>How long an accepted INVITE server transaction absorbs copies of its request (RFC 6026).</summary>
    public SimTime TimerL => SixtyFourT1;

    /// <summary>How long an accepted INVITE client transaction passes copies of the 2xx to its user (RFC 6026, unreliable transport).</summary>
    public SimTime TimerM => SixtyFourT1;

    /// <summary>
    /// Timer C (RFC 3261 §16.6 step 11): how long an INVITE may stay in Proceeding (a provisional
    /// came, no final) before its sender cancels it. More than 3 minutes.
    /// </summary>
    public SimTime TimerC { get; init; } = SimTime.FromSeconds(181);

    private static readonly SimTime ThirtyTwoSeconds = SimTime.FromSeconds(32);

    /// <summary>64·T1, saturated at <see cref="SimTime.MaxValue"/> for a T1 above <see cref="MaxT1"/> (scenario files reject such a T1).</summary>
    private SimTime SixtyFourT1 => T1 > MaxT1 ? SimTime.MaxValue : T1 * 64;

    public static SipTimers Default { get; } = new();
}
