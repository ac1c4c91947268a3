using System.Diagnostics;
using System.Globalization;
using CpmSim.Core.Kernel;

namespace CpmSim.Benchmarks;

/// <summary>The quick harness for the kernel workloads: one line per figure, after a warm-up run.</summary>
internal static class QuickKernel
{
    public static int Run(string workload, ulong seed, string queue, int entities, bool allocationProfile = false)
    {
        IPendingEventSet NewQueue() => queue switch
        {
            "heap" => new DaryHeap(),
            "calendar" => new CalendarQueue(),
            "radix" => new RadixHeap(),
            _ => throw new ArgumentException($"unknown queue '{queue}': use heap, radix or calendar."),
        };

        if (allocationProfile)
        {
            return ProfileAllocations(workload, seed, NewQueue, entities);
        }

        switch (workload)
        {
            case "hold":
                // Warm-up runs of the full size, then a pause so that tiered compilation installs the
                // optimised code before the measured run (a short warm-up measures tier-0 code).
                for (int i = 0; i < 3; i++)
                {
                    Hold(seed, NewQueue, entities, 2_000_000);
                    BclReference(seed, entities, 2_000_000);
                }

                Thread.Sleep(500);
                var runs = new List<(double Rate, string[] Lines)>();
                var ratios = new List<double>();
                for (int i = 0; i < Repeats; i++)
                {
                    runs.Add(Hold(seed, NewQueue, entities, 2_000_000));
                    ratios.Add(runs[^1].Rate / BclReference(seed, entities, 2_000_000));
                }

                Report(runs);
                ratios.Sort();
                // Each run is paired with the yardstick run right after it, so the ratio is immune to
                // the host being slower or faster at the moment (the issue's 15 M target was set when
                // the yardstick measured 6 M: a ratio of 2.5).
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"bcl_reference_ratio={ratios[ratios.Count / 2]:F2} (median of {ratios.Count} paired runs: this kernel's events/s over a minimal callback kernel on the BCL PriorityQueue)"));
                return 0;
            case "mmc":
                for (int i = 0; i < 3; i++)
                {
                    Mmc(seed, NewQueue, 1_000_000);
                    BclReferenceMmcRun(seed, 1_000_000);
                }

