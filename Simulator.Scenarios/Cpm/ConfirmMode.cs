namespace CpmSim.Scenarios.Cpm;

/// <summary>When an IWF answers a CPM Session Invitation with OK.</summary>
public enum ConfirmMode
{
    /// <summary>At once: the IWF stands in for the non-CPM user (typical for CPM-SMS chat).</summary>
    Immediate,

    /// <summary>After converting the invitation and receiving the non-CPM service's ack (seed steps 14–17).</summary>
    NonCpmAck,
}
