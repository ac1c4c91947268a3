using CpmSim.Core.Metrics;

namespace CpmSim.Core.Network;

/// <summary>What a node's ingress saw: counts, waiting times, and time-weighted queue length and busy servers.</summary>
public sealed class NodeStatistics
{
    /// <summary>
    /// Messages that reached the node's ingress; after a <see cref="Reset"/>, plus the messages that were
    /// in the node then (waiting or in service), so that every message served, dropped or rejected in a
    /// window is one of its arrivals: Arrivals = Served + Dropped + Rejected + messages in the node.
    /// </summary>
    public long Arrivals { get; internal set; }

    /// <summary>Messages whose service completed (handled by the node).</summary>
    public long Served { get; internal set; }

    /// <summary>Messages discarded on a full queue (policy Drop).</summary>
    public long Dropped { get; internal set; }

    /// <summary>Messages refused on a full queue (policy Reject).</summary>
    public long Rejected { get; internal set; }

    /// <summary>Messages that started service (waited or not).</summary>
    public long Started { get; internal set; }

    /// <summary>Sum of waiting times in queue, nanoseconds, over <see cref="Started"/> messages.</summary>
    public double TotalWaitNs { get; internal set; }

    /// <summary>Sum of service times, nanoseconds, over <see cref="Started"/> messages.</summary>
    public double TotalServiceNs { get; internal set; }

    /// <summary>Messages waiting (not in service).</summary>
    public TimeWeightedValue QueueLength { get; } = new();

    /// <summary>Servers busy.</summary>
    public TimeWeightedValue BusyServers { get; } = new();

    public double MeanWaitNs => Started == 0 ? 0 : TotalWaitNs / Started;

    /// <summary>Start of the current window: 0, or the time of the last <see cref="Reset"/>.</summary>
    public long Since { get; private set; }

    /// <summary>
    /// The statistics of the window from <see cref="Since"/> to <paramref name="now"/> (not before the
    /// last change), frozen: the figures of an observation window that ends before the run does.
    /// </summary>
    public NodeStatisticsSnapshot Snapshot(long now) => new(
        Since, now, Arrivals, Served, Dropped, Rejected, Started, TotalWaitNs, TotalServiceNs,
        QueueLength.Integral(now), BusyServers.Integral(now), QueueLength.Max,
        (long)(QueueLength.Current + BusyServers.Current));

    /// <summary>
    /// Resets counters and time averages at <paramref name="now"/> (warm-up deletion). The messages in
    /// the node at that moment count as arrivals of the new window (they are served in it).
    /// </summary>
    public void Reset(long now)
    {
        Arrivals = (long)(QueueLength.Current + BusyServers.Current);
        Served = Dropped = Rejected = Started = 0;
        TotalWaitNs = TotalServiceNs = 0;
        QueueLength.Reset(now);
        BusyServers.Reset(now);
        Since = now;
    }
}
