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
        var from = new Option<string?>("--from") { Description = "First step's load, e.g. 10/s (default: the scenario's 'capacity:' block, else 10/s)." };
        var step = new Option<string?>("--step") { Description = "Load added per step, e.g. 10/s (default: the scenario's, else 10/s)." };
        var steps = new Option<int?>("--steps") { Description = "Most steps to run (default: the scenario's, else 12)." };
        var duration = new Option<string?>("--step-duration") { Description = "Virtual time per step (default: the scenario's, else 30s). The system is not emptied between steps." };
        var threshold = new Option<double?>("--ihs-threshold") { Description = "Largest IHS share a passing step may have, 0.001 = 0.1% (default: the scenario's, else 0.001)." };
        var poisson = new Option<bool>("--poisson") { Description = "Poisson arrivals within a step (default: evenly spaced at the step's rate)." };
        var seed = new Option<ulong?>("--seed", "-s") { Description = "Master seed." };
        var output = new Option<string?>("--out", "-o") { Description = "Directory for capacity.csv and the IHS/p99 plot." };
        var cmd = new Command("capacity", "Find the design-objective capacity (ETSI TS 186 008): one run over a stair of load steps, not emptied between steps; the DOC is the highest step whose inadequately handled share stays within the threshold, every lower step passing.")
        {
            file, variant, from, step, steps, duration, threshold, poisson, seed, output,
        };
        cmd.SetAction(parse =>
        {
            DateTimeOffset started = DateTimeOffset.UtcNow;
            ScenarioDefinition scenario = ScenarioInput.Load(parse.GetValue(file), parse.GetValue(variant));
            CapacitySettings c = Settings(scenario.Expect.Capacity, parse.GetValue(from), parse.GetValue(step), parse.GetValue(steps), parse.GetValue(duration), parse.GetValue(threshold));
            if (parse.GetValue(output) is string outDir)
            {
                OutputDirectory.Prepare(outDir);
            }

            (IReadOnlyList<CapacityStep> result, double? doc) = CapacitySearch.Run(scenario, c, parse.GetValue(seed), parse.GetValue(poisson));
            SimTime stepDuration = c.StepDuration;
            double t = c.IhsThreshold;
            stdout.WriteLine($"{scenario.Name}: capacity steps of {stepDuration}, IHS threshold {t.ToString("0.###%", CultureInfo.InvariantCulture)}, delay threshold {(scenario.Workload?.DelayThreshold ?? SimTime.FromSeconds(2L))}");
            stdout.WriteLine("step      SAPS   attempts   pending       IHS     IHS %   p99 setup ms   p99 modif. ms   steady   verdict");
            foreach (CapacityStep s in result)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Index,4} {s.Saps,9:0.###} {s.Attempts,10} {s.Pending,9} {s.InadequatelyHandled,9} {s.IhsShare * 100,9:0.###} {s.SessionRequestP99Ms,14:0.###} {s.ModificationP99Ms,15:0.###}   {(s.Steady ? "yes   " : "NO    ")}   {(s.Passed ? "pass" : "FAIL")}"));
            }

            stdout.WriteLine(doc is double d
                ? string.Create(CultureInfo.InvariantCulture, $"design-objective capacity (DOC): {d:0.###} SAPS")
                : "design-objective capacity (DOC): none — the first step already fails; start lower (--from).");
            if (parse.GetValue(output) is string dir)
            {
                Write(result, doc, dir, scenario.Name, stepDuration, t, stdout);
            }

            ManifestWriter.Scenario(parse, started);
            return CliApp.ExitOk;
        });
        return cmd;
    }

    /// <summary>The scenario's <c>capacity:</c> block (or the defaults) with the flags given on the command line over it.</summary>
    public static CapacitySettings Settings(CapacitySettings scenario, string? from, string? step, int? steps, string? duration, double? threshold)
    {
        CapacitySettings c = scenario;
        if (from is not null)
        {
            c = c with { From = Rate("--from", from) };
        }

        if (step is not null)
        {
            c = c with { Step = Rate("--step", step) };
        }

        if (steps is int n)
        {
            c = n >= 1 ? c with { Steps = n } : throw new CliException($"--steps must be at least 1 (got {n}).");
        }

        if (duration is not null)
        {
            if (!SimTime.TryParse(duration, out SimTime d, out string? error) || d <= SimTime.Zero)
            {
                throw new CliException($"--step-duration: {error ?? "must be positive"}");
            }

            c = c with { StepDuration = d };
        }

        if (threshold is double t)
        {
            c = t is >= 0 and < 1 ? c with { IhsThreshold = t } : throw new CliException($"--ihs-threshold must be in [0, 1) (got {t.ToString(CultureInfo.InvariantCulture)}).");
        }

        return c;
    }

    private static double Rate(string flag, string text) =>
        ScenarioLoader.TryParseRate(text, out double r) ? r : throw new CliException($"{flag} must be a rate such as 10/s (got '{text}').");

    /// <summary>The columns of <c>capacity.csv</c>, as documented in docs/outputs.md.</summary>
    public static readonly string[] Header =
        ["step", "saps", "from_s", "to_s", "attempts", "pending", "ihs", "ihs_share", "p99_session_request_ms", "p99_modification_ms", "steady", "passed"];

    private static void Write(IReadOnlyList<CapacityStep> steps, double? doc, string dir, string name, SimTime stepDuration, double threshold, TextWriter stdout)
    {
        try
        {
            Directory.CreateDirectory(dir);
            using (var w = new StreamWriter(Path.Combine(dir, "capacity.csv")))
            using (CsvWriter csv = CsvWriter.Create(w, CsvFiles.Writer, leaveOpen: true))
            {
                csv.WriteRecord(Header);
                foreach (CapacityStep s in steps)
                {
                    csv.WriteRecord([s.Index.ToString(CultureInfo.InvariantCulture), LoadReportWriter.Num(s.Saps), LoadReportWriter.Num(s.FromSeconds), LoadReportWriter.Num(s.ToSeconds),
                        s.Attempts.ToString(CultureInfo.InvariantCulture), s.Pending.ToString(CultureInfo.InvariantCulture),
                        s.InadequatelyHandled.ToString(CultureInfo.InvariantCulture), LoadReportWriter.Num(s.IhsShare), LoadReportWriter.Num(s.SessionRequestP99Ms),
                        LoadReportWriter.Num(s.ModificationP99Ms), s.Steady ? "true" : "false", s.Passed ? "true" : "false"]);
                }
            }

            var plot = new Plot();
            double[] x = [.. steps.Select(s => s.Saps)];
            var ihs = plot.Add.Scatter(x, [.. steps.Select(s => s.IhsShare * 100)]);
            ihs.LegendText = "IHS %";
            var p99 = plot.Add.Scatter(x, [.. steps.Select(s => s.ModificationP99Ms)]);
            p99.LegendText = "p99 modification delay (ms, right axis)";
            p99.Axes.YAxis = plot.Axes.Right;
            var p99Setup = plot.Add.Scatter(x, [.. steps.Select(s => s.SessionRequestP99Ms)]);
            p99Setup.LegendText = "p99 set-up delay (ms, right axis)";
            p99Setup.Axes.YAxis = plot.Axes.Right;
            if (doc is double d)
            {
                var line = plot.Add.VerticalLine(d);
                line.LegendText = string.Create(CultureInfo.InvariantCulture, $"DOC {d:0.###} SAPS");
            }

            plot.Title($"{name}: capacity search (ETSI TS 186 008), steps of {stepDuration}, IHS threshold {threshold.ToString("0.###%", CultureInfo.InvariantCulture)}");
            plot.XLabel("offered load (SAPS)");
            plot.YLabel("inadequately handled (%)");
            plot.Axes.Right.Label.Text = "p99 delay of the step's attempts (ms)";
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
