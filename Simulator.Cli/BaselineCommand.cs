using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CpmSim.Core.Csv;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Workloads;
using CsvHelper;

namespace CpmSim.Cli;

/// <summary>
/// <c>cpmsim baseline record SCENARIO --replications N --out DIR</c>: runs a load scenario's replications and
/// keeps each one's metrics (<c>replications.csv</c>, see <see cref="BaselineMetrics"/>) with the run manifest
/// (<c>manifest.json</c>, its <c>baseline</c> block naming the format, the sessions and the file).
/// <c>cpmsim check SCENARIO --baseline DIR</c> re-runs the same seeds and replications and compares, paired by seed.
/// </summary>
internal static class BaselineCommand
{
    public const string ValuesFile = "replications.csv";

    /// <summary>The baseline format; a reader refuses another.</summary>
    public const int Format = 1;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string?>("SCENARIO") { Description = "A scenario file with a 'workload'. Omit it and give --variant for a built-in one.", Arity = ArgumentArity.ZeroOrOne };
        var variant = new Option<string?>("--variant", "-v") { Description = "A built-in load scenario." };
        var seed = new Option<ulong?>("--seed", "-s") { Description = "Master seed (default: the scenario's)." };
        var replications = new Option<int>("--replications", "-r") { Description = "Replications (run indices 0..N-1); more give narrower intervals.", DefaultValueFactory = _ => 5 };
        var parallel = new Option<int>("--parallel", "-p") { Description = "Replications run at once (does not change the results).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string>("--out", "-o") { Description = "Directory for manifest.json and replications.csv.", Required = true };
        var sessions = new Option<long?>("--sessions", "-n") { Description = "Override the workload's number of sessions (the check re-runs the same)." };
        var record = new Command("record", "Run a load scenario's replications and store each one's metrics with the run manifest: the baseline that cpmsim check --baseline compares against.")
        {
            file, variant, seed, replications, parallel, output, sessions,
        };
        record.SetAction(parse =>
        {
            DateTimeOffset started = DateTimeOffset.UtcNow;
            ScenarioDefinition scenario = ScenarioInput.Load(parse.GetValue(file), parse.GetValue(variant));
            if (scenario.Workload is null)
            {
                throw new CliException($"{scenario.Source}: scenario '{scenario.Name}' has no 'workload': a baseline is of load runs. Hint: add a workload, or extend a load scenario (extends: load-r01).");
            }

            int reps = parse.GetValue(replications);
            int par = parse.GetValue(parallel);
            if (reps < 1 || par < 1)
            {
                throw new CliException($"--replications and --parallel must be at least 1 (got {reps} and {par}).");
            }

            WorkloadDefinition workload = RunCommand.Workload(scenario, parse.GetValue(sessions), null);
            string outDir = parse.GetValue(output)!;
            OutputDirectory.Prepare(outDir);
            RunMetrics[] runs = Run(scenario, workload, parse.GetValue(seed), reps, par);
            Write(outDir, runs);
            ManifestWriter.Scenario(parse, started);
            string manifestPath = Path.Combine(outDir, ManifestWriter.FileName);
            var manifest = (JsonObject)JsonNode.Parse(File.ReadAllText(manifestPath))!;
            manifest["baseline"] = new JsonObject
            {
                ["format"] = Format,
                ["file"] = ValuesFile,
                ["sessions"] = workload.Sessions,
                ["metrics"] = new JsonArray([.. BaselineMetrics.Names.Select(n => (JsonNode)n)]),
            };
            File.WriteAllText(manifestPath, manifest.ToJsonString(Indented) + "\n");
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"baseline of {scenario.Name}: {reps} replication(s) of {workload.Sessions} sessions, seed {runs[0].Seed}; wrote {ValuesFile} and {ManifestWriter.FileName} to {outDir}"));
            return CliApp.ExitOk;
        });
        return new Command("baseline", "Statistical baselines of load runs, for cpmsim check --baseline (docs/ci.md).") { record };
    }

    /// <summary>The replications a baseline records and a check re-runs: same options, so that replication i is the same run in both.</summary>
    internal static RunMetrics[] Run(ScenarioDefinition scenario, WorkloadDefinition workload, ulong? seed, int replications, int parallel)
    {
        var runs = new RunMetrics[replications];
        Parallel.For(0, replications, new ParallelOptions { MaxDegreeOfParallelism = parallel }, i =>
            runs[i] = LoadRunner.Run(scenario, new LoadOptions { Workload = workload, Seed = seed, RunIndex = i }));
        return runs;
    }

    private static void Write(string outDir, RunMetrics[] runs)
    {
        try
        {
            using var writer = new StreamWriter(Path.Combine(outDir, ValuesFile)) { NewLine = "\n" };
            using CsvWriter csv = CsvWriter.Create(writer, CsvFiles.Writer, true);
            foreach (string h in new[] { "replication", "seed" }.Concat(BaselineMetrics.Names))
            {
                csv.WriteField(h);
            }

            csv.EndRecord();
            foreach (RunMetrics r in runs)
            {
                csv.WriteField(r.RunIndex.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(r.Seed.ToString(CultureInfo.InvariantCulture));
                foreach (double v in BaselineMetrics.Values(r))
                {
                    csv.WriteField(BaselineMetrics.Format(v));
                }

                csv.EndRecord();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write to '{outDir}': {e.Message}");
        }
    }

    /// <summary>A recorded baseline: whose it is, how to re-run it, and each replication's values by metric.</summary>
    internal sealed record Baseline(string Directory, string Manifest, string Scenario, ulong Seed, int Replications, long? Sessions, string Version, IReadOnlyDictionary<string, double[]> Values);

    /// <summary>Reads and checks a baseline folder: a cpmsim manifest of <c>baseline record</c>, this format and release, and its values file.</summary>
    internal static Baseline Read(string dir)
    {
        string path = Path.Combine(dir, ManifestWriter.FileName);
        CliException Bad(string what) => new($"{path}: {what}");
        if (!File.Exists(path))
        {
            throw Bad($"not found: '{dir}' is not a baseline folder. Hint: record one with cpmsim baseline record SCENARIO --replications N --out {dir}.");
        }

        JsonObject? m;
        try
        {
            m = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (JsonException e)
        {
            throw Bad($"damaged manifest ({CliApp.OneLine(e.Message)}). Hint: record the baseline again.");
        }

        string? Str(JsonNode? n) => n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        if (m is null || Str(m["tool"]) != "cpmsim")
        {
            throw Bad("not a cpmsim manifest. Hint: record the baseline with cpmsim baseline record.");
        }

        if (m["baseline"] is not JsonObject b)
        {
            throw Bad($"a manifest of 'cpmsim {Str(m["command"]) ?? "?"}', not of a baseline. Hint: record one with cpmsim baseline record SCENARIO --replications N --out DIR.");
        }

        if (b["format"] is not JsonValue f || f.GetValueKind() != JsonValueKind.Number || f.GetValue<int>() != Format)
        {
            throw Bad($"baseline format {b["format"]?.ToJsonString() ?? "missing"}, this cpmsim reads format {Format}. Hint: record the baseline again with this version.");
        }

        string version = Str(m["version"]) ?? "unknown";
        if (Release(version) != Release(ManifestWriter.Version))
        {
            throw Bad($"recorded by cpmsim {Release(version)}, this is cpmsim {Release(ManifestWriter.Version)}: its metrics may be computed otherwise. Hint: record the baseline again with this version (cpmsim baseline record ...).");
        }

        string scenario = Str(m["scenario"]?["name"]) ?? throw Bad("no scenario name. Hint: record the baseline again.");
        ulong seed = m["seed"] is JsonValue sv && sv.GetValueKind() == JsonValueKind.Number ? sv.GetValue<ulong>() : throw Bad("no seed. Hint: record the baseline again.");
        long? sessions = b["sessions"] is JsonValue nv && nv.GetValueKind() == JsonValueKind.Number ? nv.GetValue<long>() : null;
        string valuesPath = Path.Combine(dir, Str(b["file"]) ?? ValuesFile);
        if (!File.Exists(valuesPath))
        {
            throw new CliException($"{valuesPath}: not found, but {path} names it. Hint: record the baseline again.");
        }

        var rows = new List<Dictionary<string, double>>();
        try
        {
            using CsvReader csv = CsvReader.FromFile(valuesPath, CsvFiles.Reader(hasHeader: true));
            string[] header = [.. csv.Headers];
            string? missing = BaselineMetrics.Names.FirstOrDefault(n => !header.Contains(n, StringComparer.Ordinal));
            if (missing is not null)
            {
                throw new CliException($"{valuesPath}:1: has no column '{missing}': a baseline of another cpmsim version. Hint: record the baseline again with this version.");
            }

            while (csv.Read())
            {
                if (csv.FieldCount != header.Length)
                {
                    throw new CliException($"{valuesPath}:{csv.LineNumber}: {csv.FieldCount} columns, expected {header.Length}; the file is damaged. Hint: record the baseline again.");
                }

                var row = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (string n in BaselineMetrics.Names)
                {
                    string text = csv.GetString(Array.IndexOf(header, n));
                    if (text.Length == 0)
                    {
                        row[n] = double.NaN;
                    }
                    else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                    {
                        row[n] = v;
                    }
                    else
                    {
                        throw new CliException($"{valuesPath}:{csv.LineNumber}: '{text}' in column '{n}' is not a number. Hint: record the baseline again.");
                    }
                }

                rows.Add(row);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CsvFormatException)
        {
            throw new CliException($"{valuesPath}: cannot be read: {CliApp.OneLine(e.Message)}");
        }

        if (rows.Count == 0)
        {
            throw new CliException($"{valuesPath}: no replication. Hint: record the baseline again.");
        }

        var values = BaselineMetrics.Names.ToDictionary(n => n, n => rows.Select(r => r[n]).ToArray(), StringComparer.Ordinal);
        return new Baseline(dir, path, scenario, seed, rows.Count, sessions, version, values);
    }

    /// <summary>The release part of a version (<c>0.1.0</c> of <c>0.1.0+SHA</c>): baselines compare across commits, not across releases.</summary>
    private static string Release(string version) => version.Split('+')[0];

    /// <summary>Parses <c>--regression METRIC=TOLERANCE</c>.</summary>
    internal static RegressionTolerance ParseOption(string text)
    {
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new CliException($"--regression '{text}': write METRIC=TOLERANCE, e.g. --regression modification_delay.p99=5%.");
        }

        if (!BaselineMetrics.TryParseTolerance(text[..eq], text[(eq + 1)..], "--regression", out RegressionTolerance? t, out string? problem))
        {
            throw new CliException($"--regression '{text}': {problem} Metrics: {string.Join(", ", BaselineMetrics.Names)}.");
        }

        return t!;
    }

    /// <summary>
    /// Re-runs the baseline's replications (same seed, run indices and sessions) and compares the chosen
    /// metrics: those of <paramref name="options"/>, else of the scenario's <c>regression:</c>, else the defaults.
    /// </summary>
    internal static IEnumerable<CheckCase> Check(ScenarioDefinition scenario, Baseline baseline, IReadOnlyList<RegressionTolerance> options)
    {
        if (scenario.Workload is null)
        {
            throw new CliException($"{scenario.Source}: --baseline {baseline.Directory}: scenario '{scenario.Name}' has no 'workload' to re-run.");
        }

        var sw = System.Diagnostics.Stopwatch.StartNew();
        WorkloadDefinition workload = baseline.Sessions is long n ? scenario.Workload with { Sessions = n } : scenario.Workload;
        RunMetrics[] runs = Run(scenario, workload, baseline.Seed, baseline.Replications, Environment.ProcessorCount);
        double[][] now = [.. runs.Select(BaselineMetrics.Values)];
        IReadOnlyList<RegressionTolerance> chosen = options.Count > 0 ? options
            : scenario.Expect.Regression.Count > 0 ? scenario.Expect.Regression
            : [.. BaselineMetrics.Default.Select(m => new RegressionTolerance(m, BaselineMetrics.DefaultTolerance(m), "default"))];
        TimeSpan time = sw.Elapsed / Math.Max(1, chosen.Count);
        foreach (RegressionTolerance t in chosen)
        {
            int column = Array.IndexOf(BaselineMetrics.Names, t.Metric);
            BaselineVerdict v = BaselineMetrics.Compare(t.Metric, baseline.Values[t.Metric], [.. now.Select(r => r[column])], t.Tolerance);
            string text = $"baseline: {v} ({baseline.Replications} replication(s) paired by seed, {baseline.Directory})";
            yield return new CheckCase("baseline: " + t.Metric, v.Passed ? CheckStatus.Passed : CheckStatus.Failed, time, text, "baseline", v.Passed ? null : text);
        }
    }
}
