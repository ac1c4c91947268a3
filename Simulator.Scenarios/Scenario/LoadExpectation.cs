using System.Globalization;
using CpmSim.Core.Kernel;
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

        double value;
        if (SimTime.TryParse(right, out SimTime time, out _))
        {
            value = time.TotalMilliseconds;
        }
        else if (right.EndsWith('%') && double.TryParse(right[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double pct))
        {
            value = pct / 100;
        }
        else if (!double.TryParse(right, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            error = $"'{text}': '{right}' must be a number, a percentage (99.9%) or a time (800ms).";
            return false;
        }

        expectation = new LoadExpectation(text, metric, stat, op, value, rate, location);
        error = null;
        return true;
    }
}
