using System.CommandLine;
using System.Globalization;
using CpmSim.Core.Csv;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Sweeps;
using CsvHelper;
using ScottPlot;

namespace CpmSim.Cli;

/// <summary>
/// <c>cpmsim sweep</c> and <c>cpmsim merge</c>: a parameter grid × replications, in parallel on local
/// cores or cut into shards for a cluster (Slurm job arrays, Kubernetes Indexed Jobs), and the merge
/// of shard outputs into exactly what one process writes.
/// </summary>
internal static class SweepCommand
{
    public static Command Sweep(TextWriter stdout)
    {
        var file = new Argument<string>("SWEEP") { Description = "A sweep file (YAML), e.g. scenarios/sweep-demo.yaml." };
        var parallel = new Option<int>("--parallel", "-p") { Description = "Runs at once on this machine (default: cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of N: 'i/N' (0-based), or 'auto/N' to take i from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX." };
        var output = new Option<string>("--out", "-o") { Description = "Output directory (runs.csv, points.csv, latency-vs-load plot).", DefaultValueFactory = _ => "sweep-out" };
        var noPlots = new Option<bool>("--no-plots") { Description = "Skip the plot." };
        var cmd = new Command("sweep", "Run a parameter study: every grid point × replications; reproducible run by run, shardable across machines.")
        {
            file, parallel, shard, output, noPlots,
        };
        cmd.SetAction(parse =>
        {
            DateTimeOffset started = DateTimeOffset.UtcNow;
            SweepDefinition sweep;
            try
            {
                sweep = SweepLoader.LoadFile(parse.GetValue(file)!);
            }
            catch (FileErrorException e)
            {
                throw new CliException(e.Message);
            }

            (int i, int n) = ParseShard(parse.GetValue(shard));
            int par = parse.GetValue(parallel);
            if (par < 1)
            {
                throw new CliException($"--parallel must be at least 1 (got {par}).");
            }

            string outDir = parse.GetValue(output)!;
            Run(sweep, i, n, par, outDir, !parse.GetValue(noPlots) && n == 1, stdout);
            ManifestWriter.Sweep(outDir, parse, sweep, i, n, started);
            return CliApp.ExitOk;
        });
        return cmd;
    }

    /// <summary>Runs shard <paramref name="i"/>/<paramref name="n"/> of a sweep and writes its files (also used by <c>rerun</c>).</summary>
    internal static void Run(SweepDefinition sweep, int i, int n, int par, string outDir, bool plots, TextWriter stdout)
    {
        {
            OutputDirectory.Prepare(outDir);
            stdout.WriteLine($"sweep {sweep.Name}: {sweep.Points.Count} point(s) × {sweep.Replications} replication(s) = {sweep.RunCount} runs; shard {i}/{n}: {Enumerable.Range(0, sweep.RunCount).Count(id => id % n == i)} runs on {par} core(s)");
            int lastPrinted = -1;
            RunTable table = SweepRunner.Run(sweep, i, n, par, (done, total) =>
            {
                int tenth = done * 10 / total;
                if (tenth != Interlocked.Exchange(ref lastPrinted, tenth))
                {
                    stdout.WriteLine($"progress: {done}/{total} runs");
                }
            });
            Write(table, outDir, stdout, plots);
        }
    }

