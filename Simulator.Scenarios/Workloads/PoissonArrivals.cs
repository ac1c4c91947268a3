using System.Globalization;
using CpmSim.Core.Kernel;
using CpmSim.Core.Random;

namespace CpmSim.Scenarios.Workloads;

/// <summary>Poisson arrivals: exponential gaps with mean 1/rate.</summary>
public sealed class PoissonArrivals : ArrivalProcess
{
    private readonly double _meanGapNs;

    public PoissonArrivals(double ratePerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        Rate = ratePerSecond;
        _meanGapNs = SimTime.NanosPerSecond / ratePerSecond;
    }

    public double Rate { get; }

    public override long NextGapNs(RandomStream random, long nowNs) => Math.Max(1, (long)Math.Round(random.NextExponential(_meanGapNs)));

    public override double RateAt(long nowNs) => Rate;

    public override string Text => string.Create(CultureInfo.InvariantCulture, $"poisson({Rate}/s)");
}
