namespace CpmSim.Core.Experiments;

/// <summary>What one queueing replication measured after warm-up (times in seconds).</summary>
public sealed record QueueingResult(
    double MeanWaitSeconds,
    double MeanQueueLength,
    double MeanInSystem,
    double Utilisation,
    double ArrivalRatePerSecond,
    double MeanSojournSeconds,
    long Jobs,
    long Events);
