using CpmSim.Core.Kernel;

namespace CpmSim.Scenarios.Flows;

/// <summary>The first place where a trace leaves its expected flow.</summary>
public sealed record FlowMismatch(FlowStep Expected, ObservedRecord? Saw, long AtNs)
{
    public override string ToString() => Saw is null
        ? $"step {Expected.Step}: expected {Expected}, but the trace ended without it"
        : $"step {Expected.Step}: expected {Expected}, saw {Saw} at {new SimTime(AtNs)}";
}
