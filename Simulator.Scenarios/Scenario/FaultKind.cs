namespace CpmSim.Scenarios.Scenario;

/// <summary>What a fault of a scenario's <c>faults:</c> list does.</summary>
public enum FaultKind
{
    /// <summary>A link is down in both directions.</summary>
    LinkDown,

    /// <summary>A link loses messages (a fixed share, or in bursts).</summary>
    LinkLoss,

    /// <summary>A link's latency grows by a fixed delay.</summary>
    LinkDelay,

    /// <summary>A node crashes: its state is lost, it restarts empty when the fault ends.</summary>
    NodeCrash,

    /// <summary>A node receives but sends nothing.</summary>
    NodeSilent,

    /// <summary>Groups of nodes cannot reach each other: every link between two groups is down.</summary>
    Partition,
}
