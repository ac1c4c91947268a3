using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Scenarios.Load;

/// <summary>How to run one replication of a load scenario.</summary>
public sealed record LoadOptions
{
    public required WorkloadDefinition Workload { get; init; }

    public ulong? Seed { get; init; }

    public int RunIndex { get; init; }

    /// <summary>Trace one session in N to measure per-step delays against the flow (0: off).</summary>
    public int StepSampleEvery { get; init; } = 100;

    /// <summary>Keep every session's record (memory grows with the number of sessions).</summary>
    public bool RecordSessions { get; init; }

    /// <summary>Called every <see cref="ProgressEvery"/> of virtual time with the run's progress.</summary>
    public Action<LoadProgress>? Progress { get; init; }

    public SimTime ProgressEvery { get; init; } = SimTime.FromSeconds(1);

    /// <summary>Sample node queue lengths this often (virtual time) for the queue-over-time plot; null: off.</summary>
    public SimTime? QueueSampleEvery { get; init; }

    public IPendingEventSet? PendingEvents { get; init; }
}
