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

    /// <summary>The re-INVITE's own transaction: modification (seed step 2) sent → its final response received (step 22; before R01, the rejection).</summary>
    public LatencyRecorder ModificationDelay { get; } = new();

    /// <summary>Modification sent → the added stream usable (step 23; before R01, the 200 to the client's new invitation).</summary>
    public LatencyRecorder MediaAddedDelay { get; } = new();

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

    /// <summary>SIP requests retransmitted (unreliable transport), in the observation window.</summary>
    public long Retransmissions { get; set; }

    /// <summary>Messages lost by links in the observation window.</summary>
    public long LostMessages { get; set; }

    public long EventsProcessed { get; set; }

    /// <summary>The run's fingerprint (<c>HASH/INGREDIENTS</c>) when <see cref="LoadOptions.Fingerprint"/> asked for one.</summary>
    public string? Fingerprint { get; set; }

    /// <summary>Sampled sessions whose trace was still buffered when the run ended (0 unless something leaks; not an output).</summary>
    internal int OpenTraces { get; set; }

    /// <summary>Start of the observation window: the end of the warm-up (0 without one).</summary>
    public SimTime MeasuredFrom { get; set; }

    /// <summary>
    /// End of the observation window: the last arrival (the warm-up's end when every session arrived
    /// within it). Time averages and rates are over [<see cref="MeasuredFrom"/>, <see cref="MeasuredTo"/>];
    /// per-session figures over the sessions that arrived in it, their completions included.
    /// </summary>
    public SimTime MeasuredTo { get; set; }

    /// <summary>Length of the observation window in seconds.</summary>
    public double WindowSeconds => Math.Max(0, (MeasuredTo - MeasuredFrom).TotalSeconds);

    /// <summary>ETSI TS 186 008 scenario attempts per second: sessions started in the window / its length.</summary>
    public double AttemptsPerSecond => WindowSeconds > 0 ? SessionsStarted / WindowSeconds : double.NaN;

    /// <summary>Goodput: sessions of the window that succeeded, per second of the window.</summary>
    public double GoodputPerSecond => WindowSeconds > 0 ? Outcomes[SessionOutcome.Success] / WindowSeconds : double.NaN;

    /// <summary>SIP retransmissions in the window, per second.</summary>
    public double RetransmissionsPerSecond => WindowSeconds > 0 ? Retransmissions / WindowSeconds : double.NaN;

    /// <summary>Null when the window is in steady state; otherwise why it is not (see <see cref="SteadyState"/>).</summary>
    public string? SteadyStateProblem { get; set; }

    public bool IsSteady => SteadyStateProblem is null;

    /// <summary>MSER-5 over the window's sessions, as the steady-state check found it.</summary>
    public MserResult? SteadyStateMser { get; set; }

    /// <summary>With <c>warm-up: auto</c>: what MSER-5 found in the pilot run (null otherwise).</summary>
    public MserResult? WarmUpDetection { get; set; }

    public SimTime EndTime { get; set; }

    /// <summary>Per-session records, when asked for.</summary>
    public List<SessionRecord>? Sessions { get; set; }

    /// <summary>Every session of the run (warm-up included) by the second it started in: <c>timeline.csv</c>.</summary>
    public Timeline Timeline { get; } = new();

    /// <summary>The measured effect of each fault of the scenario, in the order written: <c>faults.csv</c>.</summary>
    public List<FaultImpact> Faults { get; } = [];

    /// <summary>RFC 6076 Session Establishment Ratio.</summary>
    public double SessionEstablishmentRatio => SessionsStarted == 0 ? double.NaN : (double)Established / SessionsStarted;

    public double IhsShare => SessionsStarted == 0 ? double.NaN : (double)InadequatelyHandled / SessionsStarted;
}
