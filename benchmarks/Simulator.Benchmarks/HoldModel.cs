using CpmSim.Core.Kernel;
using CpmSim.Core.Random;

namespace CpmSim.Benchmarks;

/// <summary>
/// The classic "hold" workload: N entities; each fires after Exp(mean 1 s), counts, and schedules its
/// next event after Exp(mean 1 s) until the global count reaches the target (then the run stops).
/// The entities share one random stream, as in the other simulators' versions of this workload
/// (per-entity streams cost ~10% more here: 1,000 stream states do not stay in L1). One target
/// object, the entity index as argument: no allocation per event.
/// </summary>
public sealed class HoldModel : EventTarget
{
    private const double MeanNs = 1e9;
    private readonly RandomStream _random;
    private readonly long _target;
    private long _count;

    public HoldModel(Simulation simulation, int entities, long targetEvents)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _target = targetEvents;
        _random = simulation.Random.For("hold");
        for (int i = 0; i < entities; i++)
        {
            simulation.Schedule(new SimTime((long)_random.NextExponential(MeanNs)), this, null, i);
        }
    }

    public long Count => _count;

    protected internal override void OnEvent(Simulation simulation, object? payload, long arg)
    {
        if (++_count >= _target)
        {
            simulation.Stop();
            return;
        }

        simulation.Schedule(new SimTime((long)_random.NextExponential(MeanNs)), this, null, arg);
    }
}
