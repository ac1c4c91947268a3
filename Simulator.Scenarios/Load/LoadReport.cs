using CpmSim.Core.Metrics;
using CpmSim.Scenarios.Cpm;
using HdrHistogram;

namespace CpmSim.Scenarios.Load;

/// <summary>The replications of one load scenario, summarised: <c>summary.csv</c> rows, pooled histograms and steps.</summary>
public sealed class LoadReport
{
    public LoadReport(string scenario, IReadOnlyList<RunMetrics> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            throw new ArgumentException("A report needs at least one run.", nameof(runs));
        }

        Scenario = scenario;
        Runs = runs;
        Rows = BuildRows();
    }

    public string Scenario { get; }

    public IReadOnlyList<RunMetrics> Runs { get; }

    public IReadOnlyList<SummaryRow> Rows { get; }

    /// <summary>Each summary metric's value in each replication, by run index (<c>replications.csv</c>): what a paired comparison of two runs needs.</summary>
    public IReadOnlyList<(string Metric, string Unit, IReadOnlyList<double> Values)> PerReplication => _perReplication;

    private readonly List<(string Metric, string Unit, IReadOnlyList<double> Values)> _perReplication = [];

    public SummaryRow this[string metric] => Rows.First(r => r.Metric == metric);

    /// <summary>True when every replication's observation window was in steady state.</summary>
    public bool IsSteady => Runs.All(r => r.IsSteady);

    /// <summary>snake_case name of an outcome, as in <c>outcome_file_rejected</c>.</summary>
    public static string OutcomeName(SessionOutcome o) => string.Concat(o.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>All runs' samples of a histogram, pooled.</summary>
    public LongHistogram Pooled(Func<RunMetrics, LongHistogram> pick)
    {
        LongHistogram all = RunMetrics.NewHistogram();
        foreach (RunMetrics r in Runs)
        {
            all.Add(pick(r));
        }

        return all;
    }

    /// <summary>Mean and 95% Student-t interval over replications (NaN bounds for one run).</summary>
    public static (double Mean, double Low, double High) MeanCi(IReadOnlyList<double> values)
    {
        ConfidenceInterval ci = ConfidenceInterval.Of(values);
        return (ci.Mean, ci.Low, ci.High);
    }

    private List<SummaryRow> BuildRows()
    {
        var rows = new List<SummaryRow>();
        bool steady = Runs.All(r => r.IsSteady);
        // The Student-t interval is cut to what the quantity can be (a ratio lies in [0, 1]; counts
        // and delays are not negative): the true value lies there, so the cut never loses coverage,
        // and a table does not show a share of -0.05 from two noisy replications.
        void Count(string metric, string unit, Func<RunMetrics, double> value)
        {
            double[] values = [.. Runs.Select(value)];
            _perReplication.Add((metric, unit, values));
            (double mean, double low, double high) = MeanCi(values);
            double max = unit == "ratio" ? 1 : double.PositiveInfinity;
            rows.Add(new SummaryRow(metric, unit, mean, Math.Clamp(low, 0, max), Math.Clamp(high, 0, max), double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, Runs.Count, steady));
        }

        void Delay(string metric, Func<RunMetrics, LatencyRecorder> pick)
        {
            double[] values = [.. Runs.Select(r => pick(r).MeanMs)];
            _perReplication.Add((metric, "ms", values));
            (double mean, double low, double high) = MeanCi(values);
            (low, high) = (Math.Max(0, low), Math.Max(0, high));
            LongHistogram all = Pooled(r => pick(r).Histogram);
            bool any = all.TotalCount > 0;
            double P(double p) => any ? all.GetValueAtPercentile(p) / 1000.0 : double.NaN;
            rows.Add(new SummaryRow(metric, "ms", mean, low, high, P(50), P(90), P(99), P(99.9), any ? all.GetMaxValue() / 1000.0 : double.NaN, all.TotalCount, steady));
        }

        Count("measured_from", "s", r => r.MeasuredFrom.TotalSeconds);
        Count("measured_to", "s", r => r.MeasuredTo.TotalSeconds);
        Count("steady_state", "ratio", r => r.IsSteady ? 1 : 0);
        Count("sessions_started", "sessions", r => r.SessionsStarted);
        Count("saps", "per_s", r => r.AttemptsPerSecond);
        foreach (SessionOutcome o in Enum.GetValues<SessionOutcome>())
        {
            Count("outcome_" + OutcomeName(o), "sessions", r => r.Outcomes[o]);
        }

        Delay("session_request_delay", r => r.SessionRequestDelay);
        Delay("modification_delay", r => r.ModificationDelay);
        Delay("media_added_delay", r => r.MediaAddedDelay);
        Count("session_establishment_ratio", "ratio", r => r.SessionEstablishmentRatio);

        // RFC 6076 §4.7: effectiveness excludes failures the user caused (busy, decline); the model
        // has none, so SEER equals SER here.
        Count("session_establishment_effectiveness_ratio", "ratio", r => r.SessionEstablishmentRatio);
        Count("ihs_share", "ratio", r => r.IhsShare);
        Count("goodput", "per_s", r => r.GoodputPerSecond);
        Count("flow_conformance", "ratio", r => r.SampledSessions == 0 ? double.NaN : (double)r.SampledConforming / r.SampledSessions);
        Count("retransmissions", "messages", r => r.Retransmissions);
        Count("retransmissions_per_s", "per_s", r => r.RetransmissionsPerSecond);
        Count("lost_messages", "messages", r => r.LostMessages);
        Count("events", "events", r => r.EventsProcessed);
        if (Runs[0].Faults.Count > 0)
        {
            // Only for a scenario with faults, so that the summary of one without is as it was.
            // recovery_time: each run's longest recovery (+∞ when one never recovered; a fault without
            // an end has none); mean over the runs, and the longest of all as max.
            double[] recoveries = [.. Runs.Select(r => r.Faults.Select(f => f.RecoveryTimeSeconds).Where(x => !double.IsNaN(x)).DefaultIfEmpty(double.NaN).Max() * 1000)];
            var finite = recoveries.Where(double.IsFinite).ToList();
            (double rMean, double rLow, double rHigh) = finite.Count == recoveries.Length && finite.Count > 0 ? MeanCi(finite) : (recoveries.Any(double.IsPositiveInfinity) ? double.PositiveInfinity : double.NaN, double.NaN, double.NaN);
            rows.Add(new SummaryRow("recovery_time", "ms", rMean, Math.Max(0, rLow), Math.Max(0, rHigh), double.NaN, double.NaN, double.NaN, double.NaN, recoveries.Length == 0 ? double.NaN : recoveries.Max(), recoveries.Count(x => !double.IsNaN(x)), steady));
            Count("fault_success_ratio", "ratio", r => r.Faults.Select(f => f.SuccessRatioDuring).Where(x => !double.IsNaN(x)).DefaultIfEmpty(double.NaN).Min());
            Count("sessions_affected", "sessions", r => r.Faults.Sum(f => f.SessionsAffected));
        }

        return rows;
    }
}
