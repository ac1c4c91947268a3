using System.CommandLine;
using System.Globalization;
using CpmSim.Core.Csv;
using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Scenario;
using CsvHelper;
using ScottPlot;

namespace CpmSim.Cli;

/// <summary><c>cpmsim capacity</c>: the ETSI TS 186 008 design-objective capacity search.</summary>
internal static class CapacityCommand
{
    public static Command Create(TextWriter stdout)
    {
        var file = new Argument<string?>("SCENARIO") { Description = "A scenario file (its workload gives behaviour, population and the delay threshold).", Arity = ArgumentArity.ZeroOrOne };
        var variant = new Option<string?>("--variant", "-v") { Description = "A built-in scenario instead of a file." };
        var from = new Option<string>("--from") { Description = "First step's load, e.g. 10/s.", DefaultValueFactory = _ => "10/s" };
        var step = new Option<string>("--step") { Description = "Load added per step, e.g. 10/s.", DefaultValueFactory = _ => "10/s" };
        var steps = new Option<int>("--steps") { Description = "Most steps to run.", DefaultValueFactory = _ => 12 };
        var duration = new Option<string>("--step-duration") { Description = "Virtual time per step.", DefaultValueFactory = _ => "30s" };
        var threshold = new Option<double>("--ihs-threshold") { Description = "Largest IHS share a passing step may have (0.001 = 0.1%).", DefaultValueFactory = _ => 0.001 };
        var poisson = new Option<bool>("--poisson") { Description = "Poisson arrivals within a step (default: constant rate)." };
        var seed = new Option<ulong?>("--seed", "-s") { Description = "Master seed." };
        var parallel = new Option<int>("--parallel", "-p") { Description = "Steps run at once.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string?>("--out", "-o") { Description = "Directory for capacity.csv and the IHS/p99 plot." };
        var cmd = new Command("capacity", "Find the design-objective capacity (ETSI TS 186 008): the highest constant-load step whose inadequately handled share stays within the threshold.")
        {
            file, variant, from, step, steps, duration, threshold, poisson, seed, parallel, output,
        };
        cmd.SetAction(parse =>
        {
            DateTimeOffset started = DateTimeOffset.UtcNow;
            ScenarioDefinition scenario = ScenarioInput.Load(parse.GetValue(file), parse.GetValue(variant));
            if (!ScenarioLoader.TryParseRate(parse.GetValue(from)!, out double first) || !ScenarioLoader.TryParseRate(parse.GetValue(step)!, out double inc))
            {
                throw new CliException($"--from and --step must be rates such as 10/s (got '{parse.GetValue(from)}', '{parse.GetValue(step)}').");
            }

            if (!SimTime.TryParse(parse.GetValue(duration), out SimTime stepDuration, out string? error) || stepDuration <= SimTime.Zero)
            {
                throw new CliException($"--step-duration: {error ?? "must be positive"}");
            }

            int n = parse.GetValue(steps);
            double t = parse.GetValue(threshold);
            if (n < 1 || t is < 0 or >= 1)
            {
                throw new CliException($"--steps must be ≥ 1 and --ihs-threshold in [0, 1) (got {n}, {t.ToString(CultureInfo.InvariantCulture)}).");
            }

            if (parse.GetValue(output) is string outDir)
            {
                OutputDirectory.Prepare(outDir);
            }

            double[] rates = [.. Enumerable.Range(0, n).Select(i => first + (i * inc))];
            (IReadOnlyList<CapacityStep> result, double? doc) = CapacitySearch.Run(scenario, rates, stepDuration, t, parse.GetValue(seed), parse.GetValue(poisson), Math.Max(1, parse.GetValue(parallel)));
            stdout.WriteLine($"{scenario.Name}: capacity steps of {stepDuration}, IHS threshold {t.ToString("0.###%", CultureInfo.InvariantCulture)}, delay threshold {(scenario.Workload?.DelayThreshold ?? SimTime.FromSeconds(2L))}");
            stdout.WriteLine("step      SAPS   attempts       IHS     IHS %   p99 setup ms   p99 modif. ms   verdict");
            foreach (CapacityStep s in result)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Index,4} {s.Saps,9:0.###} {s.Attempts,10} {s.InadequatelyHandled,9} {s.IhsShare * 100,9:0.###} {s.SessionRequestP99Ms,14:0.###} {s.ModificationP99Ms,15:0.###}   {(s.Passed ? "pass" : "FAIL")}"));
            }

            stdout.WriteLine(doc is double d
                ? string.Create(CultureInfo.InvariantCulture, $"design-objective capacity (DOC): {d:0.###} SAPS")
                : "design-objective capacity (DOC): none — the first step already fails; start lower (--from).");
            if (parse.GetValue(output) is string dir)
            {
                Write(result, doc, dir, scenario.Name, stdout);
            }

            ManifestWriter.Scenario(parse, started);
            return CliApp.ExitOk;
        });
        return cmd;
    }

    private static void Write(IReadOnlyList<CapacityStep> steps, double? doc, string dir, string name, TextWriter stdout)
    {
        try
        {
            Directory.CreateDirectory(dir);
            using (var w = new StreamWriter(Path.Combine(dir, "capacity.csv")))
            using (CsvWriter csv = CsvWriter.Create(w, CsvFiles.Writer, leaveOpen: true))
            {
                csv.WriteRecord(["step", "saps", "attempts", "ihs", "ihs_share", "p99_session_request_ms", "p99_modification_ms", "passed"]);
                foreach (CapacityStep s in steps)
                {
                    csv.WriteRecord([s.Index.ToString(CultureInfo.InvariantCulture), LoadReportWriter.Num(s.Saps), s.Attempts.ToString(CultureInfo.InvariantCulture),
                        s.InadequatelyHandled.ToString(CultureInfo.InvariantCulture), LoadReportWriter.Num(s.IhsShare), LoadReportWriter.Num(s.SessionRequestP99Ms),
                        LoadReportWriter.Num(s.ModificationP99Ms), s.Passed ? "true" : "false"]);
                }
            }

            var plot = new Plot();
            double[] x = [.. steps.Select(s => s.Saps)];
            var ihs = plot.Add.Scatter(x, [.. steps.Select(s => s.IhsShare * 100)]);
            ihs.LegendText = "IHS %";
            var p99 = plot.Add.Scatter(x, [.. steps.Select(s => s.ModificationP99Ms)]);
            p99.LegendText = "p99 modification delay (ms, right axis)";
            p99.Axes.YAxis = plot.Axes.Right;
            if (doc is double d)
            {
                var line = plot.Add.VerticalLine(d);
                line.LegendText = string.Create(CultureInfo.InvariantCulture, $"DOC {d:0.###} SAPS");
            }

            plot.Title($"{name}: capacity search (ETSI TS 186 008)");
            plot.XLabel("offered load (SAPS)");
            plot.YLabel("inadequately handled (%)");
            plot.Axes.Right.Label.Text = "p99 modification delay (ms)";
            plot.ShowLegend();
            string[] files = [.. LoadPlots.Save(plot, dir, "capacity")];
            stdout.WriteLine($"wrote capacity.csv, {string.Join(", ", files.Select(Path.GetFileName))} to {dir}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write to '{dir}': {e.Message}");
        }
    }
}
