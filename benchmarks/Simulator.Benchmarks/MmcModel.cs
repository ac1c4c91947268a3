using CpmSim.Core.Kernel;
using CpmSim.Core.Random;

namespace CpmSim.Benchmarks;

/// <summary>
/// M/M/c FIFO on the kernel: Poisson arrivals, c servers with exponential service, a ring buffer of
/// waiting customers' arrival times. Two events per customer (arrival, departure), no allocation per event.
/// </summary>
public sealed class MmcModel : EventTarget
{
    private const long Arrival = 0;
    private const long Departure = 1;
    private readonly RandomStream _arrivals;
    private readonly RandomStream _service;
    private readonly double _meanGapNs;
    private readonly double _meanServiceNs;
    private readonly int _servers;
    private readonly long _customers;
    private long[] _queue = new long[1024];
    private int _head;
    private int _waiting;
    private int _busy;
    private long _arrived;

    public MmcModel(Simulation simulation, int servers, double lambdaPerSecond, double meanServiceSeconds, long customers)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _servers = servers;
        _customers = customers;
        _meanGapNs = 1e9 / lambdaPerSecond;
        _meanServiceNs = meanServiceSeconds * 1e9;
        _arrivals = simulation.Random.For("arrivals");
        _service = simulation.Random.For("service");
        simulation.Schedule(new SimTime((long)_arrivals.NextExponential(_meanGapNs)), this, null, Arrival);
    }

    public long Departed { get; private set; }

    public double TotalWaitNs { get; private set; }

    public double MeanWaitSeconds => TotalWaitNs / Departed / 1e9;

    protected internal override void OnEvent(Simulation simulation, object? payload, long arg)
    {
        long now = simulation.Now.Nanoseconds;
        if (arg == Arrival)
        {
            if (++_arrived < _customers)
            {
                simulation.Schedule(new SimTime((long)_arrivals.NextExponential(_meanGapNs)), this, null, Arrival);
            }

            if (_busy < _servers)
            {
                _busy++;
                simulation.Schedule(new SimTime((long)_service.NextExponential(_meanServiceNs)), this, null, Departure);
            }
            else
            {
                Enqueue(now);
            }

            return;
        }

        Departed++;
        if (_waiting > 0)
        {
            long arrivedAt = _queue[_head];
            _head = (_head + 1) & (_queue.Length - 1);
            _waiting--;
            TotalWaitNs += now - arrivedAt;
            simulation.Schedule(new SimTime((long)_service.NextExponential(_meanServiceNs)), this, null, Departure);
        }
        else
        {
            _busy--;
        }
    }

    private void Enqueue(long now)
    {
        if (_waiting == _queue.Length)
        {
            var grown = new long[_queue.Length * 2];
            for (int i = 0; i < _waiting; i++)
            {
                grown[i] = _queue[(_head + i) & (_queue.Length - 1)];
            }

            _queue = grown;
            _head = 0;
        }

        _queue[(_head + _waiting) & (_queue.Length - 1)] = now;
        _waiting++;
    }
}
