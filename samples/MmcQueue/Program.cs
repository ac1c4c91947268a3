// M/M/c with the CpmSim kernel, written out node by node: a source of jobs, a station whose ingress
// has c servers, and a sink. Copy this file to start a model of your own.
//
//   dotnet run --project samples/MmcQueue
using CpmSim.Core.Kernel;
using CpmSim.Core.Metrics;
using CpmSim.Core.Network;
using CpmSim.Core.Random;

const int servers = 10;
const double lambda = 9.0;      // arrivals per second
const double mu = 1.0;          // services per second per server
const long jobs = 200_000;
const int replications = 10;

var waits = new List<double>();
for (int run = 0; run < replications; run++)
{
    // One simulation per replication: same seed, another run index ⇒ independent random streams.
    var sim = new Simulation(seed: 42, runIndex: run);
    var net = new SimNetwork(sim);

    // Times are nanoseconds: exp(mean = 1/λ s) between arrivals, exp(mean = 1/μ s) of service.
    var source = new JobSource("source", new ExponentialDistribution(1e9 / lambda), jobs);
    var station = new ForwardingNode("station") { Service = new ServiceModel(servers, new ExponentialDistribution(1e9 / mu)) };
    var sink = new JobSink("sink");
    net.Add(source);
    net.Add(station);
    net.Add(sink);
    net.Connect(source.Id, station.Id);   // zero-latency links
    net.Connect(station.Id, sink.Id);
    source.Destination = station.Id;
    station.Next = sink.Id;

    // Warm-up deletion: forget the station's statistics after the first 10% of arrivals.
    sim.ScheduleAt(SimTime.FromSeconds(jobs / 10 / lambda), s => station.Statistics.Reset(s.Now.Nanoseconds));

    source.Start();
    sim.Run();
    waits.Add(station.Statistics.MeanWaitNs / 1e9);
}

ConfidenceInterval ci = ConfidenceInterval.Of(waits);
double erlang = QueueingFormulas.MMcWait(servers, lambda, mu);
Console.WriteLine(FormattableString.Invariant($"simulated mean wait {ci.Mean:F4} s, 95% CI [{ci.Low:F4}, {ci.High:F4}] over {replications} replications"));
Console.WriteLine(FormattableString.Invariant($"Erlang C mean wait  {erlang:F4} s ({(ci.Contains(erlang) ? "inside" : "outside")} the interval)"));
return ci.Contains(erlang) ? 0 : 1;
