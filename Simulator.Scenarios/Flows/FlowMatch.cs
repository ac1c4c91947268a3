namespace CpmSim.Scenarios.Flows;

/// <summary>The trace of one session labelled with the steps of its expected flow.</summary>
public sealed record FlowMatch(FlowDefinition Flow, IReadOnlyList<ObservedRecord> Records, FlowMismatch? Mismatch)
{
    public bool Conforms => Mismatch is null;

    /// <summary>Records that got a step label.</summary>
    public IEnumerable<ObservedRecord> Numbered => Records.Where(r => r.Step is not null);
}
