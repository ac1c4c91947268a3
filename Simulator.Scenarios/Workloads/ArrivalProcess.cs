using CpmSim.Core.Random;

namespace CpmSim.Scenarios.Workloads;

/// <summary>When sessions start: a sequence of interarrival times.</summary>
public abstract class ArrivalProcess
{
    /// <summary>The gap to the next arrival from <paramref name="nowNs"/>, in nanoseconds; -1 when no more arrivals come.</summary>
    public abstract long NextGapNs(RandomStream random, long nowNs);

    /// <summary>The offered rate (sessions per second) at <paramref name="nowNs"/>.</summary>
    public abstract double RateAt(long nowNs);

    /// <summary>A short text form, e.g. <c>poisson(200/s)</c>.</summary>
    public abstract string Text { get; }

    public override string ToString() => Text;
}
