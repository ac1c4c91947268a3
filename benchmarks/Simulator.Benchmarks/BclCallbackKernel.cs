namespace CpmSim.Benchmarks;

/// <summary>
/// The yardstick the foundation issue quotes: a minimal callback kernel on the BCL
/// <see cref="PriorityQueue{TElement, TPriority}"/>. Events are delegates ordered by time, then
/// insertion sequence (the same total order as <see cref="CpmSim.Core.Kernel.Simulation"/>).
/// The quick harness runs the kernel workloads on it in the same process as the real kernel, so
/// their ratio does not depend on how busy the shared host is at the moment.
/// </summary>
internal sealed class BclCallbackKernel
{
    private readonly PriorityQueue<Action, (long Time, long Sequence)> _queue = new(KeyComparer.Instance);
    private long _sequence;
    private bool _stop;

    public long Now { get; private set; }

    public long EventsProcessed { get; private set; }

    public void Schedule(long delay, Action action) => _queue.Enqueue(action, (Now + delay, ++_sequence));

    public void Stop() => _stop = true;

    public void Run()
    {
        while (!_stop && _queue.TryDequeue(out Action? action, out (long Time, long Sequence) key))
        {
            Now = key.Time;
            EventsProcessed++;
            action();
        }
    }

    private sealed class KeyComparer : IComparer<(long Time, long Sequence)>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare((long Time, long Sequence) x, (long Time, long Sequence) y) =>
            x.Time != y.Time ? x.Time.CompareTo(y.Time) : x.Sequence.CompareTo(y.Sequence);
    }
}
