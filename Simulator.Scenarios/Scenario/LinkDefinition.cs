using CpmSim.Core.Random;

namespace CpmSim.Scenarios.Scenario;

/// <summary>A link between two nodes: both directions unless <see cref="Directed"/>.</summary>
public sealed record LinkDefinition
{
    public required string From { get; init; }

    public required string To { get; init; }

    public bool Directed { get; init; }

    public Distribution? Latency { get; init; }

    public double Loss { get; init; }

    public double? BandwidthBitsPerSecond { get; init; }

    public bool Up { get; init; } = true;

    public string Location { get; init; } = string.Empty;
}
