namespace CpmSim.Core.Tracing;

public enum TraceKind
{
    /// <summary>A message sent from one node to another (arrival time set, or lost).</summary>
    Send,

    /// <summary>A named internal action of a node, e.g. "interworking selection".</summary>
    Action,

    /// <summary>A state reached, e.g. "session established".</summary>
    State,
}
