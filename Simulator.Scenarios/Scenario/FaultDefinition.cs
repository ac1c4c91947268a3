using CpmSim.Core.Kernel;
using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Scenario;

/// <summary>
/// One entry of a scenario's <c>faults:</c> list, checked and resolved to the node instances and
/// directed links it touches.
/// </summary>
public sealed record FaultDefinition
{
    public required FaultKind Kind { get; init; }

    /// <summary>When the fault begins (virtual time from the start of the run).</summary>
    public SimTime At { get; init; }

    /// <summary>How long it lasts; null: to the end of the run (a crashed node never restarts).</summary>
    public SimTime? For { get; init; }

    /// <summary>The node instances a crash or silence touches.</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>The directed links (from, to) a link fault or partition touches.</summary>
    public IReadOnlyList<(string From, string To)> Links { get; init; } = [];

    /// <summary>The loss process of a loss fault.</summary>
    public LossModel? Loss { get; init; }

    /// <summary>The added latency of a delay fault.</summary>
    public SimTime Delay { get; init; }

    /// <summary>A short description, e.g. <c>crash iwf-mms-1</c>, for outputs.</summary>
    public string Label { get; init; } = string.Empty;

    /// <summary>Where it was written (<c>file:line:column</c>).</summary>
    public string Location { get; init; } = string.Empty;

    /// <summary>The end of the fault in nanoseconds, or <see cref="long.MaxValue"/> when it lasts to the end of the run (or would end past the end of the clock).</summary>
    public long EndNs => For is SimTime f && f.Nanoseconds <= long.MaxValue - At.Nanoseconds ? At.Nanoseconds + f.Nanoseconds : long.MaxValue;
}
