namespace CpmSim.Scenarios.Load;

/// <summary>
/// One node's ingress figures over a run's observation window (end of warm-up → last arrival):
/// Arrivals = Served + Dropped + Rejected + InNodeAtEnd.
/// </summary>
public sealed record NodeReport(
    long Retransmissions,
    string Node,
    string Kind,
    int Servers,
    long Arrivals,
    long Served,
    long Dropped,
    long Rejected,
    double Utilisation,
    double MeanQueue,
    double MaxQueue,
    double MeanWaitMs,
    double MeanServiceMs,
    double MeanInSystem,
    double ThroughputPerSecond,
    long InNodeAtEnd = 0);
