using CpmSim.Core.Kernel;
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

    /// <summary>
    /// True for a reliable, ordered transport (TCP): a message the link would lose is sent again after
    /// a retransmission time-out instead (<see cref="RetransmissionTimeout"/>, doubling for each further
    /// loss of the same message up to <see cref="MaxRetransmissionTimeout"/>), so loss shows as delay;
    /// and messages arrive in the order they were sent (a message never overtakes an earlier one, so a
    /// retransmitted message holds back those behind it, as TCP's in-order delivery does). A link that
    /// is down still loses every message. False (default): a datagram link (UDP), where a lost message is gone.
    /// </summary>
    public bool Reliable { get; init; }

    /// <summary>The first retransmission time-out of a reliable link: RFC 6298's initial RTO of 1 s by default.</summary>
    public SimTime RetransmissionTimeout { get; init; } = SimTime.FromSeconds(1);

    /// <summary>The largest retransmission time-out of a reliable link (RFC 6298 §2.5 allows a cap of at least 60 s).</summary>
    public SimTime MaxRetransmissionTimeout { get; init; } = SimTime.FromSeconds(60);
}
