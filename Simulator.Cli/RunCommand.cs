using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CpmSim.Core.Kernel;
using CpmSim.Core.Metrics;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Wire;
using CpmSim.Scenarios.Workloads;
using Spectre.Console;

namespace CpmSim.Cli;

/// <summary><c>cpmsim run</c>: a load scenario, its replications, a summary table, CSV files and plots.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string?>("SCENARIO") { Description = "A scenario file with a 'workload'. Omit it and give --variant for a built-in one.", Arity = ArgumentArity.ZeroOrOne };
        var variant = new Option<string?>("--variant", "-v") { Description = "A built-in scenario (with --rate if it has no workload)." };
        var seed = new Option<ulong?>("--seed", "-s") { Description = "Master seed (default: the scenario's)." };
        var replications = new Option<int>("--replications", "-r") { Description = "Independent replications (run indices 0..R-1).", DefaultValueFactory = _ => 1 };
        var parallel = new Option<int>("--parallel", "-p") { Description = "Replications run at once (default: cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string?>("--out", "-o") { Description = "Directory for summary.csv, nodes.csv, steps.csv, latency-histogram.csv and plots." };
        var sessions = new Option<long?>("--sessions", "-n") { Description = "Override the workload's number of sessions." };
        var rate = new Option<string?>("--rate") { Description = "Override the arrival rate: Poisson at this rate, e.g. 200/s, 200 (per second) or 6000/min." };
        var record = new Option<string[]>("--record") { Description = "Extra records: 'sessions' writes sessions.csv (memory grows with sessions).", AllowMultipleArgumentsPerToken = true };
        record.AcceptOnlyFromAmong("sessions");
        var noPlots = new Option<bool>("--no-plots") { Description = "Skip the PNG/SVG plots." };
        var pcap = new Option<string?>("--pcap") { Description = "Write the messages of sampled sessions (of replication 0) to this pcap file, for Wireshark." };
        var pcapSessions = new Option<int>("--pcap-sessions") { Description = "How many sampled sessions --pcap captures (the first ones the run samples: one session in 100).", DefaultValueFactory = _ => 10 };
        var fingerprint = new Option<string>("--fingerprint")
        {
            Description = $"Fingerprint ingredients folded in as the events fire, printed per replication and kept in manifest.json (default {Fingerprint.LoadRunIngredients}: about 1% of the run's time; {Fingerprint.DefaultIngredients} adds the message kind for about 7%); 'none': no fingerprint. Codes: {Fingerprint.Describe()}.",
            DefaultValueFactory = _ => Fingerprint.LoadRunIngredients,
        };
        var cmd = new Command("run", "Run a load scenario: sessions arriving by its workload, delays and outcomes with confidence intervals over replications.")
        {
            file, variant, seed, replications, parallel, output, sessions, rate, record, noPlots, pcap, pcapSessions, fingerprint,
        };
        cmd.SetAction(parse =>
        {
            DateTimeOffset started = DateTimeOffset.UtcNow;
            ScenarioDefinition scenario = ScenarioInput.Load(parse.GetValue(file), parse.GetValue(variant));
            WorkloadDefinition workload = Workload(scenario, parse.GetValue(sessions), ParseRate(parse.GetValue(rate)));
            int reps = parse.GetValue(replications);
            int par = parse.GetValue(parallel);
            if (reps < 1 || par < 1)
            {
                throw new CliException($"--replications and --parallel must be at least 1 (got {reps} and {par}).");
            }

            string? ingredients = parse.GetValue(fingerprint) is "none" ? null : parse.GetValue(fingerprint);
            if (ingredients is not null)
            {
                FingerprintCommand.CheckIngredients(ingredients, scenario, "--fingerprint");
            }

            string? outDir = parse.GetValue(output);
            if (outDir is not null)
            {
                OutputDirectory.Prepare(outDir);
            }

            bool recordSessions = (parse.GetValue(record) ?? []).Contains("sessions");
            string? pcapPath = parse.GetValue(pcap);
            SessionCapture? capture = null;
            if (pcapPath is not null)
            {
                int n = parse.GetValue(pcapSessions);
                if (n < 1)
                {
                    throw new CliException($"--pcap-sessions must be at least 1 (got {n}).");
                }

                PcapOut.Check(pcapPath, "--pcap");
                capture = new SessionCapture(n);
            }

            var options = new LoadOptions
            {
                Workload = workload,
                Seed = parse.GetValue(seed),
                RecordSessions = recordSessions,
                Capture = capture,
                QueueSeriesBuckets = outDir is null || parse.GetValue(noPlots) ? 0 : LoadPlots.QueueBuckets,
                Fingerprint = ingredients,
            };
            LoadReport report = RunReplications(scenario, options, reps, par, stdout);
            PrintSummary(report, stdout);
            PrintWindow(report, stdout, stderr);
            PrintFingerprints(report, stdout);
            if (report.Runs.All(r => r.SessionsStarted == 0))
            {
                // Not an error (the run did what was asked), but every figure above is empty: say why.
                string cause = workload.AutoWarmUp || workload.WarmUp > SimTime.Zero
                    ? $"every session started within the warm-up ({(workload.AutoWarmUp ? "auto" : workload.WarmUp.ToString())}), and warm-up sessions are not counted"
                    : "no session started";
                stderr.WriteLine($"warning: no session was measured: {cause}. Hint: give more sessions (--sessions), or a shorter 'warm-up' in the scenario's workload.");
            }
            if (outDir is not null)
            {
                try
                {
                    IReadOnlyList<string> files = LoadReportWriter.WriteAll(report, outDir);
                    if (!parse.GetValue(noPlots))
                    {
                        files = [.. files, .. LoadPlots.WriteAll(report, outDir)];
                    }

                    stdout.WriteLine($"wrote {string.Join(", ", files.Select(Path.GetFileName))} to {outDir}");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CliException($"cannot write to '{outDir}': {e.Message}");
                }
            }

            if (capture is not null)
            {
                PcapOut.Write(pcapPath, "--pcap", capture.WritePcap);
                stdout.WriteLine($"wrote the messages of {capture.Captured.Count} sampled session(s) ({string.Join(", ", capture.Captured.Take(10))}{(capture.Captured.Count > 10 ? ", ..." : string.Empty)}) of replication 0 to {pcapPath}");
            }

            ManifestWriter.Scenario(parse, started, [.. report.Runs.Select(r => r.Fingerprint)]);
            return CliApp.ExitOk;
        });
        return cmd;
    }

    /// <summary>A <c>--rate</c> value: sessions per second as a number, or a rate as in scenario files (<c>200/s</c>, <c>6000/min</c>).</summary>
    public static double? ParseRate(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double perSecond) && perSecond > 0 && !double.IsInfinity(perSecond))
        {
            return perSecond;
        }

        if (ScenarioLoader.TryParseRate(text, out perSecond))
        {
            return perSecond;
        }

        throw new CliException($"--rate '{text}' is not a rate. Hint: write sessions per second, e.g. --rate 200/s or --rate 200 (or 6000/min); it must be positive.");
    }

    public static WorkloadDefinition Workload(ScenarioDefinition scenario, long? sessions, double? rate)
    {
        if (rate is <= 0 || sessions is <= 0)
        {
            throw new CliException("--rate and --sessions must be positive.");
        }

        WorkloadDefinition? w = scenario.Workload;
        if (w is null && rate is null)
        {
            throw new CliException($"{scenario.Source}: scenario '{scenario.Name}' has no 'workload': add one (see docs/scenario-files.md) or give --rate R [--sessions N].");
        }

        w ??= new WorkloadDefinition { Arrivals = new PoissonArrivals(rate!.Value), Sessions = sessions ?? 1000 };
        if (rate is double r)
        {
            w = w with { Arrivals = new PoissonArrivals(r) };
        }

        if (sessions is long n)
        {
            w = w with { Sessions = n };
        }

        return w;
    }

    public static LoadReport RunReplications(ScenarioDefinition scenario, LoadOptions options, int replications, int parallel, TextWriter stdout)
    {
        var results = new RunMetrics[replications];
        long started = 0;
        long ended = 0;
        long events = 0;
        long planned = (options.Workload.Sessions ?? 0) * replications;
        int[] gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        TimeSpan pauseBefore = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        bool live = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        long lastLine = 0;
        var progressLock = new object();
        void OnProgress(LoadProgress p, ref long lastStarted, ref long lastEnded, ref long lastEvents)
        {
            Interlocked.Add(ref started, p.SessionsStarted - lastStarted);
            Interlocked.Add(ref ended, p.SessionsEnded - lastEnded);
            Interlocked.Add(ref events, p.Events - lastEvents);
            (lastStarted, lastEnded, lastEvents) = (p.SessionsStarted, p.SessionsEnded, p.Events);
            long now = clock.ElapsedMilliseconds;
            if (!live && now - Interlocked.Read(ref lastLine) >= 2000)
            {
                lock (progressLock)
                {
                    if (now - lastLine >= 2000)
                    {
                        lastLine = now;
                        stdout.WriteLine(Line(p.Now, Interlocked.Read(ref started), Interlocked.Read(ref ended), planned, Interlocked.Read(ref events), clock.Elapsed));
                    }
                }
            }
        }

        void RunOne(int i, Action<LoadProgress>? progress) =>
            results[i] = LoadRunner.Run(scenario, options with { RunIndex = i, Progress = progress, Capture = i == 0 ? options.Capture : null });

        void RunAll(Func<int, Action<LoadProgress>> progressFor) =>
            Parallel.For(0, replications, new ParallelOptions { MaxDegreeOfParallelism = parallel }, i => RunOne(i, progressFor(i)));

        Action<LoadProgress> Tracker()
        {
            long s = 0, e = 0, ev = 0;
            return p => OnProgress(p, ref s, ref e, ref ev);
        }

        if (live)
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    ProgressTask task = ctx.AddTask($"{scenario.Name}: {replications} replication(s)", maxValue: Math.Max(1, planned));
                    using var timer = new Timer(_ =>
                    {
                        task.Value = Interlocked.Read(ref ended);
                        task.Description = $"{scenario.Name}: {Interlocked.Read(ref ended):N0} sessions done, {Interlocked.Read(ref events) / Math.Max(0.001, clock.Elapsed.TotalSeconds) / 1e6:F2} M events/s";
                    }, null, 0, 250);
                    RunAll(_ => Tracker());
                    task.Value = task.MaxValue;
                });
        }
        else
        {
            RunAll(_ => Tracker());
        }

        clock.Stop();
        long totalEvents = results.Sum(r => r.EventsProcessed);
        long totalSessions = results.Sum(r => r.SessionsStarted);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{replications} replication(s), {totalSessions:N0} measured sessions, {totalEvents:N0} events in {clock.Elapsed.TotalSeconds:F2} s wall ({totalEvents / clock.Elapsed.TotalSeconds / 1e6:F2} M events/s, {totalSessions / clock.Elapsed.TotalSeconds:N0} sessions/s)"));
        foreach (RunMetrics r in results.Where(r => r.WarmUpDetection is not null))
        {
            MserResult cut = r.WarmUpDetection!.Value;
            string limit = cut.AtLimit ? "; the cut hit the search limit (half the run): the run is too short to leave its transient, make it longer" : string.Empty;
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warm-up (auto, replication {r.RunIndex}): {r.MeasuredFrom} — MSER-5 deleted the first {cut.Truncated:N0} sessions of the pilot run ({cut.Batches:N0} batches of 5){limit}."));
        }

        // The simulator's own overhead, for whoever tunes a large run: garbage collections and the
        // time the program was paused for them.
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gc: {GC.CollectionCount(0) - gcBefore[0]} gen0, {GC.CollectionCount(1) - gcBefore[1]} gen1, {GC.CollectionCount(2) - gcBefore[2]} gen2 collections; paused {(GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds:F2} s ({100 * (GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds / clock.Elapsed.TotalSeconds:F0}% of wall)"));
        return new LoadReport(scenario.Name, results);
    }

    private static string Line(SimTime now, long started, long ended, long planned, long events, TimeSpan wall)
    {
        double rate = ended / Math.Max(0.001, wall.TotalSeconds);
        string eta = planned > 0 && rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, (planned - ended) / rate)).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "?";
        return string.Create(CultureInfo.InvariantCulture,
            $"progress: virtual {now}, sessions {ended:N0}/{(planned > 0 ? planned.ToString("N0", CultureInfo.InvariantCulture) : "?")} done ({started - ended:N0} in progress), {events / Math.Max(0.001, wall.TotalSeconds) / 1e6:F2} M events/s, heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576:N0} MB, ETA {eta}");
    }

    /// <summary>The observation window of each replication, and a warning for each that was not in steady state.</summary>
    public static void PrintWindow(LoadReport report, TextWriter stdout, TextWriter stderr)
    {
        foreach (RunMetrics r in report.Runs)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"replication {r.RunIndex}: measured from {r.MeasuredFrom} (end of warm-up) to {r.MeasuredTo} (last arrival), {r.WindowSeconds:0.###} s; the run ended at {r.EndTime}"));
            if (r.SteadyStateProblem is string problem)
            {
                stderr.WriteLine($"warning: replication {r.RunIndex} is not in steady state: {problem}. Its means and confidence intervals describe a transient, not the system's behaviour at this load; lower the load, or lengthen the run if it is still warming up.");
            }
        }
    }

    /// <summary>Each replication's fingerprint, when the run folded one in (the value for <c>expect: fingerprint</c> with <c>fingerprint-sessions</c> of this run's sessions, replication 0).</summary>
    public static void PrintFingerprints(LoadReport report, TextWriter stdout)
    {
        foreach (RunMetrics r in report.Runs.Where(r => r.Fingerprint is not null))
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fingerprint (replication {r.RunIndex}): {r.Fingerprint}"));
        }
    }

    public static void PrintSummary(LoadReport report, TextWriter stdout)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = Math.Max(console.Profile.Width, 170);
        string steady = report.IsSteady ? string.Empty : "; NOT STEADY: figures of a transient";
        var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape($"{report.Scenario}: summary ({report.Runs.Count} replication(s), 95% CI{steady})"));
        foreach (string h in new[] { "metric", "unit", "mean", "95% CI", "p50", "p90", "p99", "p99.9", "max", "n" })
        {
            table.AddColumn(h == "metric" || h == "unit" ? new TableColumn(h) : new TableColumn(h).RightAligned());
        }

        foreach (SummaryRow r in report.Rows)
        {
            string ci = double.IsFinite(r.Ci95Low) ? $"{LoadReportWriter.Num(Math.Round(r.Ci95Low, 3))} – {LoadReportWriter.Num(Math.Round(r.Ci95High, 3))}{(r.Steady ? string.Empty : " (not steady)")}" : string.Empty;
            table.AddRow(r.Metric, r.Unit, Short(r.Mean), ci, Short(r.P50), Short(r.P90), Short(r.P99), Short(r.P999), Short(r.Max), r.N.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }

    private static string Short(double v) => double.IsFinite(v) ? LoadReportWriter.Num(Math.Round(v, 3)) : string.Empty;
}
