using System.Globalization;
using CpmSim.Core.Metrics;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Scenarios.Load;

/// <summary>
/// The metrics a statistical baseline keeps per replication (<c>cpmsim baseline record</c>) and
/// <c>cpmsim check --baseline</c> compares, paired by seed: each replication of the check re-runs the
/// baseline's replication with the same seed and run index, so the two see the same arrivals and draws
/// (common random numbers) and their difference measures the change of the model, not noise.
/// </summary>
public static class BaselineMetrics
{
    private static readonly string[] DelayStats = ["mean", "p50", "p90", "p99", "p999", "max"];

    /// <summary>Ratios (in [0, 1]): their tolerance is absolute, in percentage points.</summary>
    private static readonly string[] Ratios = ["session_establishment_ratio", "session_establishment_effectiveness_ratio", "ihs_share", "flow_conformance"];

    /// <summary>Higher is better for these; for every other metric lower is better.</summary>
    private static readonly string[] HigherIsBetter = ["session_establishment_ratio", "session_establishment_effectiveness_ratio", "flow_conformance", "goodput"];

    /// <summary>Every metric a baseline keeps, in <c>replications.csv</c> column order.</summary>
    public static readonly string[] Names =
    [
        .. LoadExpectation.DelayMetrics.SelectMany(d => DelayStats.Select(s => d + "." + s)),
        .. Ratios,
        "goodput", "retransmissions_per_s", "lost_messages",
    ];

    /// <summary>What <c>check --baseline</c> compares when the scenario and the command name none: the delays' means and p99s, the ratios (IHS among them).</summary>
    public static readonly string[] Default =
    [
        .. LoadExpectation.DelayMetrics.SelectMany(d => new[] { d + ".mean", d + ".p99" }),
        .. Ratios,
    ];

    /// <summary>Default tolerance of a delay (and of goodput, retransmissions, losses): 2% of the baseline's value.</summary>
    public const double DefaultRelativeTolerance = 0.02;

    /// <summary>Default tolerance of a ratio: 0.1 percentage points.</summary>
    public const double DefaultRatioTolerance = 0.001;

    public static bool IsRatio(string metric) => Ratios.Contains(metric, StringComparer.Ordinal);

    public static bool IsHigherBetter(string metric) => HigherIsBetter.Contains(metric, StringComparer.Ordinal);

    public static double DefaultTolerance(string metric) => IsRatio(metric) ? DefaultRatioTolerance : DefaultRelativeTolerance;

    /// <summary>A run's value of every metric in <see cref="Names"/> (NaN when it has no sample, e.g. no file was added).</summary>
    public static double[] Values(RunMetrics run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var values = new List<double>(Names.Length);
        foreach (LatencyRecorder d in new[] { run.SessionRequestDelay, run.ModificationDelay, run.MediaAddedDelay })
        {
            values.Add(d.MeanMs);
            values.Add(d.PercentileMs(50));
            values.Add(d.PercentileMs(90));
            values.Add(d.PercentileMs(99));
            values.Add(d.PercentileMs(99.9));
            values.Add(d.MaxMs);
        }

        values.Add(run.SessionEstablishmentRatio);
        values.Add(run.SessionEstablishmentRatio); // RFC 6076 SEER: the model has no user-caused failures (see LoadReport)
        values.Add(run.IhsShare);
        values.Add(run.SampledSessions == 0 ? double.NaN : (double)run.SampledConforming / run.SampledSessions);
        values.Add(run.GoodputPerSecond);
        values.Add(run.RetransmissionsPerSecond);
        values.Add(run.LostMessages);
        return [.. values];
    }

    /// <summary>Parses <c>METRIC: TOLERANCE</c> (a percentage, e.g. <c>5%</c>, or a fraction such as 0.05).</summary>
    public static bool TryParseTolerance(string metric, string text, string location, out RegressionTolerance? tolerance, out string? problem)
    {
        tolerance = null;
        metric = (metric ?? string.Empty).Trim();
        if (!Names.Contains(metric, StringComparer.Ordinal))
        {
            string? near = Files.YamlDoc.Suggest(metric, Names);
            string hint = LoadExpectation.DelayMetrics.Contains(metric, StringComparer.Ordinal) ? $" A delay needs its statistic, e.g. '{metric}.p99'." : string.Empty;
            problem = $"there is no baseline metric '{metric}'." + (near is null ? string.Empty : $" Did you mean '{near}'?") + hint;
            return false;
        }

        if (!Files.Units.TryParseFraction(text, 0, 1000, out double value, out _) || double.IsNaN(value))
        {
            problem = $"'{text}' for '{metric}' is not a tolerance: write a percentage such as 5% (of the baseline's value; for a ratio, percentage points).";
            return false;
        }

        tolerance = new RegressionTolerance(metric, value, location);
        problem = null;
        return true;
    }