    public static Command Merge(TextWriter stdout)
    {
        var inputs = new Argument<string[]>("DIR") { Description = "Shard output directories (each with a runs.csv).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "Directory for the merged runs.csv, points.csv and plot.", Required = true };
        var expect = new Option<int?>("--expect-runs") { Description = "Fail unless exactly this many runs were merged (the sweep's run count)." };
        var cmd = new Command("merge", "Merge shard outputs of a sweep into what one process would have written.") { inputs, output, expect };
        cmd.SetAction(parse =>
        {
            DateTimeOffset started = DateTimeOffset.UtcNow;
            RunTable? table = null;
            foreach (string dir in parse.GetValue(inputs)!)
            {
                string path = Path.Combine(dir, "runs.csv");
                if (!File.Exists(path))
                {
                    throw new CliException($"'{dir}' has no runs.csv: give the --out directories of the shards.");
                }

                try
                {
                    List<string[]> rows = RunTable.ReadRuns(path, out IReadOnlyList<string> parameters);
                    table ??= new RunTable(parameters);
                    if (!table.Parameters.SequenceEqual(parameters))
                    {
                        throw new CliException($"{path}: its sweep varies {Describe(parameters)}, the first shard's {Describe(table.Parameters)}: merge shards of one sweep.");
                    }

                    table.AddRows(rows, path);
                }
                catch (InvalidDataException e)
                {
                    throw new CliException(e.Message);
                }
            }

            table ??= new RunTable();
            if (parse.GetValue(expect) is int want && want != table.Count)
            {
                throw new CliException($"merged {table.Count} runs but the sweep has {want}: a shard is missing or incomplete.", CliApp.ExitFailed);
            }

            Write(table, parse.GetValue(output)!, stdout, plots: true);
            ManifestWriter.Merge(parse.GetValue(output)!, parse, parse.GetValue(inputs)!, table.Count, started);
            return CliApp.ExitOk;
        });
        return cmd;
    }

    private static string Describe(IReadOnlyList<string> parameters) => parameters.Count == 0 ? "no key paths" : string.Join(", ", parameters);

    internal static (int I, int N) ParseShard(string? text)
    {
        if (text is null)
        {
            return (0, 1);
        }

        string[] parts = text.Split('/');
        string? index = parts.Length == 2 && parts[0] == "auto"
            ? Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID") ?? Environment.GetEnvironmentVariable("JOB_COMPLETION_INDEX")
            : parts.Length == 2 ? parts[0] : null;
        if (parts.Length == 2 && parts[0] == "auto" && index is null)
        {
            throw new CliException("--shard auto/N needs SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX in the environment; give --shard i/N otherwise.");
        }

        if (index is not null && int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out int i) &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && i < n)
        {
            return (i, n);
        }

        throw new CliException($"--shard '{text}' must be i/N with 0 ≤ i < N, e.g. 0/4 (or auto/N).");
    }

