using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Cli;

/// <summary>
/// <c>cpmsim check FILE...</c>: runs each scenario and checks its expectations, one check at a time (flow
/// conformance, outcome, each load bound). An invalid input is reported and the other inputs still run.
/// Exit 0 when all pass, 1 when a check fails, 2 when an input is invalid, 70 when cpmsim itself failed
/// (the worst wins: 70, then 2, then 1). <c>--junit</c> writes a JUnit XML report, also when an input is invalid.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("SCENARIO") { Description = "Scenario files (YAML) to check.", Arity = ArgumentArity.ZeroOrMore };
        var variants = new Option<string[]>("--variant", "-v") { Description = "Built-in scenarios to check (repeatable).", AllowMultipleArgumentsPerToken = true };
        var all = new Option<bool>("--all") { Description = "Check every built-in scenario." };
        var seed = new Option<ulong?>("--seed", "-s") { Description = "Master seed for every scenario (default: each scenario's)." };
        var junit = new Option<string?>("--junit") { Description = "Write a JUnit XML report to this file: a testsuite per scenario, a testcase per check (also for invalid inputs, as errors)." };
        var update = new Option<bool>("--update-fingerprints") { Description = "Write each run's fingerprint over a differing expect: fingerprint value, in place (comments and layout stay), and re-record a kept NAME.trace.csv: for a change of behaviour that is meant." };
        var baselines = new Option<string[]>("--baseline") { Description = "A baseline folder (cpmsim baseline record): re-run its seeds and replications and compare, paired by seed (repeatable: each applies to the input of its scenario).", AllowMultipleArgumentsPerToken = true };
        var regression = new Option<string[]>("--regression") { Description = "METRIC=TOLERANCE for --baseline, e.g. modification_delay.p99=5% (repeatable; replaces the scenario's expect: regression).", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("check", "Run scenarios and check their expectations (flow conformance, outcome, load bounds, fingerprints, baselines); an invalid scenario does not stop the others. Exit code 0: all pass, 1: a check failed, 2: an input is invalid, 70: internal error (the worst wins).")
        {
            files, variants, all, seed, junit, update, baselines, regression,
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

            string commandLine = CliApp.CommandLine(parse.Tokens.Select(t => t.Value));
            var extra = new Extra(
                parse.GetValue(update) ? new FingerprintUpdates() : null,
                [.. (parse.GetValue(baselines) ?? []).Select(BaselineCommand.Read)],
                [.. (parse.GetValue(regression) ?? []).Select(BaselineCommand.ParseOption)]);
            if (extra.Regression.Count > 0 && extra.Baselines.Count == 0)
            {
                throw new CliException("--regression sets the tolerances of --baseline: give --baseline DIR too.");
            }

            var suites = inputs.Select(i => Check(i.Label, i.Load, parse.GetValue(seed), stdout, stderr, commandLine, extra)).ToList();
            foreach (BaselineCommand.Baseline b in extra.Baselines.Where(b => !extra.Used.Contains(b)))
            {
                throw new CliException($"{b.Manifest}: a baseline of scenario '{b.Scenario}', which is not among the scenarios checked ({string.Join(", ", suites.Select(s => s.ClassName["cpmsim.".Length..]))}). Hint: give its scenario, or the baseline of the scenario you check.");
            }

            if (extra.Updates is FingerprintUpdates updates)
            {
                IReadOnlyList<string> written = updates.Apply();
                foreach (string file in written)
                {
                    stdout.WriteLine($"updated {file}");
                }

                if (inputs.Any(i => i.Label.StartsWith("builtin:", StringComparison.Ordinal)) && written.Count > 0)
                {
                    stdout.WriteLine("the built-in scenarios are embedded in cpmsim: rebuild it (dotnet build Simulator.Cli; dotnet run does) before checking them again.");
                }
            }

            int failed = suites.Count(s => s.Errors == 0 && s.Failures > 0);
            int invalid = suites.Count(s => s.Errors > 0);
            stdout.WriteLine($"{suites.Count - failed - invalid} passed, {failed} failed" + (invalid > 0 ? $", {invalid} could not be checked" : string.Empty));
            if (parse.GetValue(junit) is string path)
            {
                JunitReport.Write(suites, path);
                stdout.WriteLine($"wrote JUnit report to {path}");
            }

            bool internalError = suites.Any(s => s.Cases.Any(c => c.Status == CheckStatus.Error && c.Type != InvalidInput));
            return internalError ? CliApp.ExitInternalError : invalid > 0 ? CliApp.ExitBadInput : failed > 0 ? CliApp.ExitFailed : CliApp.ExitOk;
        });
        return cmd;
    }

    private const string InvalidInput = "invalid-input";

    /// <summary>Loads, replays and load-checks one input; whatever goes wrong becomes an error case of its suite.</summary>
    private static CheckSuite Check(string label, Func<ScenarioDefinition> load, ulong? seed, TextWriter stdout, TextWriter stderr, string commandLine, Extra extra)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        var total = Stopwatch.StartNew();
        var cases = new List<CheckCase>();
        var properties = new List<KeyValuePair<string, string>>();
        string className = "cpmsim." + Path.GetFileNameWithoutExtension(label.StartsWith("builtin:", StringComparison.Ordinal) ? label["builtin:".Length..] : label);
        string stage = "load scenario";
        var sw = Stopwatch.StartNew();
        try
        {
            ScenarioDefinition scenario = load();
            className = "cpmsim." + scenario.Name;
            properties.Add(new("scenario", scenario.Name));
            properties.Add(new("source", scenario.Source));

            stage = "replay";
            sw.Restart();
            ReplayResult replay = ReplayRunner.Run(scenario, seed);
            TimeSpan replayTime = sw.Elapsed;
            properties.Add(new("seed", replay.Seed.ToString(CultureInfo.InvariantCulture)));
            string summary = Describe(replay);
            var replayCases = new List<(string Name, string Type, string? Failure, string Output)>();
            if (replay.Match is not null && scenario.Expect.Conforms)
            {
                replayCases.Add(($"flow {replay.Match.Flow.Name}", "flow", replay.FlowFailure(), summary));
            }

            if (scenario.Expect.Outcome is { } outcome)
            {
                replayCases.Add(($"outcome {outcome}", "outcome", replay.OutcomeFailure(), summary));
            }

            if (replayCases.Count == 0 && scenario.Expect.Load.Count == 0)
            {
                replayCases.Add(("replay", "replay", null, summary)); // nothing is expected: the check is that the session runs
            }

            cases.AddRange(replayCases.Select(c => new CheckCase(c.Name, c.Failure is null ? CheckStatus.Passed : CheckStatus.Failed, replayTime / replayCases.Count, c.Output, c.Type, c.Failure)));

            // Load bounds at one rate share a run, the doc bounds one capacity search: each group is timed on its own.
            stage = "load run";
            foreach (IReadOnlyList<LoadExpectation> group in LoadGroups(scenario.Expect.Load))
            {
                sw.Restart();
                IReadOnlyList<LoadChecks.Verdict> verdicts = LoadChecks.Evaluate(scenario with { Expect = scenario.Expect with { Load = group } }, seed);
                TimeSpan time = sw.Elapsed / Math.Max(1, verdicts.Count);
                cases.AddRange(verdicts.Select(v => new CheckCase("load: " + v.Expectation.Text, v.Passed ? CheckStatus.Passed : CheckStatus.Failed, time, "load: " + v, "load", v.Passed ? null : "load: " + v)));
            }

            stage = "fingerprint";
            cases.AddRange(FingerprintChecks.Check(scenario, seed, extra.Updates));

            stage = "baseline";
            foreach (BaselineCommand.Baseline b in extra.Baselines.Where(b => b.Scenario == scenario.Name))
            {
                extra.Used.Add(b);
                cases.AddRange(BaselineCommand.Check(scenario, b, extra.Regression));
            }

            bool passed = cases.All(c => c.Status == CheckStatus.Passed);
            stdout.WriteLine(passed ? $"PASS  {scenario.Name,-16} {label}  ({summary})" : $"FAIL  {scenario.Name,-16} {label}");
            foreach (CheckCase c in cases.Where(c => c.Status == CheckStatus.Failed))
            {
                stdout.WriteLine($"      {c.Message}");
            }

            foreach (CheckCase c in cases.Where(c => c.Status == CheckStatus.Passed && c.Type is "load" or "fingerprint" or "baseline"))
            {
                stdout.WriteLine($"      {c.Output}");
            }
        }
        catch (Exception e) when (CliApp.UserError(CliApp.Unwrap(e)) is string message)
        {
            stderr.WriteLine("error: " + message);
            stdout.WriteLine($"ERROR {string.Empty,-16} {label}  (invalid input: the error is on stderr)");
            cases.Add(new CheckCase(stage, CheckStatus.Error, sw.Elapsed, CliApp.OneLine(message), InvalidInput, message.Split('\n')[0].TrimEnd(), message));
        }
        catch (Exception e)
        {
            e = CliApp.Unwrap(e);
            string line = CliApp.InternalError(e, commandLine);
            stderr.WriteLine(line);
            stdout.WriteLine($"ERROR {string.Empty,-16} {label}  (internal error: see stderr)");
            cases.Add(new CheckCase(stage, CheckStatus.Error, sw.Elapsed, line, e.GetType().FullName, line, e.ToString()));
        }

        return new CheckSuite(label, className, cases, total.Elapsed, started, properties);
    }

    /// <summary>What the options add to every input's checks: fingerprint updates, baselines (each used by the input of its scenario), tolerances.</summary>
    private sealed record Extra(FingerprintUpdates? Updates, IReadOnlyList<BaselineCommand.Baseline> Baselines, IReadOnlyList<RegressionTolerance> Regression)
    {
        public HashSet<BaselineCommand.Baseline> Used { get; } = [];
    }

    /// <summary>The load bounds in the groups <see cref="LoadChecks"/> evaluates on one run each: by rate, then every <c>doc</c> bound.</summary>
    private static IEnumerable<IReadOnlyList<LoadExpectation>> LoadGroups(IReadOnlyList<LoadExpectation> bounds)
    {
        foreach (IGrouping<double?, LoadExpectation> group in bounds.Where(e => !e.IsCapacity).GroupBy(e => e.Rate))
        {
            yield return [.. group];
        }

        if (bounds.Any(e => e.IsCapacity))
        {
            yield return [.. bounds.Where(e => e.IsCapacity)];
        }
    }

    /// <summary>The replay's verdicts in one line: the flow's (conforms or not, and where) and the outcome.</summary>
    private static string Describe(ReplayResult r) =>
        (r.FlowVerdict() is { } flow ? flow + "; " : string.Empty) + $"outcome {r.Session.Outcome}" +
        (r.Session.FailureStatus != 0 ? $" (status {r.Session.FailureStatus})" : string.Empty) +
        string.Create(CultureInfo.InvariantCulture, $"; {r.EventsProcessed} events");
}
