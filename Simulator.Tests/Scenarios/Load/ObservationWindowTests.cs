using CpmSim.Core.Kernel;
using CpmSim.Core.Metrics;
using CpmSim.Core.Random;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Tests.Scenarios.Load;

/// <summary>
/// The observation window (end of warm-up → last arrival), checked against references that do not
/// come from the simulator: a figure over the window does not depend on the run's length, and the
/// utilisation law, Little's law and goodput = offered rate × success share hold.
/// </summary>
public class ObservationWindowTests
{
    private const double Rate = 60;
    private const int Replications = 3;

    private RunMetrics[] _short = [];
    private RunMetrics[] _long = [];

    [OneTimeSetUp]
    public void RunBoth()
    {
        // load-r01 at 60/s (the SMS IWF, the bottleneck, at ρ ≈ 0.7) with sessions shorter than the
        // scenario's (a session's modification comes ~3 s after it starts, not ~14 s), so that the 5 s
        // warm-up covers the start-up of every stage and the runs stay small. The run drains for several
        // seconds after the last arrival: a figure divided by a span running to the drain's end would
        // differ by tens of percent between the two lengths.
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn("load-r01");
        WorkloadDefinition w = s.Workload! with
        {
            Arrivals = new PoissonArrivals(Rate),
            WarmUp = SimTime.FromSeconds(5L),
            Behaviour = s.Workload.Behaviour with
            {
                ChatInterval = DistributionParser.Parse("exp(mean=500ms)"),
                HoldingTime = DistributionParser.Parse("exp(mean=2s)"),
                ReleaseAfter = DistributionParser.Parse("exp(mean=1s)"),
            },
        };
        var runs = new RunMetrics[2 * Replications];
        Parallel.For(0, runs.Length, i => runs[i] = LoadRunner.Run(s, new LoadOptions
        {
            Workload = w with { Sessions = i < Replications ? 1000 : 4000 },
            Seed = 11,
            RunIndex = i % Replications,
            StepSampleEvery = 0,
        }));
        _short = runs[..Replications];
        _long = runs[Replications..];
    }

    [Test]
    public void Window_RunsFromWarmUpToLastArrival_NotToTheDrain()
    {
        foreach (RunMetrics m in _short.Concat(_long))
        {
            Assert.That(m.MeasuredFrom, Is.EqualTo(SimTime.FromSeconds(5L)));
            Assert.That(m.MeasuredTo, Is.LessThan(m.EndTime), "the run drains after the last arrival");
            Assert.That(m.IsSteady, Is.True, m.SteadyStateProblem);
        }
    }

    [Test]
    public void UtilisationAndThroughput_FourTimesAsManySessions_SameWithinConfidenceIntervals()
    {
        // "Within their CIs": the two 95% intervals over replications overlap, at every node. A small
        // absolute floor covers nodes that do (almost) nothing, whose intervals are points.
        foreach (string node in _short[0].Nodes.Select(n => n.Node))
        {
            foreach ((string what, Func<NodeReport, double> pick, double floor) in new (string, Func<NodeReport, double>, double)[]
                     {
                         ("utilisation", n => n.Utilisation, 0.005),
                         ("throughput", n => n.ThroughputPerSecond, 1.0),
                     })
            {
                ConfidenceInterval a = ConfidenceInterval.Of([.. _short.Select(r => pick(r.Nodes.Single(n => n.Node == node)))]);
                ConfidenceInterval b = ConfidenceInterval.Of([.. _long.Select(r => pick(r.Nodes.Single(n => n.Node == node)))]);
                double allowed = Math.Max(floor, (a.High - a.Low + b.High - b.Low) / 2);
                Assert.That(Math.Abs(a.Mean - b.Mean), Is.LessThanOrEqualTo(allowed),
                    $"{node} {what}: {a.Mean:0.####} [{a.Low:0.####}, {a.High:0.####}] with 1,000 sessions, {b.Mean:0.####} [{b.Low:0.####}, {b.High:0.####}] with 4,000");
            }
        }

        NodeReport sms = _long[0].Nodes.Single(n => n.Node == "iwf-sms");
        Assert.That(sms.Utilisation, Is.InRange(0.6, 0.8), "the bottleneck is busy: the comparison means something");
    }

    [Test]
    public void UtilisationLaw_EveryNode_UEqualsThroughputTimesServiceOverServers()
    {
        // U = X·S/c. Over a window the two sides differ only by the service in progress at its two
        // ends (at most c services of a few ms against a window of tens of seconds): 2% is ample.
        foreach (NodeReport n in _short.Concat(_long).SelectMany(r => r.Nodes).Where(n => n.Servers > 0 && n.Served > 0))
        {
            double law = n.ThroughputPerSecond * n.MeanServiceMs / 1000 / n.Servers;
            Assert.That(n.Utilisation, Is.EqualTo(law).Within(2).Percent.Or.EqualTo(law).Within(0.002), n.Node);
        }
    }

    [Test]
    public void LittlesLaw_EveryNode_MeanInSystemEqualsThroughputTimesTimeInNode()
    {
        // L = λW, with λ the node's throughput over the window and W its mean wait plus service. The
        // messages in a node at the window's two ends are the only difference (a few against
        // thousands): 3%, or 0.005 messages for a node that is nearly always empty.
        foreach (NodeReport n in _short.Concat(_long).SelectMany(r => r.Nodes).Where(n => n.Servers > 0 && n.Served > 0))
        {
            double law = n.ThroughputPerSecond * (n.MeanWaitMs + n.MeanServiceMs) / 1000;
            Assert.That(n.MeanInSystem, Is.EqualTo(law).Within(3).Percent.Or.EqualTo(law).Within(0.005), n.Node);
        }
    }

    [Test]
    public void Goodput_BelowSaturation_EqualsOfferedRateTimesSuccessShare()
    {
        // Sessions arrive as a Poisson process at 60/s: over the window of N arrivals the measured rate
        // N/T has a relative standard deviation of 1/√N (0.9% for the 12,000 sessions pooled here),
        // so 4% is over four standard deviations.
        double successes = _long.Sum(r => r.Outcomes[SessionOutcome.Success]);
        double sessions = _long.Sum(r => r.SessionsStarted);
        double goodput = _long.Average(r => r.GoodputPerSecond);
        Assert.That(goodput, Is.EqualTo(Rate * successes / sessions).Within(4).Percent);
        Assert.That(_long.Average(r => r.AttemptsPerSecond), Is.EqualTo(Rate).Within(4).Percent);
    }
}
