using MathNet.Numerics.Distributions;

namespace CpmSim.Core.Metrics;

/// <summary>
/// The mean of independent replications with its Student-t confidence interval:
/// mean ± t(1 − α/2, n − 1)·s/√n. With one value the half-width is NaN (no interval).
/// </summary>
public readonly record struct ConfidenceInterval(double Mean, double HalfWidth, int N)
{
    public double Low => Mean - HalfWidth;

    public double High => Mean + HalfWidth;

    public bool Contains(double value) => value >= Low && value <= High;

    /// <summary>The interval at <paramref name="level"/> (e.g. 0.95) over the finite values given.</summary>
    public static ConfidenceInterval Of(IEnumerable<double> values, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (level is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level lies strictly between 0 and 1.");
        }

        double[] x = [.. values.Where(double.IsFinite)];
        int n = x.Length;
        if (n == 0)
        {
            return new ConfidenceInterval(double.NaN, double.NaN, 0);
        }

        double mean = x.Average();
        if (n == 1)
        {
            return new ConfidenceInterval(mean, double.NaN, 1);
        }

        double sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        double t = StudentT.InvCDF(0, 1, n - 1, 1 - ((1 - level) / 2));
        return new ConfidenceInterval(mean, t * sd / Math.Sqrt(n), n);
    }
}