    private static void Write(RunTable table, string outDir, TextWriter stdout, bool plots)
    {
        try
        {
            Directory.CreateDirectory(outDir);
            using (var w = new StreamWriter(Path.Combine(outDir, "runs.csv")))
            {
                table.WriteRuns(w);
            }

            string pointsPath = Path.Combine(outDir, "points.csv");
            using (var w = new StreamWriter(pointsPath))
            {
                table.WritePoints(w);
            }

            stdout.WriteLine($"wrote runs.csv ({table.Count} runs) and points.csv to {outDir}");
            if (plots)
            {
                foreach ((Plot plot, string name) in new[] { (LatencyVsLoad(pointsPath), "latency-vs-load"), (GoodputVsLoad(pointsPath), "goodput-vs-load") })
                {
                    foreach (string f in LoadPlots.Save(plot, outDir, name))
                    {
                        stdout.WriteLine($"wrote {Path.GetFileName(f)}");
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write to '{outDir}': {e.Message}");
        }
    }

    /// <summary>The swept points of <c>points.csv</c> per scenario, ordered by rate: a column reader per scenario.</summary>
    internal static IEnumerable<(string Scenario, double[] Rates, Func<string, double[]> Column)> PointsByScenario(string pointsCsv)
    {
        var rows = new List<string[]>();
        string[] header;
        using (CsvReader csv = CsvReader.FromFile(pointsCsv, CsvFiles.Reader(hasHeader: true)))
        {
            header = [.. csv.Headers];
            while (csv.Read())
            {
                rows.Add([.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)]);
            }
        }

        int Col(string name) => Array.IndexOf(header, name);
        static double Parse(string[] row, int at) => at >= 0 && at < row.Length && double.TryParse(row[at], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;
        int rate = Col("rate");

        // A line per scenario and combination of the other swept values (key paths, sessions, mms-share).
        int[] others = [Col("sessions"), Col("mms_share"), .. Enumerable.Range(Col("mms_share") + 1, Math.Max(0, Col("replications") - Col("mms_share") - 1))];
        string Label(string[] row)
        {
            string name = Path.GetFileNameWithoutExtension(row[Col("scenario")]);
            string[] varied = [.. others.Where(i => i >= 0 && rows.Select(r => r[i]).Distinct().Count() > 1).Select(i => $"{header[i]}={row[i]}")];
            return varied.Length == 0 ? name : $"{name} ({string.Join(", ", varied)})";
        }

        foreach (IGrouping<string, string[]> line in rows.Where(c => !double.IsNaN(Parse(c, rate))).GroupBy(Label))
        {
            var ordered = line.OrderBy(c => Parse(c, rate)).ToList();
            yield return (line.Key, [.. ordered.Select(c => Parse(c, rate))], name => [.. ordered.Select(c => Parse(c, Col(name)))]);
        }
    }

    private static string Replications(SortedSet<double> counts) => counts.Count == 0 ? "replications"
        : (counts.Count == 1 ? counts.Min.ToString(CultureInfo.InvariantCulture) : $"{counts.Min.ToString(CultureInfo.InvariantCulture)}–{counts.Max.ToString(CultureInfo.InvariantCulture)}") + (counts.Max == 1 ? " replication" : " replications");

    /// <summary>Goodput (successful sessions per second) and retransmissions per second against offered load, one pair of lines per scenario.</summary>
    public static Plot GoodputVsLoad(string pointsCsv)
    {
        var plot = new Plot();
        var reps = new SortedSet<double>();
        foreach ((string name, double[] x, Func<string, double[]> column) in PointsByScenario(pointsCsv))
        {
            reps.UnionWith(column("replications"));
            var good = plot.Add.Scatter(x, column("goodput_per_s_mean"));
            good.LegendText = $"{name}: goodput (sessions/s)";

            // Retransmissions per second of arrivals: sessions / rate is the arrival period.
            double[] sessions = column("sessions_started_mean");
            var re = plot.Add.Scatter(x, [.. column("retransmissions_mean").Select((r, i) => r / Math.Max(1e-9, sessions[i] / x[i]))]);
            re.LegendText = $"{name}: retransmissions/s (right axis)";
            re.Axes.YAxis = plot.Axes.Right;
            re.MarkerShape = MarkerShape.OpenSquare;
        }

        plot.Title($"Goodput and retransmissions vs offered load (mean over {Replications(reps)} per point)");
        plot.XLabel("offered load (sessions/s)");
        plot.YLabel("goodput (successful sessions/s)");
        plot.Axes.Right.Label.Text = "retransmissions per second";
        plot.ShowLegend();
        return plot;
    }

    /// <summary>Mean modification delay (with its 95% CI) and mean p99 against offered load, one line per scenario.</summary>
    public static Plot LatencyVsLoad(string pointsCsv)
    {
        var plot = new Plot();
        var reps = new SortedSet<double>();
        foreach ((string name, double[] x, Func<string, double[]> column) in PointsByScenario(pointsCsv))
        {
            reps.UnionWith(column("replications"));
            double[] mean = column("modification_delay_mean_ms_mean");
            var line = plot.Add.Scatter(x, mean);
            line.LegendText = $"{name}: mean";
            double[] high = column("modification_delay_mean_ms_ci95_high");
            var bars = plot.Add.ErrorBar(x, mean, [.. high.Select((h, i) => double.IsNaN(h) ? 0 : h - mean[i])]);
            bars.Color = line.Color;
            var tail = plot.Add.Scatter(x, column("modification_delay_p99_ms_mean"));
            tail.LegendText = $"{name}: p99";
            tail.Color = line.Color;
            tail.MarkerShape = MarkerShape.OpenSquare;
        }

        plot.Title($"Modification delay vs offered load (95% CI over {Replications(reps)} per point)");
        plot.XLabel("offered load (sessions/s)");
        plot.YLabel("modification delay (ms)");
        plot.ShowLegend();
        return plot;
    }
}
