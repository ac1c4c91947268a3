using CpmSim.Core.Random;

namespace CpmSim.Benchmarks;

/// <summary>
/// The yardstick the foundation issue quotes: a minimal callback kernel on the BCL
/// <see cref="PriorityQueue{TElement, TPriority}"/> (events are delegates, ordered by time then
/// insertion sequence), running the same hold workload with the same random draws. The quick
/// harness times it in the same process as the real kernel, so their ratio does not depend on how
/// busy the shared host is at the moment.
/// </summary>
internal sealed class BclReferenceHold
{
    private const double MeanNs = 1e9;
    private readonly PriorityQueue<Action, (long Time, long Sequence)> _queue = new(KeyComparer.Instance);
    private readonly RandomStream _random;
    private readonly long _target;
    private long _now;
    private long _sequence;
    private bool _stop;

    public BclReferenceHold(ulong seed, int entities, long targetEvents)
    {
        // The same stream as HoldModel's ("hold" under the seed, run 0), so both see the same draws.
        _random = new RandomStreams(seed, 0).For("hold");
        _target = targetEvents;
        for (int i = 0; i < entities; i++)
        {
            Action? fire = null;
            fire = () =>
            {
                if (++Count >= _target)
                {
                    _stop = true;
                    return;
                }

                Schedule((long)_random.NextExponential(MeanNs), fire!);
            };
            Schedule((long)_random.NextExponential(MeanNs), fire);
        }
    }

    public long Count { get; private set; }

    public void Run()
    {
        while (!_stop && _queue.TryDequeue(out Action? action, out (long Time, long Sequence) key))
        {
            _now = key.Time;
            action();
        }
    }

    private void Schedule(long delay, Action action) => _queue.Enqueue(action, (_now + delay, ++_sequence));

    private sealed class KeyComparer : IComparer<(long Time, long Sequence)>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare((long Time, long Sequence) x, (long Time, long Sequence) y) =>
            x.Time != y.Time ? x.Time.CompareTo(y.Time) : x.Sequence.CompareTo(y.Sequence);
    }
}
