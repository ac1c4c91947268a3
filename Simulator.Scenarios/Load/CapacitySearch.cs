using CpmSim.Core.Kernel;
using CpmSim.Core.Metrics;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Scenarios.Load;

/// <summary>
/// The ETSI TS 186 008 design-objective capacity (DOC), by the standard's procedure: one run over a
/// stair of load steps (scenario attempts per second, SAPS), each step following the last without
/// emptying the system in between; every scenario attempt belongs to the step it started in and is
/// followed to its end, which may fall in a later step, so a short step cannot hide its slow or
/// failed attempts in the next one. An attempt is inadequately handled (IHS) when it fails or its
/// set-up or modification delay exceeds the workload's delay threshold; a step passes when its
/// IHS share is within the threshold and no backlog grows through it (MSER-5 over its attempts'
/// delays does not hit its limit: a load just above capacity, whose delays would cross the threshold
/// only in a longer step, fails), and the DOC is the highest step that passes with every lower
/// step passing. The run stops once <c>stopAfterFailures</c> steps have certainly failed and every
/// step below the first of them is decided.
/// </summary>
public static class CapacitySearch
{
    public static (IReadOnlyList<CapacityStep> Steps, double? Doc) Run(
        ScenarioDefinition scenario, CapacitySettings settings, ulong? seed = null, bool poisson = false, int stopAfterFailures = 2)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Run(scenario, settings.Rates, settings.StepDuration, settings.IhsThreshold, seed, poisson, stopAfterFailures);
    }

    public static (IReadOnlyList<CapacityStep> Steps, double? Doc) Run(
        ScenarioDefinition scenario, IReadOnlyList<double> rates, SimTime stepDuration, double ihsThreshold,
        ulong? seed = null, bool poisson = false, int stopAfterFailures = 2)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(rates);
        if (rates.Count == 0 || stepDuration <= SimTime.Zero)
        {
            throw new ArgumentException("A capacity search needs at least one step of positive duration.");
        }

        WorkloadDefinition template = scenario.Workload ?? new WorkloadDefinition { Arrivals = new ConstantArrivals(1) };
        var ramp = new SteppedArrivals([.. rates.Select(r => (r, stepDuration))], poisson);
        long thresholdNs = template.DelayThreshold.Nanoseconds;
        int n = rates.Count;
        long[] started = new long[n];
        long[] ended = new long[n];
        long[] ihs = new long[n];
        long[] firstId = new long[n];
        var delays = new SessionSeries();
        var setup = new LatencyRecorder[n];
        var modification = new LatencyRecorder[n];
        for (int i = 0; i < n; i++)
        {
            setup[i] = new LatencyRecorder();
            modification[i] = new LatencyRecorder();
        }

        bool ArrivalsDone(int i, long now) => now >= ramp.StepEndNs(i);
        bool Failed(int i, long now) => ArrivalsDone(i, now) && ihs[i] > ihsThreshold * started[i];
        bool Complete(int i, long now) => ArrivalsDone(i, now) && ended[i] == started[i];

        bool Decided(long now)
        {
            int failedSteps = 0;
            int firstFailed = -1;
            for (int i = 0; i < n; i++)
            {
                if (Failed(i, now))
                {
                    failedSteps++;
                    firstFailed = firstFailed < 0 ? i : firstFailed;
                }
            }

            if (failedSteps < Math.Max(1, stopAfterFailures))
            {
                return false;
            }

            for (int i = 0; i < firstFailed; i++)
            {
                if (!Complete(i, now))
                {
                    return false;
                }
            }

            return true;
        }

        long lastNow = 0;
        RunMetrics unused = LoadRunner.Run(scenario, new LoadOptions
        {
            Seed = seed,
            RunIndex = 0,
            StepSampleEvery = 0,
            Workload = template with { Arrivals = ramp, Sessions = null, Duration = null, WarmUp = SimTime.Zero, AutoWarmUp = false },
            SessionStarted = (id, now) =>
            {
                int i = ramp.StepAt(now);
                if (started[i]++ == 0)
                {
                    firstId[i] = id;
                }
            },
            SessionEnded = (r, now) =>
            {
                int i = ramp.StepAt(r.InviteSentNs);
                ended[i]++;
                lastNow = now;
                delays.Set(r.Session, SteadyState.Observation(r, now));
                if (LoadRunner.IsInadequatelyHandled(r, thresholdNs))
                {
                    ihs[i]++;
                }

                if (r.EstablishedNs >= 0)
                {
                    setup[i].Record(r.EstablishedNs - r.InviteSentNs);
                }

                if (r.ModificationAnsweredNs >= 0)
                {
                    modification[i].Record(r.ModificationAnsweredNs - r.ModificationSentNs);
                }

                return Decided(now);
            },
        });
        long end = Math.Max(lastNow, unused.EndTime.Nanoseconds);

        // Report up to the last step that certainly failed when the search stopped early; every step otherwise.
        int last = n - 1;
        if (Decided(end))
        {
            last = Enumerable.Range(0, n).Where(i => Failed(i, end)).Skip(Math.Max(1, stopAfterFailures) - 1).First();
        }

        var steps = new List<CapacityStep>();
        for (int i = 0; i <= last; i++)
        {
            double share = started[i] == 0 ? 0 : (double)ihs[i] / started[i];
            bool steady = !Mser.Truncation(delays.Range(firstId[i], firstId[i] + started[i] - 1)).AtLimit;
            bool passed = Complete(i, end) && ihs[i] <= ihsThreshold * started[i] && steady;
            steps.Add(new CapacityStep(i, rates[i], (i * stepDuration.Nanoseconds) / 1e9, ramp.StepEndNs(i) / 1e9, started[i], started[i] - ended[i], ihs[i], share,
                modification[i].PercentileMs(99), setup[i].PercentileMs(99), steady, passed));
        }

        double? doc = null;
        foreach (CapacityStep s in steps)
        {
            if (!s.Passed)
            {
                break;
            }

            doc = s.Saps;
        }

        return (steps, doc);
    }
}
