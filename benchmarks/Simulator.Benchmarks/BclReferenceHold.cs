using CpmSim.Core.Random;

namespace CpmSim.Benchmarks;

/// <summary>
/// The hold workload on the yardstick kernel (<see cref="BclCallbackKernel"/>), with the same random
/// draws as <see cref="HoldModel"/>.
/// </summary>
internal sealed class BclReferenceHold
{
    private const double MeanNs = 1e9;
    private readonly BclCallbackKernel _kernel = new();

    public BclReferenceHold(ulong seed, int entities, long targetEvents)
    {
        // The same stream as HoldModel's ("hold" under the seed, run 0), so both see the same draws.
        RandomStream random = new RandomStreams(seed, 0).For("hold");
        for (int i = 0; i < entities; i++)
        {
            Action? fire = null;
            fire = () =>
            {
                if (++Count >= targetEvents)
                {
                    _kernel.Stop();
                    return;
                }

                _kernel.Schedule((long)random.NextExponential(MeanNs), fire!);
            };
            _kernel.Schedule((long)random.NextExponential(MeanNs), fire);
        }
    }

    public long Count { get; private set; }

    public void Run() => _kernel.Run();
}
