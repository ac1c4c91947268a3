using System.Diagnostics;
using System.Globalization;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Benchmarks;

/// <summary>One r01 session end to end (chat set-up, modification through the r01 flow, release), no tracing.</summary>
internal static class QuickSession
{
    public static int Run(int sessions, ulong seed, double rate = 100, int sampleEvery = 0, bool allocationProfile = false)
    {
        ScenarioDefinition r01 = ScenarioLoader.LoadBuiltIn("r01");
        RunMetrics Once(int n) => LoadRunner.Run(r01, new LoadOptions
        {
            Seed = seed,
            StepSampleEvery = sampleEvery,
            Workload = new WorkloadDefinition { Arrivals = new ConstantArrivals(rate), Sessions = n },
        });

        Once(Math.Max(100, sessions / 10)); // warm-up
        using AllocationSampler? sampler = allocationProfile ? new AllocationSampler() : null;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        RunMetrics m = Once(sessions);
        sw.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sessions={m.SessionsStarted} rate={rate}/s events_per_session={(double)m.EventsProcessed / m.SessionsStarted:F1} ns_per_session={sw.Elapsed.TotalNanoseconds / m.SessionsStarted:F0} bytes_per_session={(double)allocated / m.SessionsStarted:F0} sessions_per_s={m.SessionsStarted / sw.Elapsed.TotalSeconds:F0}"));
        if (sampler is not null)
        {
            Console.WriteLine("allocations by type (sampled every ~100 KB):");
            sampler.Print(Console.Out);
        }

        return 0;
    }
}
