using System.Diagnostics;
using System.Globalization;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Benchmarks;

/// <summary>One r01 session end to end (chat set-up, modification through the r01 flow, release), no tracing; optionally a fingerprint (--fingerprint tnk).</summary>
internal static class QuickSession
{
    public static int Run(int sessions, ulong seed, double rate = 100, int sampleEvery = 0, bool allocationProfile = false, string? fingerprint = null, int pairs = 0)
    {
        if (pairs > 0)
        {
            return Paired(sessions, seed, rate, fingerprint ?? "tnk", pairs); // "none": off against off, the method's noise
        }

        ScenarioDefinition r01 = ScenarioLoader.LoadBuiltIn("r01");
        RunMetrics Once(int n) => LoadRunner.Run(r01, new LoadOptions
        {
            Seed = seed,
            StepSampleEvery = sampleEvery,
            Fingerprint = fingerprint,
            Workload = new WorkloadDefinition { Arrivals = new ConstantArrivals(rate), Sessions = n },
        });

        Once(Math.Max(100, sessions / 10)); // warm-up
        using AllocationSampler? sampler = allocationProfile ? new AllocationSampler() : null;
        long before = GC.GetAllocatedBytesForCurrentThread();
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        RunMetrics m = Once(sessions);
        sw.Stop();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sessions={m.SessionsStarted} rate={rate}/s events_per_session={(double)m.EventsProcessed / m.SessionsStarted:F1} ns_per_session={sw.Elapsed.TotalNanoseconds / m.SessionsStarted:F0} bytes_per_session={(double)allocated / m.SessionsStarted:F0} sessions_per_s={m.SessionsStarted / sw.Elapsed.TotalSeconds:F0} cpu_ns_per_session={cpu.TotalNanoseconds / m.SessionsStarted:F0}") + (m.Fingerprint is null ? string.Empty : " fingerprint=" + m.Fingerprint));
        if (sampler is not null)
        {
            Console.WriteLine("allocations by type (sampled every ~100 KB):");
            sampler.Print(Console.Out);
        }

        return 0;
    }

    /// <summary>
    /// Fingerprint off and on, alternated in one process (off, on, on, off, ... so neither always goes
    /// first): CPU time per session of each run and the median of the pairs' ratios, which a shared
    /// machine's drifts disturb less than separate processes.
    /// </summary>
    private static int Paired(int sessions, ulong seed, double rate, string fingerprint, int pairs)
    {
        ScenarioDefinition r01 = ScenarioLoader.LoadBuiltIn("r01");
        double Once(string? fp)
        {
            GC.Collect();
            TimeSpan before = Process.GetCurrentProcess().TotalProcessorTime;
            RunMetrics m = LoadRunner.Run(r01, new LoadOptions
            {
                Seed = seed,
                StepSampleEvery = 0,
                Fingerprint = fp,
                Workload = new WorkloadDefinition { Arrivals = new ConstantArrivals(rate), Sessions = sessions },
            });
            return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalNanoseconds / m.SessionsStarted;
        }

        string? onSet = fingerprint == "none" ? null : fingerprint;
        for (int i = 0; i < 3; i++)
        {
            Once(null);
            Once(onSet); // warm-up of both paths: the JIT's tiers settle (with profile-guided code) only after a few runs
        }

        var ratios = new List<double>();
        double minOff = double.MaxValue, minOn = double.MaxValue;
        for (int i = 0; i < pairs; i++)
        {
            double off, on;
            if (i % 2 == 0)
            {
                off = Once(null);
                on = Once(onSet);
            }
            else
            {
                on = Once(onSet);
                off = Once(null);
            }

            ratios.Add(on / off);
            minOff = Math.Min(minOff, off);
            minOn = Math.Min(minOn, on);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pair {i}: off {off:F0} on {on:F0} cpu_ns_per_session ratio {on / off:F3}"));
        }

        ratios.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fingerprint {fingerprint}: {pairs} pairs of {sessions} sessions, on/off cpu time ratio median {ratios[ratios.Count / 2]:F3} (quartiles {ratios[ratios.Count / 4]:F3}-{ratios[ratios.Count * 3 / 4]:F3}, range {ratios[0]:F3}-{ratios[^1]:F3}); fastest runs: off {minOff:F0} on {minOn:F0} ns/session, ratio {minOn / minOff:F3}"));
        return 0;
    }
}
