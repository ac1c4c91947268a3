using System.Globalization;
using CpmSim.Core.Kernel;
using CpmSim.Core.Random;

namespace CpmSim.Scenarios.Workloads;

/// <summary>Evenly spaced arrivals at a rate.</summary>
public sealed class ConstantArrivals : ArrivalProcess
{
    private readonly long _gapNs;

    public ConstantArrivals(double ratePerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        Rate = ratePerSecond;
        _gapNs = Math.Max(1, (long)Math.Round(SimTime.NanosPerSecond / ratePerSecond));
    }

    public double Rate { get; }

    public override long NextGapNs(RandomStream random, long nowNs) => _gapNs;

    public override double RateAt(long nowNs) => Rate;

    public override string Text => string.Create(CultureInfo.InvariantCulture, $"constant({Rate}/s)");
}
