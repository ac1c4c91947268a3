using System.Diagnostics;
using CpmSim.Core.Kernel;
using CpmSim.Core.Metrics;
using CpmSim.Core.Network;
using CpmSim.Core.Tracing;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Scenarios.Load;

/// <summary>
/// Runs one replication of a load scenario: the workload's sessions on the scenario's network,
/// until every session has ended. Metrics stream into histograms and counters; nothing per session
/// is kept unless asked for, so memory is bounded by the sessions in progress.
/// </summary>
public static class LoadRunner
{
    public static RunMetrics Run(ScenarioDefinition scenario, LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Workload.AutoWarmUp)
        {
            return RunCore(scenario, options, null);
        }

        // warm-up: auto — a pilot run of the same replication (same seed and index, so the same
        // sessions) records each session's set-up delay by start time; MSER-5 picks the cut; the
        // replication then runs with the warm-up ending where the first kept session started.
        var observed = new List<(long Start, double Delay)>();
        RunCore(scenario, options with
        {
            Workload = options.Workload with { AutoWarmUp = false, WarmUp = SimTime.Zero },
            StepSampleEvery = 0,
            RecordSessions = false,
            QueueSeriesBuckets = 0,
            PendingEvents = null,
        }, (r, endNs) => observed.Add((r.InviteSentNs, (r.EstablishedNs >= 0 ? r.EstablishedNs : endNs) - r.InviteSentNs)));
        observed.Sort((a, b) => a.Start.CompareTo(b.Start));
        MserResult cut = Mser.Truncation(observed.Select(o => o.Delay).ToList());
        SimTime warmUp = cut.Truncated < observed.Count && cut.Truncated > 0 ? new SimTime(observed[cut.Truncated].Start) : SimTime.Zero;
        RunMetrics metrics = RunCore(scenario, options with { Workload = options.Workload with { AutoWarmUp = false, WarmUp = warmUp } }, null);
        metrics.WarmUpDetection = cut;
        return metrics;
    }

    private static RunMetrics RunCore(ScenarioDefinition scenario, LoadOptions options, Action<SessionRecord, long>? observe)
    {
        WorkloadDefinition workload = options.Workload;
        BuiltScenario built = ScenarioBuilder.Build(scenario, options.Seed, options.RunIndex, options.PendingEvents);
        Simulation sim = built.Simulation;
        ulong seed = sim.Random.Seed;
        if (workload.Population is Population population)
        {
            foreach (Isf isf in built.Network.Nodes.OfType<Isf>())
            {
                population.Register(isf.Recipients, seed);
            }
        }

        var metrics = new RunMetrics { Seed = seed, RunIndex = options.RunIndex, Sessions = options.RecordSessions ? [] : null };
        SessionTraceCollector? collector = null;
        if (options.StepSampleEvery > 0 && scenario.Flow is not null)
        {
            collector = new SessionTraceCollector(scenario.Flow, built.RoleOfNode, metrics, scenario.FlowMix);
            built.Network.Tracer = new Tracer(collector) { SampleEvery = options.StepSampleEvery };
        }

        long warmNs = workload.WarmUp.Nanoseconds;
        long thresholdNs = workload.DelayThreshold.Nanoseconds;
        long ended = 0;
        built.Client.SessionEnded += r =>
        {
            ended++;
            observe?.Invoke(r, sim.Now.Nanoseconds);
            bool counted = r.InviteSentNs >= warmNs;
            collector?.Finish(r.Session, counted, r.ModificationSentNs >= 0);
            if (counted)
            {
                Count(metrics, r, thresholdNs);
            }
        };

        var source = new WorkloadSource(sim, built.Client, scenario.Session, workload);
        source.Start(sim);
        if (warmNs > 0)
        {
            sim.ScheduleAt(workload.WarmUp, s =>
            {
                foreach (Node node in built.Network.Nodes)
                {
                    node.Statistics.Reset(s.Now.Nanoseconds);
                }
            });
        }

        metrics.MeasuredFrom = workload.WarmUp;
        Node[] queued = options.QueueSeriesBuckets > 0 ? [.. built.Network.Nodes.Where(n => n.Service is not null)] : [];
        foreach (Node n in queued)
        {
            // Fed by the node at every change of its queue: no sampling events.
            n.Statistics.QueueLength.Series = new BoundedTimeSeries(options.QueueSeriesBuckets);
        }

        if (options.Progress is Action<LoadProgress> progress)
        {
            // Between chunks of events, not by events of its own: the run is the same with or without it.
            long chunk = Math.Max(1, options.ProgressEveryEvents);
            while (sim.RunEvents(chunk))
            {
                progress(new LoadProgress(sim.Now, source.Started, ended, built.Client.ActiveSessions, sim.EventsProcessed, workload.Sessions));
            }

            progress(new LoadProgress(sim.Now, source.Started, ended, built.Client.ActiveSessions, sim.EventsProcessed, workload.Sessions));
        }
        else
        {
            sim.Run();
        }

        foreach (Node n in queued)
        {
            metrics.QueueSeries.Add((n.Name, n.Statistics.QueueLength.Series!.Buckets(sim.Now.Nanoseconds)));
        }

        Debug.Assert(built.Client.ActiveSessions == 0, "every session ends");
        metrics.OpenTraces = collector?.OpenSessions ?? 0;
        metrics.EventsProcessed = sim.EventsProcessed;
        metrics.EndTime = sim.Now;
        metrics.LostMessages = built.Network.LostMessages;
        metrics.Retransmissions = built.Network.Nodes.OfType<SipNode>().Sum(n => n.Retransmissions);
        Report(metrics, built, Math.Max(warmNs, 0), sim.Now.Nanoseconds);
        return metrics;
    }

    private static void Count(RunMetrics m, SessionRecord r, long thresholdNs)
    {
        m.SessionsStarted++;
        m.Outcomes[r.Outcome]++;
        m.Sessions?.Add(r);
        bool slow = false;
        if (r.EstablishedNs >= 0)
        {
            m.Established++;
            long srd = r.EstablishedNs - r.InviteSentNs;
            m.SessionRequestDelay.Record(srd);
            slow |= srd > thresholdNs;
        }

        if (r.ModificationAnsweredNs >= 0)
        {
            long mod = r.ModificationAnsweredNs - r.ModificationSentNs;
            m.ModificationDelay.Record(mod);
            slow |= mod > thresholdNs;
        }

        if (r.NewSessionNs >= 0)
        {
            m.NewSessionDelay.Record(r.NewSessionNs - r.ModificationSentNs);
        }

        // A rejected file stream is the network's correct answer when no IWF can carry it (the
        // no-alternative variant), so it counts as handled; failures, timeouts and slow answers do not.
        if (slow || r.Outcome is not (SessionOutcome.Success or SessionOutcome.FileRejected))
        {
            m.InadequatelyHandled++;
        }
    }

    private static void Report(RunMetrics m, BuiltScenario built, long fromNs, long toNs)
    {
        double span = Math.Max(1, toNs - fromNs);
        foreach (Node node in built.Network.Nodes)
        {
            NodeStatistics s = node.Statistics;
            int servers = node.Service?.Servers ?? 0;
            string kind = built.Definition.Nodes.FirstOrDefault(n => n.Name == node.Name)?.Kind.ToString() ?? node.GetType().Name;
            double busy = s.BusyServers.Integral(toNs) / span;
            double queue = s.QueueLength.Integral(toNs) / span;
            m.Nodes.Add(new NodeReport(
                (node as SipNode)?.Retransmissions ?? 0,
                node.Name,
                kind,
                servers,
                s.Arrivals,
                s.Served,
                s.Dropped,
                s.Rejected,
                servers == 0 ? 0 : busy / servers,
                queue,
                s.QueueLength.Max,
                s.MeanWaitNs / 1e6,
                s.Started == 0 ? 0 : s.TotalServiceNs / s.Started / 1e6,
                queue + busy,
                s.Served / (span / SimTime.NanosPerSecond)));
        }
    }
}
