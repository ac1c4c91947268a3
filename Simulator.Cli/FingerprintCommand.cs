using System.CommandLine;
using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Cli;

/// <summary>
/// <c>cpmsim fingerprint SCENARIO [--seed N] [--ingredients tnk ...]</c>: runs the scenario (its replay, or a
/// load run of its workload) with a fingerprint folded in by the kernel, and prints it as <c>HASH/INGREDIENTS</c>,
/// one line per ingredient set: the value to write under <c>expect: fingerprint:</c>.
/// </summary>
internal static class FingerprintCommand
{
    public static Command Create(TextWriter stdout)
    {
        var file = new Argument<string?>("SCENARIO") { Description = "A scenario file. Omit it and give --variant for a built-in one.", Arity = ArgumentArity.ZeroOrOne };
        var variant = new Option<string?>("--variant", "-v") { Description = "A built-in scenario." };
        var seed = new Option<ulong?>("--seed", "-s") { Description = "Master seed (default: the scenario's)." };
        var ingredients = new Option<string[]>("--ingredients", "-i")
        {
            Description = $"Ingredient sets, e.g. tnk (repeatable; default: the sets of the scenario's expect: fingerprint, else {Fingerprint.DefaultIngredients}). Codes: {Fingerprint.Describe()}.",
            AllowMultipleArgumentsPerToken = true,
        };
        var sessions = new Option<long?>("--sessions", "-n") { Description = "With a workload: fingerprint a run of this many sessions (default: the scenario's fingerprint-sessions, else its workload's)." };
        var cmd = new Command("fingerprint", "Print the fingerprint of a scenario's run (its replay; with a workload, a load run): HASH/INGREDIENTS, the value for expect: fingerprint.")
        {
            file, variant, seed, ingredients, sessions,
        };
        cmd.SetAction(parse =>
        {
            ScenarioDefinition scenario = ScenarioInput.Load(parse.GetValue(file), parse.GetValue(variant));
            string[] sets = parse.GetValue(ingredients) is { Length: > 0 } given ? given
                : scenario.Expect.Fingerprints.Count > 0 ? [.. scenario.Expect.Fingerprints.Select(f => f.Ingredients)]
                : [Fingerprint.DefaultIngredients];
            if (parse.GetValue(sessions) is <= 0)
            {
                throw new CliException("--sessions must be positive.");
            }

            foreach (string set in sets)
            {
                CheckIngredients(set, scenario, "--ingredients");
            }

            foreach (string set in sets)
            {
                stdout.WriteLine(ScenarioFingerprint.Compute(scenario, set, parse.GetValue(seed), parse.GetValue(sessions)));
            }

            return CliApp.ExitOk;
        });
        return cmd;
    }

    /// <summary>A one-line error for an ingredient set that is not one, or that a load run cannot have.</summary>
    internal static void CheckIngredients(string set, ScenarioDefinition scenario, string what)
    {
        if (Fingerprint.ValidateIngredients(set) is string problem)
        {
            throw new CliException($"{what}: {problem}");
        }

        if (scenario.Workload is not null && set.Contains('s', StringComparison.Ordinal))
        {
            throw new CliException($"{what} {set}: ingredient 's' (flow step) applies to replays, and {scenario.Source} has a workload (a load run has no step per event). Hint: drop the 's'.");
        }
    }
}
