using CpmSim.Core.Random;

namespace CpmSim.Benchmarks;

/// <summary>
/// The M/M/c workload on the yardstick kernel (<see cref="BclCallbackKernel"/>): the same model as
/// <see cref="MmcModel"/>, with the same streams drawn in the same order, so both runs see the same
/// customers and must report the same mean wait (the harness checks it). Arrivals and departures
/// are two cached delegates: no allocation per event beyond the BCL queue's own.
/// </summary>
internal sealed class BclReferenceMmc
{
    private readonly BclCallbackKernel _kernel = new();
    private readonly Queue<long> _queue = new();
    private readonly RandomStream _arrivals;
    private readonly RandomStream _service;
    private readonly double _meanGapNs;
    private readonly double _meanServiceNs;
    private readonly Action _arrival;
    private readonly Action _departure;
    private int _busy;
    private long _arrived;

    public BclReferenceMmc(ulong seed, int servers, double lambdaPerSecond, double meanServiceSeconds, long customers)
    {
        var streams = new RandomStreams(seed, 0);
        _arrivals = streams.For("arrivals");
        _service = streams.For("service");
        _meanGapNs = 1e9 / lambdaPerSecond;
        _meanServiceNs = meanServiceSeconds * 1e9;
        _arrival = () =>
        {
            if (++_arrived < customers)
            {
                _kernel.Schedule((long)_arrivals.NextExponential(_meanGapNs), _arrival!);
            }

            if (_busy < servers)
            {
                _busy++;
                _kernel.Schedule((long)_service.NextExponential(_meanServiceNs), _departure!);
            }
            else
            {
                _queue.Enqueue(_kernel.Now);
            }
        };
        _departure = () =>
        {
            Departed++;
            if (_queue.TryDequeue(out long arrivedAt))
            {
                TotalWaitNs += _kernel.Now - arrivedAt;
                _kernel.Schedule((long)_service.NextExponential(_meanServiceNs), _departure!);
            }
            else
            {
                _busy--;
            }
        };
        _kernel.Schedule((long)_arrivals.NextExponential(_meanGapNs), _arrival);
    }

    public long Departed { get; private set; }

    public double TotalWaitNs { get; private set; }

    public double MeanWaitSeconds => TotalWaitNs / Departed / 1e9;

    public void Run() => _kernel.Run();
}
