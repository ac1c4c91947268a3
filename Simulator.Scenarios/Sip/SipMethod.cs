namespace CpmSim.Scenarios.Sip;

public enum SipMethod
{
    Invite,
    Ack,
    Bye,
    Message,

    /// <summary>RFC 3311 UPDATE: here only the session refresh of RFC 4028 (no SDP, no ACK).</summary>
    Update,

    /// <summary>CANCEL (RFC 3261 §9): asks the next hop to stop an INVITE in progress; hop by hop, same branch as the INVITE.</summary>
    Cancel,
}
