using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Replay;

namespace CpmSim.Scenarios.Scenario;

/// <summary>
/// The fingerprint of a scenario's run: of its replay (one traced session) when it has no workload;
/// of a load run of its workload (replication 0, cut to <see cref="Expectations.FingerprintSessions"/>
/// sessions when given) when it has one. What <c>cpmsim fingerprint</c> prints and <c>cpmsim check</c> compares.
/// </summary>
public static class ScenarioFingerprint
{
    /// <summary>What was fingerprinted, for messages: <c>replay</c> or <c>load run of N sessions</c>.</summary>
    public static string RunDescription(ScenarioDefinition scenario, long? sessions = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Workload is null ? "replay" : Sessions(scenario, sessions) is long n ? $"load run of {n} sessions" : "load run";
    }

    /// <summary>Runs the scenario once with a fingerprint of <paramref name="ingredients"/>; returns <c>HASH/INGREDIENTS</c>.</summary>
    /// <exception cref="ArgumentException">Invalid ingredients (the message says why), or <c>s</c> for a load run.</exception>
    public static string Compute(ScenarioDefinition scenario, string ingredients, ulong? seed = null, long? sessions = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (Fingerprint.ValidateIngredients(ingredients) is string problem)
        {
            throw new ArgumentException(problem, nameof(ingredients));
        }

        if (scenario.Workload is null)
        {
            return ReplayRunner.Run(scenario, seed, ingredients).Fingerprint!;
        }

        RunMetrics run = LoadRunner.Run(scenario, new LoadOptions
        {
            Workload = scenario.Workload with { Sessions = Sessions(scenario, sessions) },
            Seed = seed,
            Fingerprint = ingredients,
        });
        return run.Fingerprint!;
    }

    private static long? Sessions(ScenarioDefinition scenario, long? sessions)
    {
        long? n = sessions ?? scenario.Expect.FingerprintSessions;
        long? own = scenario.Workload?.Sessions;
        return n is long cut && (own is null || cut < own) ? cut : own;
    }
}
