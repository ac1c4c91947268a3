namespace CpmSim.Scenarios.Flows;

/// <summary>What strict checking found wrong, at the step it concerns.</summary>
public sealed record StrictViolation(string Step, string Message)
{
    public override string ToString() => $"step {Step}: {Message}";
}
