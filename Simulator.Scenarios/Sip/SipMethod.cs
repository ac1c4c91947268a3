namespace CpmSim.Scenarios.Sip;

public enum SipMethod
{
    Invite,
    Ack,
    Bye,
    Message,
}
