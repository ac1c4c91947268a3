using System.Globalization;
using CpmSim.Core.Csv;
using CpmSim.Core.Metrics;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Load;
using CsvHelper;

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
        "media_added_delay_mean_ms", "session_establishment_ratio", "ihs_share", "goodput_per_s", "retransmissions", "lost_messages", "events",
    ];

    /// <summary>The header of a <c>runs.csv</c> of a sweep without key-path parameters.</summary>
    public static readonly string Header = HeaderOf([]);

    private static readonly string[] Fixed = SweepPoint.Header.Split(',');

    private static readonly string[] Tail = ["replication", "seed", .. MetricColumns];

    /// <summary>The columns of <c>runs.csv</c>; rows are read and aggregated by these names, not by fixed offsets.</summary>
    private readonly string[] _columns;

    private readonly int _pointColumns;

    private readonly int _metricsAt;

    private const int RunAt = 0;

    private const int PointAt = 1;

    private readonly SortedDictionary<int, string[]> _rows = [];

    /// <summary>A table for a sweep without key-path parameters.</summary>
    public RunTable()
        : this([])
    {
    }

    /// <summary>A table whose point columns end with the sweep's key-path parameters (named by their paths).</summary>
    public RunTable(IReadOnlyList<string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = [.. parameters];
        _columns = ["run", .. Fixed, .. Parameters, .. Tail];
        _pointColumns = Fixed.Length + Parameters.Count;
        _metricsAt = Array.IndexOf(_columns, MetricColumns[0]);
    }

    /// <summary>The sweep's key-path parameters (columns after <c>mms_share</c>).</summary>
    public IReadOnlyList<string> Parameters { get; }

    /// <summary>The header line of this table's <c>runs.csv</c>.</summary>
    public string HeaderLine => string.Join(',', _columns);

    private static string HeaderOf(IEnumerable<string> parameters) => string.Join(',', new[] { "run" }.Concat(SweepPoint.Header.Split(',')).Concat(parameters).Concat(["replication", "seed"]).Concat(MetricColumns));

    public IReadOnlyCollection<string[]> Rows => _rows.Values;

    public int Count => _rows.Count;

    public void Add(int runId, SweepPoint point, int replication, ulong seed, RunMetrics m)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(m);
        IEnumerable<string> metrics =
        [
            I(m.SessionsStarted), .. Enum.GetValues<SessionOutcome>().Select(o => I(m.Outcomes[o])),
            N(m.SessionRequestDelay.MeanMs), N(m.ModificationDelay.MeanMs), N(m.ModificationDelay.PercentileMs(50)), N(m.ModificationDelay.PercentileMs(99)),
            N(m.MediaAddedDelay.MeanMs), N(m.SessionEstablishmentRatio), N(m.IhsShare), N(m.GoodputPerSecond),
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
            if (row.Length != _columns.Length || !int.TryParse(row[RunAt], NumberStyles.None, CultureInfo.InvariantCulture, out int id))
            {
                throw new InvalidDataException($"{source}: a row has no run number (or {row.Length} columns instead of {_columns.Length}); the file is damaged, or its sweep varies other parameters.");
            }

            if (!_rows.TryAdd(id, row))
            {
                throw new InvalidDataException($"{source}: run {id} appears in more than one input; each shard must be merged once.");
            }
        }
    }

    public void WriteRuns(TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        using CsvWriter csv = CsvWriter.Create(w, CsvFiles.Writer, leaveOpen: true);
        csv.WriteRecord(_columns);
        foreach (string[] row in _rows.Values)
        {
            csv.WriteRecord(row);
        }
    }

    /// <summary>Per point: mean and 95% Student-t interval (low, high) over its replications, for every metric.</summary>
    public void WritePoints(TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        using CsvWriter csv = CsvWriter.Create(w, CsvFiles.Writer, leaveOpen: true);
        csv.WriteRecord([.. Fixed, .. Parameters, "replications", .. MetricColumns.SelectMany(c => new[] { c + "_mean", c + "_ci95_low", c + "_ci95_high" })]);
        foreach (IGrouping<string, string[]> point in _rows.Values.GroupBy(r => r[PointAt]).OrderBy(g => int.Parse(g.Key, CultureInfo.InvariantCulture)))
        {
            string[] first = point.First();
            var cells = new List<string>(first[PointAt..(PointAt + _pointColumns)]) { I(point.Count()) };
            for (int c = 0; c < MetricColumns.Length; c++)
            {
                ConfidenceInterval ci = ConfidenceInterval.Of(point.Select(r => double.TryParse(r[_metricsAt + c], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN));
                cells.Add(N(ci.Mean));
                cells.Add(N(ci.Low));
                cells.Add(N(ci.High));
            }

            csv.WriteRecord([.. cells]);
        }
    }

    /// <summary>Reads a <c>runs.csv</c> of a sweep without key-path parameters; the header must be this version's.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read, is not a runs.csv of this version or is damaged; the message says where.</exception>
    public static List<string[]> ReadRuns(string path) => ReadRuns(path, out _);

    /// <summary>Reads a <c>runs.csv</c> and the key-path parameters its header names; the rest of the header must be this version's.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read, is not a runs.csv of this version or is damaged; the message says where.</exception>
    public static List<string[]> ReadRuns(string path, out IReadOnlyList<string> parameters)
    {
        try
        {
            using CsvReader csv = CsvReader.FromFile(path, CsvFiles.Reader(hasHeader: true));
            string[] header = [.. csv.Headers];
            int fixedEnd = 1 + Fixed.Length;
            if (header.Length < fixedEnd + Tail.Length || !header.AsSpan(0, fixedEnd).SequenceEqual(["run", .. Fixed]) || !header.AsSpan(header.Length - Tail.Length).SequenceEqual(Tail))
            {
                throw new InvalidDataException($"{path}: not a runs.csv of this cpmsim version (its first line should be '{Header[..40]}...').");
            }

            parameters = header[fixedEnd..^Tail.Length];
            var rows = new List<string[]>();
            while (csv.Read())
            {
                if (csv.FieldCount != header.Length)
                {
                    throw new InvalidDataException($"{path}:{csv.LineNumber}: {csv.FieldCount} columns, expected {header.Length}; the file is damaged.");
                }

                var row = new string[header.Length];
                for (int i = 0; i < row.Length; i++)
                {
                    row[i] = csv.GetString(i);
                }

                if (!int.TryParse(row[RunAt], NumberStyles.None, CultureInfo.InvariantCulture, out _) || !int.TryParse(row[PointAt], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    throw new InvalidDataException($"{path}:{csv.LineNumber}: '{row[RunAt]}' and '{row[PointAt]}' should be the run and point numbers; the file is damaged.");
                }

                rows.Add(row);
            }

            return rows;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CsvFormatException)
        {
            throw new InvalidDataException($"{path}: cannot be read as a runs.csv: {e.Message}", e);
        }
    }

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string N(double v) => LoadReportWriter.Num(v);
}
