namespace CpmSim.Scenarios.Cpm;

/// <summary>How a node spreads new sessions over the instances of a peer.</summary>
public enum BalancePolicy
{
    /// <summary>Session id modulo the number of instances: a session always meets the same instance.</summary>
    SessionHash,

    /// <summary>Each new session to the next instance in turn.</summary>
    RoundRobin,
}
