using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Benchmarks;

/// <summary>
/// One r01 session end to end — chat set up through the CPM-SMS IWF, the file added through the r01
/// flow, release — without tracing: time and bytes per session (2,000 sessions per operation batch).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class SessionBenchmarks
{
    private const int Sessions = 2_000;
    private readonly ScenarioDefinition _r01 = ScenarioLoader.LoadBuiltIn("r01");

    [Benchmark(OperationsPerInvoke = Sessions)]
    public long R01Session()
    {
        RunMetrics m = LoadRunner.Run(_r01, new LoadOptions
        {
            Seed = 42,
            StepSampleEvery = 0,
            Workload = new WorkloadDefinition { Arrivals = new ConstantArrivals(100), Sessions = Sessions },
        });
        return m.EventsProcessed;
    }
}
