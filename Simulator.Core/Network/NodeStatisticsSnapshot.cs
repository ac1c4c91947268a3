namespace CpmSim.Core.Network;

/// <summary>
/// A node's statistics frozen at one instant (<see cref="NodeStatistics.Snapshot"/>): the counters and
/// the integrals of queue length and busy servers since the last reset, so that figures over a window
/// ending at <see cref="Time"/> can be computed after the run has gone on.
/// </summary>
/// <param name="From">Start of the window: the last reset (the warm-up's end), nanoseconds.</param>
/// <param name="Time">End of the window, nanoseconds.</param>
/// <param name="Arrivals">Messages that reached the node's ingress in the window.</param>
/// <param name="Served">Messages whose service completed in the window.</param>
/// <param name="Dropped">Messages dropped by a full queue (policy drop).</param>
/// <param name="Rejected">Messages refused by a full queue (policy reject).</param>
/// <param name="Started">Messages whose service started in the window.</param>
/// <param name="TotalWaitNs">Sum of the started messages' queueing waits, nanoseconds.</param>
/// <param name="TotalServiceNs">Sum of the started messages' service times, nanoseconds.</param>
/// <param name="QueueIntegral">∫ messages waiting dt over the window, message·nanoseconds.</param>
/// <param name="BusyIntegral">∫ busy servers dt over the window, server·nanoseconds.</param>
/// <param name="QueueMax">The longest queue seen in the window.</param>
/// <param name="InNode">Messages in the node at <see cref="Time"/> (waiting or in service): Arrivals = Served + Dropped + Rejected + InNode.</param>
public readonly record struct NodeStatisticsSnapshot(
    long From,
    long Time,
    long Arrivals,
    long Served,
    long Dropped,
    long Rejected,
    long Started,
    double TotalWaitNs,
    double TotalServiceNs,
    double QueueIntegral,
    double BusyIntegral,
    double QueueMax,
    long InNode)
{
    /// <summary>Window length in seconds (0 for an empty window).</summary>
    public double Seconds => Math.Max(0, Time - From) / 1e9;

    public double MeanWaitNs => Started == 0 ? 0 : TotalWaitNs / Started;

    public double MeanServiceNs => Started == 0 ? 0 : TotalServiceNs / Started;

    /// <summary>Time-average of messages waiting over the window (0 for an empty window).</summary>
    public double MeanQueue => Time > From ? QueueIntegral / (Time - From) : 0;

    /// <summary>Time-average of busy servers over the window (0 for an empty window).</summary>
    public double MeanBusy => Time > From ? BusyIntegral / (Time - From) : 0;
}