    /// <summary>
    /// The comparison of one metric, paired by replication: the mean of the differences (now − baseline)
    /// with its 95% Student-t interval, the change relative to the baseline's mean, and the verdict. A
    /// metric fails when it got worse by more than its tolerance and the interval excludes no change
    /// (with one replication there is no interval: the point difference decides).
    /// </summary>
    public static BaselineVerdict Compare(string metric, IReadOnlyList<double> baseline, IReadOnlyList<double> current, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        if (baseline.Count != current.Count || baseline.Count == 0)
        {
            throw new ArgumentException($"paired comparison needs as many current values as baseline values ({current.Count} vs {baseline.Count}).", nameof(current));
        }

        int n = baseline.Count;
        int nanBase = baseline.Count(double.IsNaN);
        int nanNow = current.Count(double.IsNaN);
        if (nanBase == n && nanNow == n)
        {
            return new BaselineVerdict(metric, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, tolerance, true, "no samples in the baseline nor now (nothing to compare)");
        }

        var pairs = Enumerable.Range(0, n).Where(i => !double.IsNaN(baseline[i]) && !double.IsNaN(current[i])).ToList();
        if (pairs.Count == 0 || nanBase != nanNow)
        {
            return new BaselineVerdict(metric, Mean(baseline), Mean(current), double.NaN, double.NaN, double.NaN, tolerance, false,
                $"samples in {n - nanBase} baseline replication(s) but {n - nanNow} now: the runs no longer measure the same thing");
        }

        double[] diffs = [.. pairs.Select(i => current[i] - baseline[i])];
        ConfidenceInterval ci = ConfidenceInterval.Of(diffs);
        double baseMean = pairs.Average(i => baseline[i]);
        double nowMean = pairs.Average(i => current[i]);
        double diff = ci.Mean;
        double sign = IsHigherBetter(metric) ? -1 : 1; // positive: worse
        double worse = sign * diff;
        double allowed = IsRatio(metric) ? tolerance : tolerance * Math.Abs(baseMean);
        double worseLow = n > 1 && double.IsFinite(ci.HalfWidth) ? worse - ci.HalfWidth : worse; // the better end of the interval
        bool significant = worseLow > 0;
        bool passed = !(worse > allowed && significant);
        return new BaselineVerdict(metric, baseMean, nowMean, diff, diff - (double.IsFinite(ci.HalfWidth) ? ci.HalfWidth : double.NaN), diff + (double.IsFinite(ci.HalfWidth) ? ci.HalfWidth : double.NaN), tolerance, passed, null);
    }

    private static double Mean(IReadOnlyList<double> values)
    {
        var v = values.Where(x => !double.IsNaN(x)).ToList();
        return v.Count == 0 ? double.NaN : v.Average();
    }

    /// <summary>A number as baseline files and reports write it (invariant, round-trip).</summary>
    public static string Format(double v) => double.IsNaN(v) ? string.Empty : v.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>One metric of <c>check --baseline</c>: means, the paired difference (now − baseline) with its 95% interval, and the verdict.</summary>
public sealed record BaselineVerdict(string Metric, double Baseline, double Current, double Difference, double CiLow, double CiHigh, double Tolerance, bool Passed, string? Problem)
{
    /// <summary>The difference relative to the baseline's mean (NaN when that is 0 or unknown).</summary>
    public double Relative => Baseline != 0 && double.IsFinite(Baseline) ? Difference / Math.Abs(Baseline) : double.NaN;

    public override string ToString()
    {
        if (Problem is not null)
        {
            return $"{Metric}: {Problem}" + (Passed ? string.Empty : " — FAILED");
        }

        bool ratio = BaselineMetrics.IsRatio(Metric);
        string F(double v) => double.IsFinite(v) ? Math.Round(v, 4).ToString("0.####", CultureInfo.InvariantCulture) : "n/a";
        string rel = ratio ? $"{F(Difference * 100)} points" : double.IsFinite(Relative) ? $"{(Relative >= 0 ? "+" : string.Empty)}{F(Relative * 100)}%" : "n/a";
        string ci = double.IsFinite(CiLow) ? $"95% CI [{F(CiLow)}, {F(CiHigh)}]" : "no CI (one replication)";
        string tol = ratio ? $"{F(Tolerance * 100)} points" : $"{F(Tolerance * 100)}%";
        return $"{Metric}: baseline {F(Baseline)}, now {F(Current)}, difference {(Difference >= 0 ? "+" : string.Empty)}{F(Difference)} ({rel}), {ci}; tolerance {tol} — {(Passed ? "ok" : "WORSE")}";
    }
}
