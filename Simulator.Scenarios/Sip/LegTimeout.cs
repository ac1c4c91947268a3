namespace CpmSim.Scenarios.Sip;

/// <summary>Which timer of a leg's INVITE client transaction ended it without a final response.</summary>
public enum LegTimeout
{
    /// <summary>Timer B (64·T1): no response at all, in Calling (RFC 3261 §17.1.1.2).</summary>
    TimerB,

    /// <summary>Timer C: no final response within Timer C of the last provisional one, in Proceeding; the layer cancelled the INVITE (§16.6 step 11, §9.1).</summary>
    TimerC,
}
