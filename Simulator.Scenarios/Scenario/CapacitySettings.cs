using CpmSim.Core.Kernel;

namespace CpmSim.Scenarios.Scenario;

/// <summary>How a capacity search for a <c>doc</c> expectation steps the load.</summary>
public sealed record CapacitySettings
{
    public double From { get; init; } = 10;

    public double Step { get; init; } = 10;

    public int Steps { get; init; } = 12;

    public SimTime StepDuration { get; init; } = SimTime.FromSeconds(30L);

    public double IhsThreshold { get; init; } = 0.001;

    public IReadOnlyList<double> Rates => [.. Enumerable.Range(0, Steps).Select(i => From + (i * Step))];
}
