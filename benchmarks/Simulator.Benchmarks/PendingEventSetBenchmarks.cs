using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CpmSim.Core.Kernel;

namespace CpmSim.Benchmarks;

/// <summary>
/// Heap (baseline) vs radix heap vs calendar queue on the hold model with 10³, 10⁵ and 10⁶ pending events: each
/// operation is one event fired and one scheduled. Monitoring strategy: each iteration runs once on
/// a freshly built model.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class PendingEventSetBenchmarks
{
    private const int Events = 1_000_000;
    private Simulation _heap = null!;
    private Simulation _calendar = null!;
    private Simulation _radix = null!;

    [Params(1_000, 100_000, 1_000_000)]
    public int Pending { get; set; }

    [IterationSetup(Target = nameof(Heap))]
    public void SetupHeap() => _heap = Build(new DaryHeap());

    [IterationSetup(Target = nameof(Radix))]
    public void SetupRadix() => _radix = Build(new RadixHeap());

    [IterationSetup(Target = nameof(Calendar))]
    public void SetupCalendar() => _calendar = Build(new CalendarQueue());

    private Simulation Build(IPendingEventSet set)
    {
        var sim = new Simulation(42, 0, set);
        _ = new HoldModel(sim, Pending, Events);
        return sim;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public long Heap()
    {
        _heap.Run();
        return _heap.EventsProcessed;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public long Radix()
    {
        _radix.Run();
        return _radix.EventsProcessed;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public long Calendar()
    {
        _calendar.Run();
        return _calendar.EventsProcessed;
    }
}
