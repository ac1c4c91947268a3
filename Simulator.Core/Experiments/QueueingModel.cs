using CpmSim.Core.Kernel;
using CpmSim.Core.Metrics;
using CpmSim.Core.Network;
using CpmSim.Core.Random;

namespace CpmSim.Core.Experiments;

/// <summary>
/// An M/M/c (or G/G/c) station built from real nodes: a job source, a station with an ingress of c
/// servers, and a sink, joined by zero-latency links. Queueing happens in the station's
/// <see cref="ServiceModel"/> exactly as in any other model.
/// </summary>
public static class QueueingModel
{
    /// <summary>Runs one replication; statistics count jobs arriving after <paramref name="warmUpJobs"/> (by time: the warm-up ends at the expected arrival time of that job).</summary>
    public static QueueingResult Run(int servers, Distribution interarrival, Distribution service, long jobs, ulong seed, int runIndex = 0, long warmUpJobs = 0, IPendingEventSet? pending = null)
    {
        ArgumentNullException.ThrowIfNull(interarrival);
        var sim = new Simulation(seed, runIndex, pending);
        var net = new SimNetwork(sim);
        var source = new JobSource("source", interarrival, jobs);
        var station = new ForwardingNode("station") { Service = new ServiceModel(servers, service) };
        var sink = new JobSink("sink");
        net.Add(source);
        net.Add(station);
        net.Add(sink);
        net.Connect(source.Id, station.Id);
        net.Connect(station.Id, sink.Id);
        source.Destination = station.Id;
        station.Next = sink.Id;
        long warmNs = (long)(warmUpJobs * interarrival.Mean);
        sink.RecordFromNs = warmNs;
        if (warmNs > 0)
        {
            sim.ScheduleAt(new SimTime(warmNs), s => station.Statistics.Reset(s.Now.Nanoseconds));
        }

        source.Start();
        sim.Run();
        long end = sim.Now.Nanoseconds;
        NodeStatistics st = station.Statistics;
        double span = end - warmNs;
        return new QueueingResult(
            MeanWaitSeconds: st.MeanWaitNs / 1e9,
            MeanQueueLength: st.QueueLength.Integral(end) / span,
            MeanInSystem: (st.QueueLength.Integral(end) + st.BusyServers.Integral(end)) / span,
            Utilisation: st.BusyServers.Integral(end) / span / servers,
            ArrivalRatePerSecond: st.Arrivals / (span / 1e9),
            MeanSojournSeconds: sink.SojournTimes.MeanNs / 1e9,
            Jobs: st.Started,
            Events: sim.EventsProcessed);
    }

    /// <summary>M/M/c with arrival rate λ and service rate μ (per second) over <paramref name="replications"/> runs: the mean wait's CI and the Erlang C value.</summary>
    public static (ConfidenceInterval Wait, double Analytic, IReadOnlyList<QueueingResult> Runs) MMc(int servers, double lambda, double mu, long jobs, int replications, ulong seed, double level = 0.95)
    {
        var arrivals = new ExponentialDistribution(1e9 / lambda);
        var service = new ExponentialDistribution(1e9 / mu);
        var runs = Enumerable.Range(0, replications).Select(r => Run(servers, arrivals, service, jobs, seed, r, warmUpJobs: jobs / 10)).ToList();
        return (ConfidenceInterval.Of(runs.Select(r => r.MeanWaitSeconds), level), QueueingFormulas.MMcWait(servers, lambda, mu), runs);
    }
}
