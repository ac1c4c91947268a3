using CpmSim.Core.Kernel;
using CpmSim.Core.Metrics;
using CpmSim.Core.Network;
using CpmSim.Core.Processes;
using CpmSim.Core.Random;

namespace CpmSim.Tests.Processes;

/// <summary>
/// Queues written as processes (a source process, each customer a process requesting a
/// <see cref="Resource"/>): the mean wait's 99% interval over replications contains the analytic
/// value (M/M/1: ρ/(μ−λ); M/M/c: Erlang C). And a node whose behaviour is a process that awaits the
/// messages arriving at it.
/// </summary>
public class ProcessQueueingTests
{
    /// <summary>One replication: the mean wait in queue (s) of the customers after the warm-up.</summary>
    private static double MeanWait(int servers, double lambda, double mu, int customers, ulong seed, int run)
    {
        var sim = new Simulation(seed, run);
        var counter = new Resource(sim, servers);
        RandomStream arrivals = sim.Random.For("arrivals");
        RandomStream service = sim.Random.For("service");
        int warmUp = customers / 10;
        int served = 0;
        double totalWait = 0;

        async SimTask Customer(int n)
        {
            SimTime arrived = sim.Now;
            using ResourceHandle unit = await counter.Request();
            if (n >= warmUp)
            {
                totalWait += (sim.Now - arrived).TotalSeconds;
                served++;
            }

            await sim.Delay(SimTime.FromSeconds(service.NextExponential(1 / mu)));
        }

        sim.Process(async () =>
        {
            for (int n = 0; n < customers; n++)
            {
                await sim.Delay(SimTime.FromSeconds(arrivals.NextExponential(1 / lambda)));
                _ = sim.Process(() => Customer(n));
            }
        }, "source");
        sim.Run();
        Assert.That(served, Is.EqualTo(customers - warmUp));
        Assert.That(counter.InUse + counter.QueueLength, Is.Zero);
        return totalWait / served;
    }

    [TestCase(1, 0.5, 1.0, 40_000)]
    [TestCase(1, 0.8, 1.0, 100_000)]
    [TestCase(10, 9.0, 1.0, 100_000)]
    public void MMc_AsProcesses_MeanWaitInsideThe99PercentInterval(int c, double lambda, double mu, int customers)
    {
        double[] waits = [.. Enumerable.Range(0, 10).Select(run => MeanWait(c, lambda, mu, customers, 2026, run))];
        ConfidenceInterval ci = ConfidenceInterval.Of(waits, 0.99);
        double analytic = c == 1 ? QueueingFormulas.MM1Wait(lambda, mu) : QueueingFormulas.MMcWait(c, lambda, mu);
        Assert.That(ci.Contains(analytic), Is.True, $"99% CI [{ci.Low:F4}, {ci.High:F4}] s should contain Wq = {analytic:F4} s");
        Assert.That(ci.HalfWidth / analytic, Is.LessThan(0.15), "the interval is narrow enough to mean something");
    }

    private sealed class Ping(long n) : Message
    {
        public long N { get; } = n;

        public override string Kind => "PING";
    }

    /// <summary>A node written as a script: it sends, then awaits the answer arriving at it.</summary>
    private sealed class Pinger(string name, string peer, List<string> log) : Node(name)
    {
        protected internal override void HandleMessage(Message message, NodeId from) => DeliverToProcess(message, from);

        public void Start() => Simulation.Process(async () =>
        {
            for (int i = 1; i <= 3; i++)
            {
                Send(Network[peer].Id, new Ping(i));
                ReceivedMessage answer = await Receive();
                log.Add($"{Name} got {answer.Message.Kind} {((Ping)answer.Message).N} from {Network.NameOf(answer.From)} @{Now.TotalMilliseconds}");
                await Simulation.Delay(SimTime.FromMilliseconds(1));
            }
        }, Name);
    }

    /// <summary>A callback-style node: answers every ping with a ping of the same number.</summary>
    private sealed class Echo(string name) : Node(name)
    {
        protected internal override void HandleMessage(Message message, NodeId from) => Send(from, new Ping(((Ping)message).N));
    }

    [Test]
    public void Node_ProcessAwaitsMessagesArrivingAtIt()
    {
        var sim = new Simulation();
        var net = new SimNetwork(sim);
        var log = new List<string>();
        var pinger = new Pinger("ua", "echo", log);
        NodeId a = net.Add(pinger);
        NodeId b = net.Add(new Echo("echo"));
        net.Connect(a, b, new LinkOptions { Latency = new ConstantDistribution(5_000_000) });
        net.Connect(b, a, new LinkOptions { Latency = new ConstantDistribution(5_000_000) });
        pinger.Start();
        sim.Run();

        Assert.That(log, Is.EqualTo(new[] { "ua got PING 1 from echo @10", "ua got PING 2 from echo @21", "ua got PING 3 from echo @32" }));
        Assert.That(pinger.MailboxCount, Is.Zero);
    }
}
