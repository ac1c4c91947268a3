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

    /// <summary>The kind of unit the values were written in (set by <c>DistributionParser</c>; plain otherwise).</summary>
    public DistributionUnit Unit { get; internal set; }

    /// <summary>Analytic mean, in base units.</summary>
    public abstract double Mean { get; }

    /// <summary>Analytic variance, in base units squared.</summary>
    public abstract double Variance { get; }

    /// <summary>One draw in base units.</summary>
    public abstract double Sample(RandomStream random);

    /// <summary>
    /// One draw as a time: nanoseconds rounded to the nearest, never negative. A draw past the
    /// clock's range (above <see cref="SimTime.MaxValue"/>, about 292 years, which an unbounded
    /// distribution such as <c>exp(mean=2000000h)</c> can reach) saturates to
    /// <see cref="SimTime.MaxValue"/>: "not within this run".
    /// </summary>
    public SimTime SampleTime(RandomStream random)
    {
        double ns = Math.Round(Sample(random));
        return ns <= 0 ? SimTime.Zero
            : ns < long.MaxValue ? new SimTime((long)ns)
            : SimTime.MaxValue; // also NaN, which no distribution here draws
    }

    public override string ToString() => Text;
}
