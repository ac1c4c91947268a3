using CpmSim.Core.Kernel;

namespace CpmSim.Scenarios.Workloads;

/// <summary>A load: when sessions arrive, how many, how users behave and whom they reach.</summary>
public sealed record WorkloadDefinition
{
    public required ArrivalProcess Arrivals { get; init; }

    /// <summary>Stop after this many sessions (null: until <see cref="Duration"/> or the ramp ends).</summary>
    public long? Sessions { get; init; }

    /// <summary>Stop arrivals after this virtual time (null: until <see cref="Sessions"/>).</summary>
    public SimTime? Duration { get; init; }

    /// <summary>Sessions starting before this time are not counted, and node statistics restart then.</summary>
    public SimTime WarmUp { get; init; } = SimTime.Zero;

    /// <summary>
    /// <c>warm-up: auto</c>: a pilot run of the same replication finds the warm-up by MSER-5 over the
    /// sessions' set-up delays, then the replication runs with it (twice the run time).
    /// </summary>
    public bool AutoWarmUp { get; init; }

    public UserBehaviour Behaviour { get; init; } = new();

    /// <summary>Recipients; null: every session goes to the scenario's one recipient.</summary>
    public Population? Population { get; init; }

    /// <summary>Delay above which a scenario attempt counts as inadequately handled (ETSI TS 186 008 IHS).</summary>
    public SimTime DelayThreshold { get; init; } = SimTime.FromSeconds(2);
}