                Thread.Sleep(500);
                var mmcRuns = new List<(double Rate, string[] Lines)>();
                var mmcRatios = new List<double>();
                for (int i = 0; i < Repeats; i++)
                {
                    (double rate, string[] lines, double wait) = Mmc(seed, NewQueue, 1_000_000);
                    (double bclRate, double bclWait) = BclReferenceMmcRun(seed, 1_000_000);
                    mmcRuns.Add((rate, lines));
                    mmcRatios.Add(rate / bclRate);
                    if (bclWait != wait)
                    {
                        // Same streams, same model, same total order: the two kernels must see the same customers.
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"error: the yardstick's M/M/c mean wait {bclWait:R} differs from this kernel's {wait:R}: the kernels fired the events in different orders."));
                        return 1;
                    }
                }

                Report(mmcRuns);
                mmcRatios.Sort();
                // The issue's 8 M customers/s target was set when the yardstick ran the workload at
                // 6.4 M: a ratio of 1.25.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"bcl_reference_ratio={mmcRatios[mmcRatios.Count / 2]:F2} (median of {mmcRatios.Count} paired runs: this kernel's customers/s over a minimal callback kernel on the BCL PriorityQueue, which saw the same customers and mean wait)"));
                return 0;
            case "mmc-process":
            case "hold-process":
                for (int i = 0; i < 3; i++)
                {
                    _ = workload == "mmc-process" ? MmcProcess(seed, NewQueue, 1_000_000).Rate : HoldProcess(seed, NewQueue, entities, 2_000_000).Rate;
                }

                Thread.Sleep(500);
                var processRuns = new List<(double Rate, string[] Lines)>();
                var cpuRates = new List<double>();
                var callbackRatios = new List<double>();
                for (int i = 0; i < Repeats; i++)
                {
                    // Each run paired with the same workload in callback style right after it, so that
                    // the ratio is immune to the host being slower or faster at the moment.
                    if (workload == "mmc-process")
                    {
                        processRuns.Add(MmcProcess(seed, NewQueue, 1_000_000));
                        cpuRates.Add(s_lastCount / s_lastCpuSeconds);
                        double processWait = s_lastMeanWait;
                        (double callbackRate, _, double callbackWait) = Mmc(seed, NewQueue, 1_000_000);
                        callbackRatios.Add(processRuns[^1].Rate / callbackRate);
                        if (processWait != callbackWait)
                        {
                            // Same streams, same model: the process style must see the same customers, in the same order.
                            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"error: the process-style M/M/c mean wait {processWait:R} differs from the callback style's {callbackWait:R}."));
                            return 1;
                        }
                    }
                    else
                    {
                        processRuns.Add(HoldProcess(seed, NewQueue, entities, 2_000_000));
                        cpuRates.Add(s_lastCount / s_lastCpuSeconds);
                        callbackRatios.Add(processRuns[^1].Rate / Hold(seed, NewQueue, entities, 2_000_000).Rate);
                    }
                }

                Report(processRuns);
                cpuRates.Sort();
                // Per second of this process's CPU time rather than of the wall clock: a host shared
                // with other work slows the wall clock far more than it slows the CPU time.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"per_cpu_s median={cpuRates[cpuRates.Count / 2]:F0} min={cpuRates[0]:F0} max={cpuRates[^1]:F0} ({(workload == "mmc-process" ? "customers" : "events")} per second of process CPU time)"));
                callbackRatios.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"callback_ratio={callbackRatios[callbackRatios.Count / 2]:F2} (median of {callbackRatios.Count} paired runs: process style over the same workload in callback style on this kernel)"));
                return 0;
            default:
                throw new ArgumentException($"unknown workload '{workload}': use hold, mmc, hold-process or mmc-process.");
        }
    }

    private const int Repeats = 5;

    // The last process-style run's count (customers or events) and the CPU seconds it took.
    private static double s_lastCount;
    private static double s_lastCpuSeconds;
    private static double s_lastMeanWait;

    private static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>One run of the workload with the allocation sampler on: its report, then the bytes sampled by type.</summary>
    private static int ProfileAllocations(string workload, ulong seed, Func<IPendingEventSet> queue, int entities)
    {
        using var sampler = new AllocationSampler();
        string[] lines = workload switch
        {
            "hold" => Hold(seed, queue, entities, 2_000_000).Lines,
            "mmc" => Mmc(seed, queue, 1_000_000).Lines,
            "hold-process" => HoldProcess(seed, queue, entities, 2_000_000).Lines,
            "mmc-process" => MmcProcess(seed, queue, 1_000_000).Lines,
            _ => throw new ArgumentException($"unknown workload '{workload}': use hold, mmc, hold-process or mmc-process."),
        };
        foreach (string line in lines)
        {
            Console.WriteLine(line);
        }

        Console.WriteLine("allocated by type (sampled every ~100 KB):");
        sampler.Print(Console.Out);
        return 0;
    }

    /// <summary>Prints the run with the median rate (the first line is the headline figure), and the spread.</summary>
    private static void Report(List<(double Rate, string[] Lines)> runs)
    {
        var sorted = runs.OrderBy(r => r.Rate).ToList();
        foreach (string line in sorted[sorted.Count / 2].Lines)
        {
            Console.WriteLine(line);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median_of={runs.Count} min_rate={sorted[0].Rate:F0} max_rate={sorted[^1].Rate:F0}"));
    }

    private static (double Rate, string[] Lines) Hold(ulong seed, Func<IPendingEventSet> queue, int entities, long events)
    {
        Isolate();
        var sim = new Simulation(seed, 0, queue());
        var model = new HoldModel(sim, entities, events);
        // Halfway in virtual time (each entity fires once per second on average).
        var (sw, allocated, steady) = TimedRun(sim, SimTime.FromSeconds(events / 2.0 / entities));
        double rate = model.Count / sw.Elapsed.TotalSeconds;
        return (rate,
        [
            string.Create(CultureInfo.InvariantCulture, $"events_per_s={rate:F0}"),
            string.Create(CultureInfo.InvariantCulture, $"queue={sim.PendingEventSetName} entities={entities} events={model.Count} wall_s={sw.Elapsed.TotalSeconds:F3}"),
            string.Create(CultureInfo.InvariantCulture, $"bytes_per_event={(double)allocated / model.Count:F4} steady_bytes_per_event={steady:F4}"),
            string.Create(CultureInfo.InvariantCulture, $"peak_working_set_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F1}"),
        ]);
    }

    /// <summary>Collects the previous run's garbage (untimed), so each run starts from the same heap, as BenchmarkDotNet does.</summary>
    private static void Isolate()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static double BclReference(ulong seed, int entities, long events)
    {
        Isolate();
        var model = new BclReferenceHold(seed, entities, events);
        var sw = Stopwatch.StartNew();
        model.Run();
        sw.Stop();
        return model.Count / sw.Elapsed.TotalSeconds;
    }

    /// <summary>The M/M/c workload on the yardstick kernel: its customers/s and mean wait (s).</summary>
    private static (double Rate, double MeanWait) BclReferenceMmcRun(ulong seed, long customers)
    {
        Isolate();
        var model = new BclReferenceMmc(seed, MmcServers, MmcLambda, 1 / MmcMu, customers);
        var sw = Stopwatch.StartNew();
        model.Run();
        sw.Stop();
        return (model.Departed / sw.Elapsed.TotalSeconds, model.MeanWaitSeconds);
    }

    private const int MmcServers = 10;
    private const double MmcLambda = 9.0;
    private const double MmcMu = 1.0;

    /// <summary>The M/M/c workload on this kernel: customers/s, the report lines and the mean wait (s).</summary>
    private static (double Rate, string[] Lines, double MeanWait) Mmc(ulong seed, Func<IPendingEventSet> queue, long customers)
    {
        const int c = MmcServers;
        const double lambda = MmcLambda;
        const double mu = MmcMu;
        Isolate();
        var sim = new Simulation(seed, 0, queue());
        var model = new MmcModel(sim, c, lambda, 1 / mu, customers);
        var (sw, allocated, steady) = TimedRun(sim, SimTime.FromSeconds(customers / 2.0 / lambda));
        double wall = sw.Elapsed.TotalSeconds;
        return (model.Departed / wall,
        [
            string.Create(CultureInfo.InvariantCulture,
                $"customers_per_s={model.Departed / wall:F0} events_per_s={sim.EventsProcessed / wall:F0} mean_wait={model.MeanWaitSeconds:F4} erlang_c_wait={CpmSim.Core.Metrics.QueueingFormulas.MMcWait(c, lambda, mu):F4}"),
            string.Create(CultureInfo.InvariantCulture, $"queue={sim.PendingEventSetName} customers={model.Departed} events={sim.EventsProcessed} wall_s={wall:F3}"),
            string.Create(CultureInfo.InvariantCulture, $"bytes_per_event={(double)allocated / sim.EventsProcessed:F4} steady_bytes_per_event={steady:F4}"),
            string.Create(CultureInfo.InvariantCulture, $"peak_working_set_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F1}"),
        ], model.MeanWaitSeconds);
    }

    /// <summary>M/M/10 in process style (each customer a process requesting a 10-server Resource).</summary>
    private static (double Rate, string[] Lines) MmcProcess(ulong seed, Func<IPendingEventSet> queue, long customers)
    {
        const int c = MmcServers;
        const double lambda = MmcLambda;
        const double mu = MmcMu;
        Isolate();
        var sim = new Simulation(seed, 0, queue());
        var model = new MmcProcessModel(sim, c, lambda, 1 / mu, customers);
        double cpu = CpuSeconds();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        sim.RunUntil(SimTime.FromSeconds(customers / 2.0 / lambda));
        long middle = GC.GetAllocatedBytesForCurrentThread();
        long departedAtMiddle = model.Departed;
        sim.Run();
        sw.Stop();
        long after = GC.GetAllocatedBytesForCurrentThread();
        (s_lastCount, s_lastCpuSeconds, s_lastMeanWait) = (model.Departed, CpuSeconds() - cpu, model.MeanWaitSeconds);
        double wall = sw.Elapsed.TotalSeconds;
        return (model.Departed / wall,
        [
            string.Create(CultureInfo.InvariantCulture,
                $"customers_per_s={model.Departed / wall:F0} events_per_s={sim.EventsProcessed / wall:F0} mean_wait={model.MeanWaitSeconds:F4} erlang_c_wait={CpmSim.Core.Metrics.QueueingFormulas.MMcWait(c, lambda, mu):F4}"),
            string.Create(CultureInfo.InvariantCulture, $"queue={sim.PendingEventSetName} customers={model.Departed} events={sim.EventsProcessed} events_per_customer={(double)sim.EventsProcessed / model.Departed:F3} wall_s={wall:F3}"),
            string.Create(CultureInfo.InvariantCulture, $"bytes_per_customer={(double)(after - before) / model.Departed:F1} steady_bytes_per_customer={(double)(after - middle) / Math.Max(1, model.Departed - departedAtMiddle):F1}"),
            string.Create(CultureInfo.InvariantCulture, $"peak_working_set_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F1}"),
        ]);
    }

    /// <summary>The hold workload in process style (each entity a process looping on Delay).</summary>
    private static (double Rate, string[] Lines) HoldProcess(ulong seed, Func<IPendingEventSet> queue, int entities, long events)
    {
        Isolate();
        var sim = new Simulation(seed, 0, queue());
        var model = new HoldProcessModel(sim, entities, events);
        double cpu = CpuSeconds();
        var (sw, allocated, steady) = TimedRun(sim, SimTime.FromSeconds(events / 2.0 / entities));
        (s_lastCount, s_lastCpuSeconds) = (model.Count, CpuSeconds() - cpu);
        double rate = model.Count / sw.Elapsed.TotalSeconds;
        return (rate,
        [
            string.Create(CultureInfo.InvariantCulture, $"events_per_s={rate:F0}"),
            string.Create(CultureInfo.InvariantCulture, $"queue={sim.PendingEventSetName} processes={entities} events={model.Count} wall_s={sw.Elapsed.TotalSeconds:F3}"),
            string.Create(CultureInfo.InvariantCulture, $"bytes_per_event={(double)allocated / model.Count:F4} steady_bytes_per_event={steady:F4}"),
            string.Create(CultureInfo.InvariantCulture, $"peak_working_set_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F1}"),
        ]);
    }

    /// <summary>
    /// Runs to the end in two parts split at <paramref name="halfway"/>: the wall time and the bytes
    /// allocated cover the whole run; the steady-state bytes per event cover the second half only,
    /// after the pending-event set has grown its arrays to their working size.
    /// </summary>
    private static (Stopwatch Wall, long Allocated, double SteadyBytesPerEvent) TimedRun(Simulation sim, SimTime halfway)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        sim.RunUntil(halfway);
        long middle = GC.GetAllocatedBytesForCurrentThread();
        long eventsAtMiddle = sim.EventsProcessed;
        sim.Run();
        sw.Stop();
        long after = GC.GetAllocatedBytesForCurrentThread();
        return (sw, after - before, (double)(after - middle) / Math.Max(1, sim.EventsProcessed - eventsAtMiddle));
    }
}
