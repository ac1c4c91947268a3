namespace CpmSim.Scenarios.Sweeps;

/// <summary>
/// A parameter study: the grid of points (every combination of the swept values, in file order) and
/// the replications of each. Run <c>k = point·R + replication</c> uses the sweep's seed and run index
/// <c>replication</c>, so every point sees the same random numbers (common random numbers) and any
/// run can be reproduced alone.
/// </summary>
public sealed record SweepDefinition
{
    public required string Name { get; init; }

    public required string Source { get; init; }

    public required IReadOnlyList<SweepPoint> Points { get; init; }

    /// <summary>The scenario key paths the grid varies (e.g. <c>nodes.iwf-sms.processing.servers</c>), in file order.</summary>
    public IReadOnlyList<string> Parameters { get; init; } = [];

    /// <summary>Each grid scenario as the sweep names it → the file it was read from (<c>builtin:NAME</c> for a built-in) and its text.</summary>
    public IReadOnlyDictionary<string, (string File, string Text)> Scenarios { get; init; } = new Dictionary<string, (string File, string Text)>();

    public int Replications { get; init; } = 3;

    public ulong Seed { get; init; } = 1;

    /// <summary>One session in N is traced to measure per-step delays (0: off).</summary>
    public int StepSampleEvery { get; init; }

    public int RunCount => Points.Count * Replications;

    public (SweepPoint Point, int Replication) RunAt(int runId) => (Points[runId / Replications], runId % Replications);

    /// <summary>The key-path overrides of a point, for <see cref="Scenario.ScenarioLoader.Load(string, string, IReadOnlyList{KeyValuePair{string, string}})"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Overrides(SweepPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return [.. Parameters.Select((p, i) => new KeyValuePair<string, string>(p, point.Values[i]))];
    }
}
