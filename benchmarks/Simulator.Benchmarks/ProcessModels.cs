using CpmSim.Core.Kernel;
using CpmSim.Core.Processes;
using CpmSim.Core.Random;

namespace CpmSim.Benchmarks;

/// <summary>
/// M/M/c in process style, as SimPy and SimSharp write it: a source process, and each customer a
/// process that requests one of c servers (a <see cref="Resource"/>), holds it for Exp(1/μ) and
/// releases it. Same streams and parameters as <see cref="MmcModel"/>.
/// </summary>
public sealed class MmcProcessModel
{
    private readonly Simulation _sim;
    private readonly Resource _servers;
    private readonly RandomStream _arrivals;
    private readonly RandomStream _service;
    private readonly double _meanGapNs;
    private readonly double _meanServiceNs;
    private readonly long _customers;

    public MmcProcessModel(Simulation simulation, int servers, double lambdaPerSecond, double meanServiceSeconds, long customers)
    {
        _sim = simulation ?? throw new ArgumentNullException(nameof(simulation));
        _servers = new Resource(simulation, servers);
        _customers = customers;
        _meanGapNs = 1e9 / lambdaPerSecond;
        _meanServiceNs = meanServiceSeconds * 1e9;
        _arrivals = simulation.Random.For("arrivals");
        _service = simulation.Random.For("service");
        simulation.Process(static m => m.Source(), this, "source");
    }

    public long Departed { get; private set; }

    public double TotalWaitNs { get; private set; }

    public double MeanWaitSeconds => TotalWaitNs / Departed / 1e9;

    private async SimTask Source()
    {
        for (long n = 0; n < _customers; n++)
        {
            await _sim.Delay(new SimTime((long)_arrivals.NextExponential(_meanGapNs)));
            _ = _sim.Process(static m => m.Customer(), this);
        }
    }

    private async SimTask Customer()
    {
        long arrived = _sim.Now.Nanoseconds;
        using ResourceHandle server = await _servers.Request();
        TotalWaitNs += _sim.Now.Nanoseconds - arrived;
        await _sim.Delay(new SimTime((long)_service.NextExponential(_meanServiceNs)));
        Departed++;
    }
}

/// <summary>The "hold" workload in process style: N processes, each looping on Delay(Exp(1 s)) until the count is reached.</summary>
public sealed class HoldProcessModel
{
    private const double MeanNs = 1e9;
    private readonly Simulation _sim;
    private readonly RandomStream _random;
    private readonly long _target;

    public HoldProcessModel(Simulation simulation, int entities, long targetEvents)
    {
        _sim = simulation ?? throw new ArgumentNullException(nameof(simulation));
        _target = targetEvents;
        _random = simulation.Random.For("hold");
        for (int i = 0; i < entities; i++)
        {
            simulation.Process(static m => m.Entity(), this);
        }
    }

    public long Count { get; private set; }

    private async SimTask Entity()
    {
        while (true)
        {
            await _sim.Delay(new SimTime((long)_random.NextExponential(MeanNs)));
            if (++Count >= _target)
            {
                _sim.Stop();
                return;
            }
        }
    }
}
