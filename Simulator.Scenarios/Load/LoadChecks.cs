using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Scenarios.Load;

/// <summary>Evaluates a scenario's load expectations: one run per distinct rate, one capacity search for <c>doc</c>.</summary>
public static class LoadChecks
{
    public sealed record Verdict(LoadExpectation Expectation, double Actual, bool Passed, string? Problem = null)
    {
        public override string ToString() => Problem is not null
            ? $"{Expectation.Text}: {Problem}"
            : $"{Expectation.Text}: {LoadReportWriter.Num(Math.Round(Actual, 4))} {(Passed ? "ok" : "VIOLATED")}";
    }

    public static IReadOnlyList<Verdict> Evaluate(ScenarioDefinition scenario, ulong? seed = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var verdicts = new List<Verdict>();
        if (scenario.Expect.Load.Count == 0)
        {
            return verdicts;
        }

        WorkloadDefinition? workload = scenario.Workload;
        foreach (IGrouping<double?, LoadExpectation> group in scenario.Expect.Load.Where(e => !e.IsCapacity).GroupBy(e => e.Rate))
        {
            if (workload is null && group.Key is null)
            {
                verdicts.AddRange(group.Select(e => new Verdict(e, double.NaN, false, "the scenario has no workload to run; add one or write 'at R/s'")));
                continue;
            }

            WorkloadDefinition w = workload ?? new WorkloadDefinition { Arrivals = new PoissonArrivals(group.Key!.Value), Sessions = 1000 };
            if (group.Key is double rate)
            {
                w = w with { Arrivals = new PoissonArrivals(rate) };
            }

            RunMetrics run = LoadRunner.Run(scenario, new LoadOptions { Workload = w, Seed = seed, StepSampleEvery = 0 });
            var report = new LoadReport(scenario.Name, [run]);
            foreach (LoadExpectation e in group)
            {
                if (run.SteadyStateProblem is string transient && !LoadExpectation.FaultMetrics.Contains(e.Metric, StringComparer.Ordinal))
                {
                    // A transient's figure estimates nothing: a bound checked on it neither holds nor fails
                    // on the evidence, so the check does not pass.
                    verdicts.Add(new Verdict(e, double.NaN, false, $"the run ({w.Arrivals.Text}) is not in steady state ({transient}), so '{e.Metric}' is a transient, not an estimate. Hint: lower the load or lengthen the run"));
                    continue;
                }

                SummaryRow? row = report.Rows.FirstOrDefault(r => r.Metric == e.Metric);
                if (row is null && LoadExpectation.FaultMetrics.Contains(e.Metric, StringComparer.Ordinal))
                {
                    verdicts.Add(new Verdict(e, double.NaN, false, $"'{e.Metric}' measures faults, and the scenario has none; add a 'faults:' list"));
                    continue;
                }

                if (row is null)
                {
                    verdicts.Add(new Verdict(e, double.NaN, false, $"unknown metric '{e.Metric}'; metrics: {string.Join(", ", report.Rows.Select(r => r.Metric))}, doc"));
                    continue;
                }

                double actual = e.Stat switch
                {
                    "p50" => row.P50,
                    "p90" => row.P90,
                    "p99" => row.P99,
                    "p999" => row.P999,
                    "max" => row.Max,
                    _ => row.Mean,
                };
                verdicts.Add(double.IsPositiveInfinity(actual) && e.Metric == "recovery_time"
                    ? new Verdict(e, actual, false, "a fault's success ratio never came back within 1 point of its level before the fault (see faults.csv)")
                    : double.IsNaN(actual)
                    ? new Verdict(e, actual, false, $"'{e.Metric}' has no {e.Stat} (no samples, or not a delay)")
                    : new Verdict(e, actual, e.Holds(actual)));
            }
        }

        var capacity = scenario.Expect.Load.Where(e => e.IsCapacity).ToList();
        if (capacity.Count > 0)
        {
            CapacitySettings c = scenario.Expect.Capacity;
            (_, double? doc) = CapacitySearch.Run(scenario, c, seed);
            verdicts.AddRange(capacity.Select(e => new Verdict(e, doc ?? 0, e.Holds(doc ?? 0))));
        }

        return verdicts;
    }
}
