namespace CpmSim.Scenarios.Flows;

/// <summary>What a flow item (and a labelled trace record) is.</summary>
public enum FlowItemKind
{
    /// <summary>A message sent from one role to another.</summary>
    Send,

    /// <summary>A named action inside one role.</summary>
    Action,

    /// <summary>A state between two roles (e.g. a session carrying a stream).</summary>
    State,
}
