using System.CommandLine;
using System.Globalization;
using System.Xml.Linq;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Cli;

/// <summary>
/// <c>cpmsim check FILE...</c>: runs each scenario and checks its expectations. Exit 0 when all pass,
/// 1 when any fails, 2 on bad input (then nothing is run). <c>--junit</c> writes a JUnit XML report.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter stdout)
    {
        var files = new Argument<string[]>("SCENARIO") { Description = "Scenario files (YAML) to check.", Arity = ArgumentArity.ZeroOrMore };
        var variants = new Option<string[]>("--variant", "-v") { Description = "Built-in scenarios to check (repeatable).", AllowMultipleArgumentsPerToken = true };
        var all = new Option<bool>("--all") { Description = "Check every built-in scenario." };
        var seed = new Option<ulong?>("--seed", "-s") { Description = "Master seed for every scenario (default: each scenario's)." };
        var junit = new Option<string?>("--junit") { Description = "Write a JUnit XML report to this file." };
        var cmd = new Command("check", "Run scenarios and check their expectations (flow conformance, outcome, load bounds). Exit code 0: all pass, 1: a check failed, 2: bad input.")
        {
            files, variants, all, seed, junit,
        };
        cmd.SetAction(parse =>
        {
            var inputs = new List<(string Label, Func<ScenarioDefinition> Load)>();
            foreach (string f in parse.GetValue(files) ?? [])
            {
                inputs.Add((f, () => ScenarioLoader.LoadFile(f)));
            }

            IEnumerable<string> names = parse.GetValue(all) ? BuiltIn.ScenarioNames : parse.GetValue(variants) ?? [];
            foreach (string v in names)
            {
                inputs.Add(("builtin:" + v, () => ScenarioLoader.LoadBuiltIn(v)));
            }

            if (inputs.Count == 0)
            {
                throw new CliException("nothing to check: give scenario files, --variant NAME or --all.");
            }

            // Load everything first: bad input anywhere means nothing is run (exit 2).
            var loaded = new List<(string Label, ScenarioDefinition Scenario)>();
            var errors = new List<string>();
            foreach ((string label, Func<ScenarioDefinition> load) in inputs)
            {
                try
                {
                    loaded.Add((label, load()));
                }
                catch (FileErrorException e)
                {
                    errors.Add(e.Message);
                }
            }

            if (errors.Count > 0)
            {
                throw new CliException(string.Join(Environment.NewLine, errors));
            }

            var results = new List<CheckResult>();
            foreach ((string label, ScenarioDefinition scenario) in loaded)
            {
                ReplayResult replay = ReplayRunner.Run(scenario, parse.GetValue(seed));
                IReadOnlyList<LoadChecks.Verdict> load = LoadChecks.Evaluate(scenario, parse.GetValue(seed));
                IReadOnlyList<string> failures = [.. replay.Failures(), .. load.Where(v => !v.Passed).Select(v => "load: " + v)];
                results.Add(new CheckResult(label, scenario, replay, failures));
                stdout.WriteLine(failures.Count == 0
                    ? $"PASS  {scenario.Name,-16} {label}  ({Describe(replay)})"
                    : $"FAIL  {scenario.Name,-16} {label}");
                foreach (string f in failures)
                {
                    stdout.WriteLine($"      {f}");
                }

                foreach (LoadChecks.Verdict v in load.Where(v => v.Passed))
                {
                    stdout.WriteLine($"      load: {v}");
                }
            }

            int failed = results.Count(r => r.Failures.Count > 0);
            stdout.WriteLine($"{results.Count - failed} passed, {failed} failed");
            if (parse.GetValue(junit) is string path)
            {
                WriteJunit(results, path);
                stdout.WriteLine($"wrote JUnit report to {path}");
            }

            return failed == 0 ? CliApp.ExitOk : CliApp.ExitFailed;
        });
        return cmd;
    }

    private static string Describe(ReplayResult r) =>
        (r.Match is { } m ? $"flow {m.Flow.Name} conforms, " : string.Empty) + $"outcome {r.Session.Outcome}";

    private static void WriteJunit(List<CheckResult> results, string path)
    {
        var suite = new XElement("testsuite",
            new XAttribute("name", "cpmsim check"),
            new XAttribute("tests", results.Count),
            new XAttribute("failures", results.Count(r => r.Failures.Count > 0)),
            new XAttribute("errors", 0),
            results.Select(r => new XElement("testcase",
                new XAttribute("classname", "cpmsim." + r.Scenario.Name),
                new XAttribute("name", r.Label),
                new XAttribute("time", "0"),
                r.Failures.Count == 0 ? null : new XElement("failure",
                    new XAttribute("message", r.Failures[0]),
                    new XAttribute("type", "expectation"),
                    string.Join(Environment.NewLine, r.Failures)),
                new XElement("system-out", Describe(r.Replay) + string.Create(CultureInfo.InvariantCulture, $"; {r.Replay.EventsProcessed} events")))));
        var doc = new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites", suite));
        try
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }

            doc.Save(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write the JUnit report '{path}': {e.Message}");
        }
    }

    private sealed record CheckResult(string Label, ScenarioDefinition Scenario, ReplayResult Replay, IReadOnlyList<string> Failures);
}
