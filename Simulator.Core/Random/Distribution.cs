using CpmSim.Core.Kernel;

namespace CpmSim.Core.Random;

/// <summary>
/// A probability distribution given as data (see <c>DistributionParser</c>). Values are in base
/// units: nanoseconds for times, plain numbers otherwise.
/// </summary>
public abstract class Distribution
{
    protected Distribution(string text) => Text = text;

    /// <summary>The canonical text form, e.g. <c>exp(mean=5ms)</c>.</summary>
    public string Text { get; }

    /// <summary>Analytic mean, in base units.</summary>
    public abstract double Mean { get; }

    /// <summary>Analytic variance, in base units squared.</summary>
    public abstract double Variance { get; }

    /// <summary>One draw in base units.</summary>
    public abstract double Sample(RandomStream random);

    /// <summary>One draw as a time: nanoseconds rounded to the nearest, never negative.</summary>
    public SimTime SampleTime(RandomStream random)
    {
        double ns = Sample(random);
        return ns <= 0 ? SimTime.Zero : new SimTime(checked((long)Math.Round(ns)));
    }

    public override string ToString() => Text;
}
