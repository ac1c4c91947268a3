using System.Globalization;
using CpmSim.Core.Metrics;
using MathNet.Numerics.Distributions;

namespace CpmSim.Scenarios.Compare;

/// <summary>
/// Two load runs' summary metrics with the difference B − A and its 95% confidence interval. When both runs
/// have the same replications with the same seeds (common random numbers: every node draws from a stream
/// derived from the seed, the run index and its name), the interval is paired — Student-t over the
/// per-replication differences — and reported next to the unpaired (Welch) interval it replaces, whose width
/// shows what pairing gained. Otherwise the Welch interval is the answer.
/// </summary>
public static class RunComparison
{
    public sealed record Row(string Metric, string Unit, double MeanA, double MeanB, double Difference, double Low, double High, bool Paired, double PairedWidth, double WelchWidth, int N);

    /// <summary>Compares the per-replication values (metric → values by run index) of two runs.</summary>
    public static IReadOnlyList<Row> Of(
        IReadOnlyList<(string Metric, string Unit, IReadOnlyList<double> Values)> a,
        IReadOnlyList<(string Metric, string Unit, IReadOnlyList<double> Values)> b,
        bool commonRandomNumbers)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var rows = new List<Row>();
        foreach ((string metric, string unit, IReadOnlyList<double> va) in a)
        {
            var match = b.FirstOrDefault(x => x.Metric == metric);
            if (match.Values is not { } vb)
            {
                continue;
            }

            double ma = va.Average(), mb = vb.Average();
            if (!va.All(double.IsFinite) || !vb.All(double.IsFinite))
            {
                // A metric without a value in some replication (a delay when no session was measured): no interval.
                rows.Add(new Row(metric, unit, ma, mb, mb - ma, double.NaN, double.NaN, false, double.NaN, double.NaN, Math.Min(va.Count, vb.Count)));
                continue;
            }

            double welch = WelchHalfWidth(va, vb);
            bool paired = commonRandomNumbers && va.Count == vb.Count && va.Count >= 2;
            double pairedHalf = double.NaN;
            if (paired)
            {
                ConfidenceInterval d = ConfidenceInterval.Of(va.Zip(vb, (x, y) => y - x));
                pairedHalf = d.HalfWidth;
            }

            double half = paired ? pairedHalf : welch;
            double diff = mb - ma;
            rows.Add(new Row(metric, unit, ma, mb, diff, diff - half, diff + half, paired, 2 * pairedHalf, 2 * welch, Math.Min(va.Count, vb.Count)));
        }

        return rows;
    }

    /// <summary>Half-width of the Welch 95% interval of the difference of two means (NaN with fewer than two values on a side).</summary>
    public static double WelchHalfWidth(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count < 2 || b.Count < 2)
        {
            return double.NaN;
        }

        double va = Variance(a) / a.Count, vb = Variance(b) / b.Count;
        double se = Math.Sqrt(va + vb);
        if (se == 0)
        {
            return 0;
        }

        double df = (va + vb) * (va + vb) / ((va * va / (a.Count - 1)) + (vb * vb / (b.Count - 1)));
        return StudentT.InvCDF(0, 1, df, 0.975) * se;
    }

    private static double Variance(IReadOnlyList<double> x)
    {
        double m = x.Average();
        return x.Sum(v => (v - m) * (v - m)) / (x.Count - 1);
    }

    public static string Format(double v) => double.IsFinite(v) ? v.ToString("0.######", CultureInfo.InvariantCulture) : string.Empty;
}
