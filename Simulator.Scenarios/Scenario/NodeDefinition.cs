using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Kinds;

namespace CpmSim.Scenarios.Scenario;

/// <summary>
/// One node of a scenario, as declared: its kind, the keys every node has, and the values of its
/// kind's own keys (<see cref="Options"/>, as the kind's <see cref="NodeKey"/>s read them).
/// </summary>
public sealed record NodeDefinition
{
    public required string Name { get; init; }

    public required NodeKind Kind { get; init; }

    /// <summary>Where it was declared (<c>file:line:column</c>), for errors.</summary>
    public string Location { get; init; } = string.Empty;

    public ProcessingDefinition? Processing { get; init; }

    /// <summary>The name as declared: several instances (<c>instances: N</c>, named NAME-1..NAME-N) share it.</summary>
    public string Group { get; init; } = string.Empty;

    /// <summary>How peers spread new sessions over this group's instances.</summary>
    public BalancePolicy Balance { get; init; } = BalancePolicy.SessionHash;

    /// <summary>The node's IPv4 address in the pcap export (<c>ip:</c>); null: assigned (see <see cref="Wire.WireAddresses"/>).</summary>
    public string? Ip { get; init; }

    /// <summary>The values of its kind's keys; a key left out has none (the kind's default applies).</summary>
    public NodeOptions Options { get; init; } = NodeOptions.Empty;
}
