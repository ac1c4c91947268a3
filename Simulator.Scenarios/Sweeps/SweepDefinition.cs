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

    public int Replications { get; init; } = 3;

    public ulong Seed { get; init; } = 1;

    /// <summary>One session in N is traced to measure per-step delays (0: off).</summary>
    public int StepSampleEvery { get; init; }

    public int RunCount => Points.Count * Replications;

    public (SweepPoint Point, int Replication) RunAt(int runId) => (Points[runId / Replications], runId % Replications);
}
