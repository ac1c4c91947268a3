namespace CpmSim.Scenarios.Sip;

public enum SipMethod
{
    Invite,
    Ack,
    Bye,
    Message,

    /// <summary>RFC 3311 UPDATE: here only the session refresh of RFC 4028 (no SDP, no ACK).</summary>
    Update,
}
