using CpmSim.Scenarios.Cpm;

namespace CpmSim.Scenarios.Scenario;

/// <summary>What <c>cpmsim check</c> verifies for a scenario.</summary>
public sealed record Expectations
{
    /// <summary>The session's trace must conform to the scenario's flow (default true when a flow is given).</summary>
    public bool Conforms { get; init; } = true;

    /// <summary>The session's outcome, when stated.</summary>
    public SessionOutcome? Outcome { get; init; }

    /// <summary>Bounds on load metrics, checked on a run of the workload (and a capacity search for <c>doc</c>).</summary>
    public IReadOnlyList<LoadExpectation> Load { get; init; } = [];

    /// <summary>Fingerprints the scenario's run must have (<c>expect: fingerprint:</c>), one per ingredient set; never inherited through <c>extends:</c>.</summary>
    public IReadOnlyList<FingerprintExpectation> Fingerprints { get; init; } = [];

    /// <summary>
    /// With a workload: the fingerprinted run is the workload cut to this many sessions
    /// (<c>expect: fingerprint-sessions:</c>); null: the workload's own number.
    /// </summary>
    public long? FingerprintSessions { get; init; }

    /// <summary>Tolerances of <c>cpmsim check --baseline</c> (<c>expect: regression:</c>); empty: the default metrics and tolerances.</summary>
    public IReadOnlyList<RegressionTolerance> Regression { get; init; } = [];

    /// <summary>Capacity search settings for a <c>doc</c> bound.</summary>
    public CapacitySettings Capacity { get; init; } = new();
}
