namespace CpmSim.Scenarios.Scenario;

/// <summary>The node kinds a scenario file can declare.</summary>
public enum NodeKind
{
    CpmClient,
    CpmServer,
    SipCore,
    Isf,
    Iwf,
    Smsc,
    Mmsc,
    NonCpmUser,
}
