// A process-style M/M/1 queue written against the CpmSim.Core package: exits 0 when the mean wait is
// within 10% of the analytic ρ/(μ−λ), 1 otherwise.
using CpmSim.Core.Kernel;
using CpmSim.Core.Metrics;
using CpmSim.Core.Processes;

const double lambda = 0.5;
const double mu = 1.0;
const int customers = 200_000;

var sim = new Simulation(seed: 7);
var server = new Resource(sim, capacity: 1);
var arrivals = sim.Random.For("arrivals");
var service = sim.Random.For("service");
double totalWait = 0;
int served = 0;

async SimTask Customer()
{
    SimTime arrived = sim.Now;
    using ResourceHandle unit = await server.Request();
    totalWait += (sim.Now - arrived).TotalSeconds;
    served++;
    await sim.Delay(SimTime.FromSeconds(service.NextExponential(1 / mu)));
}

_ = sim.Process(async () =>
{
    for (int i = 0; i < customers; i++)
    {
        await sim.Delay(SimTime.FromSeconds(arrivals.NextExponential(1 / lambda)));
        _ = sim.Process(Customer);
    }
}, "source");

bool tick = false;
_ = sim.Process(async () => { await sim.Delay(SimTime.FromMilliseconds(10)); tick = true; });
sim.Run();

double mean = totalWait / served;
double expected = QueueingFormulas.MM1Wait(lambda, mu);
Console.WriteLine($"consumer: {served} customers, mean wait {mean:F4} s, M/M/1 {expected:F4} s, tick {tick}");
return served == customers && tick && Math.Abs(mean - expected) / expected < 0.10 ? 0 : 1;
