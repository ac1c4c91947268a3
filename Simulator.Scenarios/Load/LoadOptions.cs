using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Cpm;
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

    /// <summary>
    /// Called with the run's progress after every <see cref="ProgressEveryEvents"/> events and once at
    /// the end. The run is cut into chunks of events for it, not given events of its own, so it changes
    /// nothing the run computes; whoever displays it throttles by wall time.
    /// </summary>
    public Action<LoadProgress>? Progress { get; init; }

    public long ProgressEveryEvents { get; init; } = 1 << 16;

    /// <summary>
    /// Keep each queued node's queue length over the whole run in this many buckets at most (time-weighted
    /// mean and maximum per bucket, recorded at every change) for the queue-over-time plot; 0: off (no cost).
    /// </summary>
    public int QueueSeriesBuckets { get; init; }

    public IPendingEventSet? PendingEvents { get; init; }

    /// <summary>
    /// Fingerprint ingredients (see <see cref="Fingerprint"/>, e.g. <c>tnk</c>) folded in as the events
    /// fire; null (default): no fingerprint. <see cref="RunMetrics.Fingerprint"/> holds the result.
    /// </summary>
    public string? Fingerprint { get; init; }

    /// <summary>Called as each session starts, with its id and the virtual time (nanoseconds).</summary>
    public Action<long, long>? SessionStarted { get; init; }

    /// <summary>
    /// Called as each session ends (warm-up sessions included), with the virtual time (nanoseconds);
    /// returning true stops the run there (sessions still in progress are left unfinished).
    /// </summary>
    public Func<SessionRecord, long, bool>? SessionEnded { get; init; }
}
