using System.Globalization;
using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Scenarios.Scenario;

/// <summary>
/// A bound on a load metric, written <c>METRIC[.STAT] OP VALUE [at RATE]</c>, e.g.
/// <c>modification_delay.p99 &lt; 800ms at 60/s</c>, <c>session_establishment_ratio &gt;= 99.9%</c>,
/// <c>doc &gt;= 40</c>. Delays take a time unit and compare in milliseconds; ratios take a plain number
/// or a percentage. STAT is one of mean, p50, p90, p99, p999, max (default mean).
/// </summary>
public sealed record LoadExpectation(string Text, string Metric, string Stat, string Op, double Value, double? Rate, string Location)
{
    public static readonly string[] Stats = ["mean", "p50", "p90", "p99", "p999", "max"];

    /// <summary>The delays of a load report (<c>summary.csv</c>, in ms): the only metrics with percentiles, bounded by a time.</summary>
    public static readonly string[] DelayMetrics = ["session_request_delay", "modification_delay", "media_added_delay"];

    /// <summary>The metrics of a scenario with faults (<c>faults.csv</c>): not estimates of a steady state, so checked whether the run is steady or not.</summary>
    public static readonly string[] FaultMetrics = ["recovery_time", "fault_success_ratio", "sessions_affected"];

    /// <summary>The ratios of a load report: bounded by a number in [0, 1] or a percentage.</summary>
    public static readonly string[] RatioMetrics = ["steady_state", "session_establishment_ratio", "session_establishment_effectiveness_ratio", "ihs_share", "flow_conformance", "fault_success_ratio"];

    /// <summary>Every metric a bound may name: the rows of a load report (docs/outputs.md) and <c>doc</c>, the design-objective capacity.</summary>
    public static readonly string[] Metrics =
    [
        "measured_from", "measured_to", "steady_state", "sessions_started", "saps", .. Enum.GetValues<SessionOutcome>().Select(o => "outcome_" + Load.LoadReport.OutcomeName(o)),
        "session_request_delay", "modification_delay", "media_added_delay",
        "session_establishment_ratio", "session_establishment_effectiveness_ratio", "ihs_share", "goodput", "flow_conformance",
        "retransmissions", "retransmissions_per_s", "lost_messages", "events", "doc", .. FaultMetrics,
    ];
    private static readonly string[] Ops = ["<=", ">=", "<", ">", "=="];

    public bool IsCapacity => Metric == "doc";

    public bool Holds(double actual) => Op switch
    {
        "<" => actual < Value,
        "<=" => actual <= Value,
        ">" => actual > Value,
        ">=" => actual >= Value,
        _ => Math.Abs(actual - Value) <= 1e-9 * Math.Max(1, Math.Abs(Value)),
    };

    /// <summary>Parses one bound; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string text, string location, out LoadExpectation? expectation, out string? error)
    {
        expectation = null;
        string t = text.Trim();
        double? rate = null;
        int at = t.LastIndexOf(" at ", StringComparison.Ordinal);
        if (at > 0)
        {
            if (!ScenarioLoader.TryParseRate(t[(at + 4)..], out double r))
            {
                error = $"'{text}': '{t[(at + 4)..].Trim()}' after 'at' must be a rate such as 60/s.";
                return false;
            }

            rate = r;
            t = t[..at].Trim();
        }

        string? op = Ops.FirstOrDefault(o => t.Contains(o, StringComparison.Ordinal));
        if (op is null)
        {
            error = $"'{text}' has no comparison: write METRIC OP VALUE with OP one of <, <=, >, >=, ==.";
            return false;
        }

        int opAt = t.IndexOf(op, StringComparison.Ordinal);
        string left = t[..opAt].Trim();
        string right = t[(opAt + op.Length)..].Trim();
        string[] parts = left.Split('.');
        string metric = parts[0];
        string stat = parts.Length > 1 ? parts[1] : "mean";
        if (parts.Length > 2 || !Stats.Contains(stat))
        {
            error = $"'{text}': '{left}' must be METRIC or METRIC.STAT with STAT one of {string.Join(", ", Stats)}.";
            return false;
        }

        if (!Metrics.Contains(metric, StringComparer.Ordinal))
        {
            string? near = Files.YamlDoc.Suggest(metric, Metrics);
            error = $"'{text}': there is no metric '{metric}'." + (near is null ? string.Empty : $" Did you mean '{near}'?") + $" Metrics: {string.Join(", ", Metrics)}.";
            return false;
        }

        bool delay = DelayMetrics.Contains(metric, StringComparer.Ordinal) || metric == "recovery_time";
        if (parts.Length > 1 && !DelayMetrics.Contains(metric, StringComparer.Ordinal) && !(metric == "recovery_time" && stat is "mean" or "max"))
        {
            error = metric == "recovery_time"
                ? $"'{text}': 'recovery_time' has no '{stat}': bound its mean over replications (recovery_time {op} ...) or the longest (recovery_time.max {op} ...)."
                : $"'{text}': '{metric}' is not a delay, so it has no '{stat}'; write '{metric} {op} ...' (its value), or bound a delay ({string.Join(", ", DelayMetrics)}).";
            return false;
        }

        double value;
        bool isTime = Files.Units.TryParseTime(right, out SimTime time, out _) && right.Trim() != "0";
        double pct = 0;
        bool isPercent = right.EndsWith('%') && Files.Units.TryParseFraction(right, double.MinValue, double.MaxValue, out pct, out _);
        if (delay)
        {
            if (!isTime)
            {
                error = $"'{text}': '{metric}' is a delay: '{right}' must be a time with its unit ({SimTime.AcceptedUnits}), e.g. 800ms.";
                return false;
            }

            value = time.TotalMilliseconds;
        }
        else if (isTime)
        {
            error = $"'{text}': '{metric}' is not a delay: '{right}' must be a plain number" + (RatioMetrics.Contains(metric, StringComparer.Ordinal) ? " or a percentage (99.9%)." : ".");
            return false;
        }
        else if (isPercent)
        {
            if (!RatioMetrics.Contains(metric, StringComparer.Ordinal))
            {
                error = $"'{text}': '{metric}' is not a ratio: '{right}' must be a plain number, not a percentage.";
                return false;
            }

            value = pct;
        }
        else if (!double.TryParse(right, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            error = $"'{text}': '{right}' must be a number, a percentage (99.9%) or a time (800ms).";
            return false;
        }

        expectation = new LoadExpectation(text, metric, stat, op, value, rate, location);
        error = null;
        return true;
    }
}
