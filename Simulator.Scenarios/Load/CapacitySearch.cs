using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Scenarios.Load;

/// <summary>
/// The ETSI TS 186 008 design-objective capacity: offered load in constant steps of scenario
/// attempts per second (SAPS), each step an independent run of <c>duration</c>; a scenario attempt
/// is inadequately handled (IHS) when it fails or its set-up or modification delay exceeds the
/// workload's delay threshold; the DOC is the highest step that passes (IHS share ≤ threshold)
/// with every lower step passing.
/// </summary>
public static class CapacitySearch
{
    public static (IReadOnlyList<CapacityStep> Steps, double? Doc) Run(
        ScenarioDefinition scenario, IReadOnlyList<double> rates, SimTime stepDuration, double ihsThreshold,
        ulong? seed = null, bool poisson = false, int parallel = 1, int stopAfterFailures = 2)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(rates);
        WorkloadDefinition template = scenario.Workload ?? new WorkloadDefinition { Arrivals = new ConstantArrivals(1) };
        var steps = new CapacityStep[rates.Count];
        int failures = 0;
        int next = 0;

        // Steps run in batches of 'parallel'; the search stops once it has seen enough failing steps.
        while (next < rates.Count && failures < stopAfterFailures)
        {
            int[] batch = [.. Enumerable.Range(next, Math.Min(Math.Max(1, parallel), rates.Count - next))];
            Parallel.ForEach(batch, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel) }, i =>
            {
                double rate = rates[i];
                long sessions = Math.Max(1, (long)Math.Round(rate * stepDuration.TotalSeconds));
                RunMetrics m = LoadRunner.Run(scenario, new LoadOptions
                {
                    Seed = seed,
                    RunIndex = 0,
                    StepSampleEvery = 0,
                    Workload = template with
                    {
                        Arrivals = poisson ? new PoissonArrivals(rate) : new ConstantArrivals(rate),
                        Sessions = sessions,
                        Duration = null,
                        WarmUp = SimTime.Zero,
                    },
                });
                steps[i] = new CapacityStep(i, rate, m.SessionsStarted, m.InadequatelyHandled, m.IhsShare,
                    m.ModificationDelay.PercentileMs(99), m.SessionRequestDelay.PercentileMs(99), m.IhsShare <= ihsThreshold);
            });
            failures += batch.Count(i => !steps[i].Passed);
            next += batch.Length;
        }

        var done = steps.Take(next).ToList();
        double? doc = null;
        foreach (CapacityStep s in done)
        {
            if (!s.Passed)
            {
                break;
            }

            doc = s.Saps;
        }

        return (done, doc);
    }
}
