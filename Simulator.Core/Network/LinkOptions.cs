using CpmSim.Core.Random;

namespace CpmSim.Core.Network;

/// <summary>The properties of a directed link.</summary>
public sealed record LinkOptions
{
    /// <summary>Propagation latency per message; zero when null.</summary>
    public Distribution? Latency { get; init; }

    /// <summary>Probability in [0, 1) that a message is lost.</summary>
    public double LossProbability { get; init; }

    /// <summary>Bits per second; when set, a message also waits for the link and takes size·8/bandwidth to serialise.</summary>
    public double? BandwidthBitsPerSecond { get; init; }

    /// <summary>True (default) when the link is up.</summary>
    public bool Up { get; init; } = true;
}
