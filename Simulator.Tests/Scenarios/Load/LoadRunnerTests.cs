using CpmSim.Core.Kernel;
using CpmSim.Core.Metrics;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Tests.Scenarios.Load;

public class LoadRunnerTests
{
    private static RunMetrics Run(ScenarioDefinition s, double? rate = null, long? sessions = null, ulong seed = 3, bool recordSessions = false)
    {
        WorkloadDefinition w = s.Workload!;
        if (rate is double r)
        {
            w = w with { Arrivals = new PoissonArrivals(r) };
        }

        if (sessions is long n)
        {
            w = w with { Sessions = n };
        }

        return LoadRunner.Run(s, new LoadOptions { Workload = w, Seed = seed, RecordSessions = recordSessions, StepSampleEvery = 20 });
    }

    private static string Csv(RunMetrics m)
    {
        var dir = Path.Combine(Path.GetTempPath(), "cpmsim-load-" + Guid.NewGuid().ToString("N"));
        try
        {
            LoadReportWriter.WriteAll(new LoadReport("t", [m]), dir);
            return string.Join("\n--\n", new[] { "summary.csv", "nodes.csv", "steps.csv", "latency-histogram.csv", "sessions.csv" }
                .Select(f => Path.Combine(dir, f)).Where(File.Exists).Select(File.ReadAllText));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Run_SameSeed_ByteIdenticalCsv_OtherSeedDifferent()
    {
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn("load-r01");

        string a = Csv(Run(s, sessions: 800, recordSessions: true));
        string b = Csv(Run(s, sessions: 800, recordSessions: true));
        string c = Csv(Run(s, sessions: 800, seed: 4, recordSessions: true));

        Assert.That(b, Is.EqualTo(a));
        Assert.That(c, Is.Not.EqualTo(a));
        Assert.That(a, Does.StartWith(LoadReportWriter.SummaryHeader));
    }

    [TestCase(40.0)]
    [TestCase(360.0)]
    public void Run_EverySessionEndsInExactlyOneOutcome(double rate)
    {
        // The CPM server does 10 messages × 2 ms = 20 ms of work per session: it saturates at 50
        // sessions/s, so 360/s is far past 3× its capacity.
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn("load-overload-udp");
        RunMetrics m = Run(s, rate, sessions: 1500, recordSessions: true);

        Assert.That(m.SessionsStarted, Is.EqualTo(1500));
        Assert.That(m.Outcomes.Values.Sum(), Is.EqualTo(m.SessionsStarted));
        Assert.That(m.Sessions!.Select(x => x.Session).Distinct().Count(), Is.EqualTo(1500));
        Assert.That(m.Sessions!.All(x => x.ReleasedNs >= x.InviteSentNs), Is.True, "every session reached its end");
        if (rate > 100)
        {
            Assert.That(m.Outcomes[SessionOutcome.Success], Is.LessThan(m.SessionsStarted), "overload must cost sessions");
        }
    }

    [Test]
    public void Run_PastTheKnee_GoodputFallsAndRetransmissionsRise()
    {
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn("load-overload-udp");
        double[] rates = [40, 80, 160, 320];
        var runs = rates.Select(r => Run(s, r, sessions: 1500)).ToList();
        double[] goodput = [.. runs.Select(m => m.Outcomes[SessionOutcome.Success] / (m.EndTime - m.MeasuredFrom).TotalSeconds)];
        long[] retransmissions = [.. runs.Select(m => m.Retransmissions)];

        Assert.That(retransmissions[0], Is.Zero, "below the knee nothing is retransmitted");
        Assert.That(retransmissions.Skip(1), Has.All.GreaterThan(1000), "past the knee queueing delays exceed T1 and requests are retransmitted");
        Assert.That(goodput[3], Is.LessThan(goodput[1]), $"goodput {string.Join(", ", goodput.Select(g => g.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.That(runs[3].Outcomes[SessionOutcome.Success], Is.LessThan(runs[1].Outcomes[SessionOutcome.Success]));
    }

    [Test]
    public void Run_LoadedNodes_LittlesLawAndUtilisationMatchOfferedWork()
    {
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn("load-r01");
        RunMetrics m = LoadRunner.Run(s, new LoadOptions { Workload = s.Workload! with { WarmUp = SimTime.Zero, Sessions = 3000 }, Seed = 9, StepSampleEvery = 0 });

        // Service means from the scenario file (exp distributions): cpm-server 1 ms, sip-core 0.5 ms, isf 2 ms, iwf-sms 2 ms, iwf-mms 3 ms.
        var serviceMs = new Dictionary<string, double> { ["cpm-server"] = 1, ["sip-core"] = 0.5, ["isf"] = 2, ["iwf-sms"] = 2, ["iwf-mms"] = 3 };
        foreach (NodeReport n in m.Nodes.Where(n => n.Servers > 0))
        {
            // The run starts and ends empty, so L = λW holds on the sample path up to rounding.
            double lambdaW = n.ThroughputPerSecond * (n.MeanWaitMs + n.MeanServiceMs) / 1000;
            Assert.That(n.MeanInSystem, Is.EqualTo(lambdaW).Within(1).Percent, $"Little's law at {n.Node}");

            // Utilisation = offered work / capacity = λ·E[S]/c with the analytic E[S] (sampling error ≈ 1/√n).
            double offered = n.ThroughputPerSecond * serviceMs[n.Node] / 1000 / n.Servers;
            Assert.That(n.Utilisation, Is.EqualTo(offered).Within(3).Percent, $"utilisation at {n.Node}");
        }
    }

    [Test]
    public void Run_FullQueue_Answers503WithRetryAfter_AndTheSessionEndsRejected()
    {
        // No waiting room and 100 ms per message at the CPM server: sessions 10 ms apart find it busy.
        ScenarioDefinition s = ScenarioLoader.Load("o503.yaml", "name: o\nextends: r01\nnodes:\n  cpm-server: {processing: {servers: 1, time: const(100ms), queue: 0}}\n");
        RunMetrics m = LoadRunner.Run(s, new LoadOptions
        {
            Workload = new WorkloadDefinition { Arrivals = new ConstantArrivals(100), Sessions = 50 },
            Seed = 1,
            RecordSessions = true,
        });

        Assert.That(m.Outcomes.Values.Sum(), Is.EqualTo(50));
        // Refused with 503 — or, when the busy server lost the answer coming back (responses are lost
        // on overload), its client transaction timed out in Calling and it answered 408 upstream (§16.7).
        int[] rejections = [.. m.Sessions!.Where(x => x.Outcome == SessionOutcome.SetupRejected).Select(x => x.FailureStatus)];
        Assert.That(rejections, Does.Contain(503).And.All.AnyOf(503, 408));
        Assert.That(m.Nodes.Single(n => n.Node == "cpm-server").Rejected, Is.GreaterThan(0));

        var request = new CpmSim.Scenarios.Sip.SipRequest { Method = CpmSim.Scenarios.Sip.SipMethod.Invite, CallId = CpmSim.Scenarios.Sip.CallId.ForSession(1, 1), Session = 1, CSeq = 1, CSeqMethod = CpmSim.Scenarios.Sip.SipMethod.Invite, Transaction = 1, RequestUri = "tel:1", Via = CpmSim.Scenarios.Sip.NodeList.Of(new CpmSim.Core.Network.NodeId(0)) };
        Assert.That(CpmSim.Scenarios.Sip.SipResponse.To(request, 503, new CpmSim.Core.Network.NodeId(1), null, retryAfter: SimTime.FromSeconds(1L)).Rendering, Is.EqualTo("503 (retry after 1s)"));
    }

    [Test]
    public void Run_TwoSessionsHeld10000Hours_EventsFollowTheModelNotVirtualTime()
    {
        // With progress reports and the queue series on: neither adds events, so the run fires the
        // model's few hundred events (before issue 18: 36 million, one per virtual second). No session
        // timers: their refreshes (every 15 min of the 10000 h) are model events of their own.
        ScenarioDefinition s = ScenarioLoader.Load("long.yaml", "name: long\nextends: load-r01\ntimers: {session-expires: none}\nworkload:\n  sessions: 2\n  warm-up: 0s\n  behaviour:\n    file-probability: 1\n    holding-time: const(10000h)\n");
        var reports = new List<LoadProgress>();
        RunMetrics m = LoadRunner.Run(s, new LoadOptions { Workload = s.Workload!, Seed = 1, Progress = reports.Add, ProgressEveryEvents = 50, QueueSeriesBuckets = 64 });

        Assert.That(m.EndTime, Is.GreaterThan(SimTime.FromSeconds(10_000L * 3600)), "the sessions were held");
        Assert.That(m.SessionsStarted, Is.EqualTo(2));
        Assert.That(m.EventsProcessed, Is.LessThan(2_000));
        Assert.That(reports, Has.Count.EqualTo((m.EventsProcessed / 50) + 1), "a report per 50 events and one at the end");
        Assert.That(reports[^1].Events, Is.EqualTo(m.EventsProcessed));
        Assert.That(m.QueueSeries.Select(q => q.Node), Is.EquivalentTo(m.Nodes.Where(n => n.Servers > 0).Select(n => n.Node)));
        Assert.That(m.QueueSeries.Select(q => q.Buckets.Count), Has.All.InRange(33, 64));
        Assert.That(m.QueueSeries.Select(q => q.Buckets[^1].EndNs), Has.All.EqualTo(m.EndTime.Nanoseconds));
    }

    [Test]
    public void Run_QueueSeriesAndProgressOnOrOff_SameEventsAndIdenticalCsv()
    {
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn("load-r01");
        WorkloadDefinition w = s.Workload! with { Sessions = 600 };
        RunMetrics Once(bool series, bool progress) => LoadRunner.Run(s, new LoadOptions
        {
            Workload = w,
            Seed = 6,
            StepSampleEvery = 20,
            QueueSeriesBuckets = series ? 128 : 0,
            Progress = progress ? _ => { } : null,
            ProgressEveryEvents = 1_000,
        });

        RunMetrics bare = Once(false, false);
        RunMetrics[] others = [Once(true, false), Once(false, true), Once(true, true)];

        Assert.That(bare.SessionsStarted, Is.GreaterThan(0));
        Assert.That(bare.QueueSeries, Is.Empty);
        Assert.That(others.Select(o => o.EventsProcessed), Has.All.EqualTo(bare.EventsProcessed));
        Assert.That(others.Select(Csv), Has.All.EqualTo(Csv(bare)));
        Assert.That(others[0].QueueSeries.Select(q => q.Buckets.Count), Has.All.InRange(1, 128));
        Assert.That(others[0].QueueSeries.SelectMany(q => q.Buckets).Max(b => b.Max), Is.GreaterThan(0), "queues formed and were recorded");
    }

    [Test]
    public void Run_WithWarmUp_ServedNeverExceedsArrivals_EveryArrivalAccountedFor()
    {
        // load-r01 at 70/s: the IWFs are busy when the 10 s warm-up ends. The messages in a node
        // then are arrivals of the measured window, so served ≤ arrivals, and the window ends at the
        // last arrival with some messages still in a node: arrivals = served + dropped + rejected +
        // in the node then, exactly.
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn("load-r01");
        RunMetrics m = LoadRunner.Run(s, new LoadOptions { Workload = s.Workload! with { Arrivals = new PoissonArrivals(70), Sessions = 1200 }, Seed = 2, StepSampleEvery = 0 });

        Assert.That(m.MeasuredFrom, Is.EqualTo(SimTime.FromSeconds(10L)));
        foreach (NodeReport n in m.Nodes)
        {
            Assert.That(n.Served, Is.LessThanOrEqualTo(n.Arrivals), n.Node);
            Assert.That(n.Arrivals, Is.EqualTo(n.Served + n.Dropped + n.Rejected + n.InNodeAtEnd), n.Node);
        }
    }

    [Test]
    public void AutoWarmUp_CutsWhereMserSays_AndCountsExactlyTheRest()
    {
        // warm-up: auto runs a pilot of the same replication, cuts by MSER-5 over set-up delays, and
        // measures from the start of the first kept session: the measured sessions are exactly the
        // sessions after the cut, outcomes still add up, and the same seed gives the same cut.
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn("load-r01");
        WorkloadDefinition w = s.Workload! with { AutoWarmUp = true, WarmUp = SimTime.Zero, Sessions = 1500 };
        RunMetrics Once() => LoadRunner.Run(s, new LoadOptions { Workload = w, Seed = 5, StepSampleEvery = 0 });

        RunMetrics a = Once();
        RunMetrics b = Once();

        Assert.That(a.WarmUpDetection, Is.Not.Null);
        MserResult cut = a.WarmUpDetection!.Value;
        Assert.That(a.SessionsStarted, Is.EqualTo(1500 - cut.Truncated));
        Assert.That(a.Outcomes.Values.Sum(), Is.EqualTo(a.SessionsStarted));
        Assert.That(cut.Truncated > 0 ? a.MeasuredFrom > SimTime.Zero : a.MeasuredFrom == SimTime.Zero, Is.True);
        Assert.That((b.MeasuredFrom, b.WarmUpDetection), Is.EqualTo((a.MeasuredFrom, a.WarmUpDetection)));
    }

    [Test]
    public void AutoWarmUp_IsReadFromTheScenarioFile()
    {
        ScenarioDefinition s = ScenarioLoader.Load("t.yaml", "name: t\nextends: load-r01\nworkload:\n  warm-up: auto\n");

        Assert.That(s.Workload!.AutoWarmUp, Is.True);
        Assert.That(s.Workload.WarmUp, Is.EqualTo(SimTime.Zero));
    }

    [Test]
    public void Summary_CutsIntervalsToWhatTheQuantityCanBe()
    {
        // Two replications with conformance 0.50 and 1.00: the raw Student-t interval is about
        // 0.75 ± 3.2, far outside [0, 1]; the summary reports it cut to [0, 1], with the mean unchanged.
        RunMetrics a = new() { Seed = 1, RunIndex = 0, SampledSessions = 10, SampledConforming = 5 };
        RunMetrics b = new() { Seed = 1, RunIndex = 1, SampledSessions = 10, SampledConforming = 10 };

        SummaryRow row = new LoadReport("t", [a, b])["flow_conformance"];
        (double _, double rawLow, double rawHigh) = LoadReport.MeanCi([0.5, 1.0]);

        Assert.That(rawLow, Is.LessThan(0));
        Assert.That(rawHigh, Is.GreaterThan(1));
        Assert.That((row.Mean, row.Ci95Low, row.Ci95High), Is.EqualTo((0.75, 0.0, 1.0)));
    }

    [Test]
    public void Run_HoldingTimesDrawnPastTheEndOfTheClock_EverySessionEndsAndProgressFollowsEvents()
    {
        // exp(mean=2562047h): a third of the holding times lie past SimTime.MaxValue (they used to
        // throw OverflowException) and the others last years. Those saturate at the end of the clock;
        // every session still ends, and progress reports and queue series follow the events, not the
        // idle years (one per second or 100 ms of them would be ~10^10 events). No session timers: a
        // refresh every 15 min of years-long sessions would be ~10^7 refreshes per session.
        ScenarioDefinition s = ScenarioLoader.Load("hold.yaml", "name: hold\nextends: load-r01\ntimers: {session-expires: none}\nworkload:\n  warm-up: 0s\n  behaviour:\n    holding-time: exp(mean=2562047h)\n");
        long ticks = 0;
        RunMetrics m = LoadRunner.Run(s, new LoadOptions
        {
            Workload = s.Workload! with { Sessions = 60 },
            Seed = 2,
            StepSampleEvery = 0,
            QueueSeriesBuckets = 64,
            ProgressEveryEvents = 100,
            Progress = _ => ticks++,
        });

        Assert.That(m.SessionsStarted, Is.EqualTo(60));
        Assert.That(m.Outcomes.Values.Sum(), Is.EqualTo(60));
        Assert.That(m.EndTime, Is.EqualTo(SimTime.MaxValue), "some holding times saturated at the end of the clock");
        Assert.That(ticks, Is.InRange(1, 10_000));
        Assert.That(m.QueueSeries, Is.Not.Empty);
        Assert.That(m.QueueSeries.Select(q => q.Buckets.Count), Is.All.InRange(1, 64));
    }
}
