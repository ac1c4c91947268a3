using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Scenarios.Sweeps;

/// <summary>Runs a sweep's share of runs (all, or shard <c>i</c> of <c>N</c>: runs with <c>id mod N = i</c>) on local cores.</summary>
public static class SweepRunner
{
    public static RunTable Run(SweepDefinition sweep, int shard = 0, int shards = 1, int parallel = 1, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        if (shards < 1 || shard < 0 || shard >= shards)
        {
            throw new ArgumentOutOfRangeException(nameof(shard), $"shard {shard}/{shards}: needs 0 ≤ i < N.");
        }

        int[] mine = [.. Enumerable.Range(0, sweep.RunCount).Where(id => id % shards == shard)];
        var scenarios = mine.Select(id => sweep.RunAt(id).Point).Distinct().ToDictionary(p => p, p => Load(sweep, p));
        var table = new RunTable(sweep.Parameters);
        int done = 0;
        Parallel.ForEach(mine, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel) }, id =>
        {
            (SweepPoint point, int replication) = sweep.RunAt(id);
            ScenarioDefinition scenario = scenarios[point];
            RunMetrics m = LoadRunner.Run(scenario, new LoadOptions
            {
                Workload = Workload(scenario, point),
                Seed = sweep.Seed,
                RunIndex = replication,
                StepSampleEvery = sweep.StepSampleEvery,
            });
            table.Add(id, point, replication, sweep.Seed, m);
            progress?.Invoke(Interlocked.Increment(ref done), mine.Length);
        });
        return table;
    }

    /// <summary>The point's scenario with its key-path values applied.</summary>
    public static ScenarioDefinition Load(SweepDefinition sweep, SweepPoint point)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(point);
        (string file, string text) = sweep.Scenarios.TryGetValue(point.Scenario, out var source)
            ? source
            : point.Scenario.EndsWith(".yaml", StringComparison.Ordinal) || point.Scenario.EndsWith(".yml", StringComparison.Ordinal)
                ? (point.Scenario, File.ReadAllText(point.Scenario))
                : ("builtin:" + point.Scenario, BuiltIn.ScenarioText(point.Scenario) ?? throw new InvalidOperationException($"no scenario '{point.Scenario}'."));
        return ScenarioLoader.Load(file, text, sweep.Overrides(point));
    }

    /// <summary>The scenario's workload with the point's overrides.</summary>
    public static WorkloadDefinition Workload(ScenarioDefinition scenario, SweepPoint point)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(point);
        WorkloadDefinition w = scenario.Workload
            ?? (point.Rate is double r ? new WorkloadDefinition { Arrivals = new PoissonArrivals(r), Sessions = point.Sessions ?? 1000 }
                : throw new InvalidOperationException($"scenario '{scenario.Name}' has no workload and the sweep gives no rate."));
        if (point.Rate is double rate)
        {
            w = w with { Arrivals = new PoissonArrivals(rate) };
        }

        if (point.Sessions is long n)
        {
            w = w with { Sessions = n };
        }

        if (point.MmsShare is double share)
        {
            w = w with { Population = (w.Population ?? new Population()) with { MmsShare = share } };
        }

        return w;
    }
}
