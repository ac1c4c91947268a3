using System.Globalization;
using CpmSim.Core.Metrics;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Load;

namespace CpmSim.Scenarios.Sweeps;

/// <summary>
/// The runs of a sweep, one row each (<c>runs.csv</c>), and their aggregation per point
/// (<c>points.csv</c>). Points are always computed from the rows as written, so a table merged from
/// shards gives byte for byte what one process writes.
/// </summary>
public sealed class RunTable
{
    public static readonly string[] MetricColumns =
    [
        "sessions_started", .. Enum.GetValues<SessionOutcome>().Select(o => "outcome_" + LoadReport.OutcomeName(o)),
        "session_request_delay_mean_ms", "modification_delay_mean_ms", "modification_delay_p50_ms", "modification_delay_p99_ms",
        "new_session_delay_mean_ms", "session_establishment_ratio", "ihs_share", "goodput_per_s", "retransmissions", "lost_messages", "events",
    ];

    public static readonly string Header = "run," + SweepPoint.Header + ",replication,seed," + string.Join(',', MetricColumns);

    private readonly SortedDictionary<int, string[]> _rows = [];

    public IReadOnlyCollection<string[]> Rows => _rows.Values;

    public int Count => _rows.Count;

    public void Add(int runId, SweepPoint point, int replication, ulong seed, RunMetrics m)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(m);
        double measured = Math.Max(1e-9, (m.EndTime - m.MeasuredFrom).TotalSeconds);
        IEnumerable<string> metrics =
        [
            I(m.SessionsStarted), .. Enum.GetValues<SessionOutcome>().Select(o => I(m.Outcomes[o])),
            N(m.SessionRequestDelay.MeanMs), N(m.ModificationDelay.MeanMs), N(m.ModificationDelay.PercentileMs(50)), N(m.ModificationDelay.PercentileMs(99)),
            N(m.NewSessionDelay.MeanMs), N(m.SessionEstablishmentRatio), N(m.IhsShare), N(m.Outcomes[SessionOutcome.Success] / measured),
            I(m.Retransmissions), I(m.LostMessages), I(m.EventsProcessed),
        ];
        string[] row = [I(runId), .. point.Columns, I(replication), seed.ToString(CultureInfo.InvariantCulture), .. metrics];
        lock (_rows)
        {
            _rows.Add(runId, row);
        }
    }

    /// <summary>Adds rows read from another table (a shard); a run present twice is an error.</summary>
    public void AddRows(IEnumerable<string[]> rows, string source)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (string[] row in rows)
        {
            int id = int.Parse(row[0], CultureInfo.InvariantCulture);
            if (!_rows.TryAdd(id, row))
            {
                throw new InvalidDataException($"{source}: run {id} appears in more than one input; each shard must be merged once.");
            }
        }
    }

    public void WriteRuns(TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.Write(Header + "\n");
        foreach (string[] row in _rows.Values)
        {
            w.Write(string.Join(',', row.Select(Quote)) + "\n");
        }
    }

    /// <summary>Per point: mean and 95% Student-t half-width over its replications, for every metric.</summary>
    public void WritePoints(TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        int metricsAt = 1 + 5 + 2;
        w.Write(SweepPoint.Header + ",replications," + string.Join(',', MetricColumns.SelectMany(c => new[] { c + "_mean", c + "_ci95" })) + "\n");
        foreach (IGrouping<string, string[]> point in _rows.Values.GroupBy(r => r[1]).OrderBy(g => int.Parse(g.Key, CultureInfo.InvariantCulture)))
        {
            string[] first = point.First();
            var cells = new List<string>(first[1..6]) { I(point.Count()) };
            for (int c = 0; c < MetricColumns.Length; c++)
            {
                ConfidenceInterval ci = ConfidenceInterval.Of(point.Select(r => double.TryParse(r[metricsAt + c], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN));
                cells.Add(N(ci.Mean));
                cells.Add(N(ci.HalfWidth));
            }

            w.Write(string.Join(',', cells.Select(Quote)) + "\n");
        }
    }

    /// <summary>Reads a <c>runs.csv</c>; the header must be this version's.</summary>
    public static List<string[]> ReadRuns(string path)
    {
        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header)
        {
            throw new InvalidDataException($"{path}: not a runs.csv of this cpmsim version (its first line should be '{Header[..40]}...').");
        }

        int width = Header.Split(',').Length;
        var rows = new List<string[]>();
        for (int i = 1; i < lines.Length; i++)
        {
            string[] cells = SplitCsv(lines[i]);
            if (cells.Length != width)
            {
                throw new InvalidDataException($"{path}:{i + 1}: {cells.Length} columns, expected {width}; the file is damaged.");
            }

            rows.Add(cells);
        }

        return rows;
    }

    private static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var cur = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cur.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cur.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cur.ToString());
                cur.Clear();
            }
            else
            {
                cur.Append(c);
            }
        }

        cells.Add(cur.ToString());
        return [.. cells];
    }

    private static string Quote(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string N(double v) => LoadReportWriter.Num(v);
}
