using System.Diagnostics;
using CpmSim.Core.Kernel;
using CpmSim.Core.Metrics;
using CpmSim.Core.Network;
using CpmSim.Core.Tracing;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Sip;
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
            Capture = null,
            RecordSessions = false,
            QueueSeriesBuckets = 0,
            PendingEvents = null,
            Fingerprint = null,
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
        if (options.Fingerprint is string ingredients)
        {
            if (ingredients.Contains('s', StringComparison.Ordinal))
            {
                throw new ArgumentException($"fingerprint ingredient 's' (flow step) applies to replays only: a load run has no step per event; choose others among {Fingerprint.Codes}.", nameof(options));
            }

            sim.Fingerprint = new Fingerprint(ingredients);
        }

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

        if (options.Capture is Wire.SessionCapture capture)
        {
            // The capture sees the sessions step sampling traces (all of them when it is off).
            capture.Attach(built);
            built.Network.Tracer = collector is null
                ? new Tracer(capture)
                : new Tracer(collector, capture) { SampleEvery = options.StepSampleEvery };
        }

        long warmNs = workload.WarmUp.Nanoseconds;
        long thresholdNs = workload.DelayThreshold.Nanoseconds;
        long ended = 0;

        // Each counted session's observation for the steady-state check, by arrival order (session ids
        // count from 1 in arrival order): its set-up delay (or its time to failure), or its
        // modification delay when that is longer.
        var observations = new SessionSeries();
        bool stopped = false;
        IReadOnlyList<FaultDefinition> faults = scenario.Faults;
        long[] affected = new long[faults.Count];
        long[] endedBefore = new long[faults.Count];
        long[] handledBefore = new long[faults.Count];
        built.Client.SessionEnded += r =>
        {
            ended++;
            metrics.Timeline.Add(r);
            for (int i = 0; i < faults.Count; i++)
            {
                // In progress at some time while the fault lasted.
                if (r.InviteSentNs < faults[i].EndNs && sim.Now.Nanoseconds >= faults[i].At.Nanoseconds)
                {
                    affected[i]++;
                }
                else if (sim.Now.Nanoseconds < faults[i].At.Nanoseconds && r.InviteSentNs >= warmNs)
                {
                    endedBefore[i]++; // untouched by the fault: its level before
                    handledBefore[i] += Timeline.IsHandled(r.Outcome) ? 1 : 0;
                }
            }

            if (options.SessionEnded?.Invoke(r, sim.Now.Nanoseconds) == true && !stopped)
            {
                stopped = true;
                sim.Stop();
            }

            observe?.Invoke(r, sim.Now.Nanoseconds);
            bool counted = r.InviteSentNs >= warmNs;
            collector?.Finish(r.Session, counted, r.ModificationSentNs >= 0);
            if (counted)
            {
                Count(metrics, r, thresholdNs);
                observations.Set(r.Session, SteadyState.Observation(r, sim.Now.Nanoseconds));
            }
        };

        // The observation window: from the end of the warm-up to the last arrival. Node statistics
        // restart at the warm-up's end and are frozen (snapshot) in the handler of the last arrival,
        // so no figure depends on how long the drain after it takes.
        SipNode[] sipNodes = [.. built.Network.Nodes.OfType<SipNode>()];
        long[] retransmissionsAtStart = new long[built.Network.Nodes.Count];
        long lostAtStart = 0;
        NodeStatisticsSnapshot[]? window = null;
        long[] retransmissionsAtEnd = new long[built.Network.Nodes.Count];
        long lostAtEnd = 0;
        long windowEnd = -1;
        void Freeze(long now)
        {
            window = [.. built.Network.Nodes.Select(n => n.Statistics.Snapshot(now))];
            for (int i = 0; i < built.Network.Nodes.Count; i++)
            {
                retransmissionsAtEnd[i] = (built.Network.Nodes[i] as SipNode)?.Retransmissions ?? 0;
            }

            lostAtEnd = built.Network.LostMessages;
            windowEnd = now;
        }

        var source = new WorkloadSource(sim, built.Client, scenario.Session, workload);
        source.ArrivalsEnded += s =>
        {
            // Arrivals that end within the warm-up leave an empty window, frozen when the warm-up ends.
            if (s.Now.Nanoseconds >= warmNs)
            {
                Freeze(s.Now.Nanoseconds);
            }
        };
        if (options.SessionStarted is Action<long, long> started)
        {
            source.SessionStarted += started;
        }

        source.Start(sim);
        if (warmNs > 0)
        {
            sim.ScheduleAt(workload.WarmUp, s =>
            {
                for (int i = 0; i < built.Network.Nodes.Count; i++)
                {
                    Node node = built.Network.Nodes[i];
                    node.Statistics.Reset(s.Now.Nanoseconds);
                    retransmissionsAtStart[i] = (node as SipNode)?.Retransmissions ?? 0;
                }

                lostAtStart = built.Network.LostMessages;
                if (source.Finished && window is null)
                {
                    Freeze(s.Now.Nanoseconds);
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

        Debug.Assert(stopped || built.Client.ActiveSessions == 0, "every session ends");
        if (window is null)
        {
            // The run stopped before its arrivals did (it cannot here: a guard).
            Freeze(sim.Now.Nanoseconds);
        }

        metrics.OpenTraces = collector?.OpenSessions ?? 0;
        metrics.EventsProcessed = sim.EventsProcessed;
        metrics.Fingerprint = sim.Fingerprint?.ToString();
        metrics.EndTime = sim.Now;
        metrics.MeasuredTo = new SimTime(Math.Max(windowEnd, Math.Max(warmNs, 0)));
        metrics.LostMessages = lostAtEnd - lostAtStart;
        metrics.Retransmissions = built.Network.Nodes.Select((n, i) => retransmissionsAtEnd[i] - retransmissionsAtStart[i]).Sum();
        Report(metrics, built, window!, retransmissionsAtStart, retransmissionsAtEnd);
        for (int i = 0; i < faults.Count; i++)
        {
            metrics.Faults.Add(FaultImpact.Measure(i + 1, faults[i], metrics.Timeline, affected[i], endedBefore[i] == 0 ? double.NaN : (double)handledBefore[i] / endedBefore[i]));
        }

        SteadyState.Judge(metrics, observations.Window(metrics.SessionsStarted));
        return metrics;
    }

    private static void Count(RunMetrics m, SessionRecord r, long thresholdNs)
    {
        m.SessionsStarted++;
        m.Outcomes[r.Outcome]++;
        m.Sessions?.Add(r);
        if (r.EstablishedNs >= 0)
        {
            m.Established++;
            m.SessionRequestDelay.Record(r.EstablishedNs - r.InviteSentNs);
        }

        if (r.ModificationAnsweredNs >= 0)
        {
            m.ModificationDelay.Record(r.ModificationAnsweredNs - r.ModificationSentNs);
        }

        if (r.NewSessionNs >= 0)
        {
            m.MediaAddedDelay.Record(r.NewSessionNs - r.ModificationSentNs);
        }

        if (IsInadequatelyHandled(r, thresholdNs))
        {
            m.InadequatelyHandled++;
        }
    }

    /// <summary>
    /// ETSI TS 186 008: a scenario attempt is inadequately handled when it fails, times out, or its
    /// set-up, modification or media-added delay exceeds the threshold. A rejected file stream is the network's
    /// correct answer when no IWF can carry it (the no-alternative variant), so it counts as handled.
    /// </summary>
    public static bool IsInadequatelyHandled(SessionRecord r, long thresholdNs)
    {
        ArgumentNullException.ThrowIfNull(r);
        bool slow = (r.EstablishedNs >= 0 && r.EstablishedNs - r.InviteSentNs > thresholdNs)
                    || (r.ModificationAnsweredNs >= 0 && r.ModificationAnsweredNs - r.ModificationSentNs > thresholdNs)
                    || (r.NewSessionNs >= 0 && r.NewSessionNs - r.ModificationSentNs > thresholdNs);
        return slow || r.Outcome is not (SessionOutcome.Success or SessionOutcome.FileRejected);
    }

    private static void Report(RunMetrics m, BuiltScenario built, NodeStatisticsSnapshot[] window, long[] retransmissionsAtStart, long[] retransmissionsAtEnd)
    {
        for (int i = 0; i < built.Network.Nodes.Count; i++)
        {
            Node node = built.Network.Nodes[i];
            NodeStatisticsSnapshot s = window[i];
            int servers = node.Service?.Servers ?? 0;
            string kind = built.Definition.Nodes.FirstOrDefault(n => n.Name == node.Name)?.Kind.ToString() ?? node.GetType().Name;
            double seconds = s.Seconds;
            m.Nodes.Add(new NodeReport(
                retransmissionsAtEnd[i] - retransmissionsAtStart[i],
                node.Name,
                kind,
                servers,
                s.Arrivals,
                s.Served,
                s.Dropped,
                s.Rejected,
                servers == 0 ? 0 : s.MeanBusy / servers,
                s.MeanQueue,
                s.QueueMax,
                s.MeanWaitNs / 1e6,
                s.MeanServiceNs / 1e6,
                s.MeanQueue + s.MeanBusy,
                seconds > 0 ? s.Served / seconds : 0,
                s.InNode));
        }
    }
}
