using CpmSim.Core.Kernel;
using CpmSim.Core.Metrics;
using CpmSim.Scenarios.Cpm;
using HdrHistogram;

namespace CpmSim.Scenarios.Load;

/// <summary>
/// What one load run measured, after warm-up: session outcomes, RFC 6076 delays (microsecond
/// histograms), per-step delays of sampled sessions, and per-node ingress figures.
/// </summary>
public sealed class RunMetrics
{
    /// <summary>Largest delay recorded in the histograms: 1 hour in microseconds.</summary>
    public const long MaxMicroseconds = LatencyRecorder.MaxMicroseconds;

    public static LongHistogram NewHistogram() => new(MaxMicroseconds, 3);

    public required ulong Seed { get; init; }

    public required int RunIndex { get; init; }

    public long SessionsStarted { get; set; }

    public Dictionary<SessionOutcome, long> Outcomes { get; } = Enum.GetValues<SessionOutcome>().ToDictionary(o => o, _ => 0L);

    /// <summary>RFC 6076 Session Request Delay: INVITE sent → 2xx received.</summary>
    public LatencyRecorder SessionRequestDelay { get; } = new();

    /// <summary>Modification (seed step 2) sent → its final answer received (step 22).</summary>
    public LatencyRecorder ModificationDelay { get; } = new();

    /// <summary>Modification sent → the new session for the added stream stands (step 23).</summary>
    public LatencyRecorder NewSessionDelay { get; } = new();

    /// <summary>Sessions that reached the 2xx to their invitation.</summary>
    public long Established { get; set; }

    /// <summary>
    /// ETSI TS 186 008 inadequately handled scenario attempts: set-up rejected or timed out, a
    /// modification that failed or timed out, or a set-up or modification delay over the threshold.
    /// A file stream rejected because no IWF can carry it is a correct answer, not an IHS.
    /// </summary>
    public long InadequatelyHandled { get; set; }

    /// <summary>Per step label: delay since the previous numbered step, of sampled conforming sessions.</summary>
    public SortedDictionary<string, LongHistogram> StepDelays { get; } = new(StringComparer.Ordinal);

    /// <summary>Step labels in flow order.</summary>
    public List<string> StepOrder { get; } = [];

    public long SampledSessions { get; set; }

    public long SampledConforming { get; set; }

    /// <summary>Sampled sessions per class of the scenario's flow mix (a declared flow, <c>no-modification</c> or <c>unexplained</c>); empty without a <c>flows:</c> list.</summary>
    public Dictionary<string, long> FlowCounts { get; } = new(StringComparer.Ordinal);

    /// <summary>The first mismatch of the first few unexplained sessions (see <see cref="Flows.FlowMix"/>).</summary>
    public List<string> FlowMismatches { get; } = [];

    public List<NodeReport> Nodes { get; } = [];

    /// <summary>
    /// Queue length over the whole run (warm-up included) of each node with a queue, in at most
    /// <see cref="LoadOptions.QueueSeriesBuckets"/> buckets per node; empty unless asked for.
    /// </summary>
    public List<(string Node, IReadOnlyList<TimeSeriesBucket> Buckets)> QueueSeries { get; } = [];

    /// <summary>SIP requests retransmitted (unreliable transport).</summary>
    public long Retransmissions { get; set; }

    public long LostMessages { get; set; }

    public long EventsProcessed { get; set; }

    /// <summary>Sampled sessions whose trace was still buffered when the run ended (0 unless something leaks; not an output).</summary>
    internal int OpenTraces { get; set; }

    public SimTime MeasuredFrom { get; set; }

    /// <summary>With <c>warm-up: auto</c>: what MSER-5 found in the pilot run (null otherwise).</summary>
    public MserResult? WarmUpDetection { get; set; }

    public SimTime EndTime { get; set; }

    /// <summary>Per-session records, when asked for.</summary>
    public List<SessionRecord>? Sessions { get; set; }

    /// <summary>RFC 6076 Session Establishment Ratio.</summary>
    public double SessionEstablishmentRatio => SessionsStarted == 0 ? double.NaN : (double)Established / SessionsStarted;

    public double IhsShare => SessionsStarted == 0 ? double.NaN : (double)InadequatelyHandled / SessionsStarted;
}
