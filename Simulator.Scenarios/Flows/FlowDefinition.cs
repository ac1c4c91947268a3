namespace CpmSim.Scenarios.Flows;

/// <summary>An expected flow of the standard, as data: its roles and its ordered items.</summary>
public sealed record FlowDefinition
{
    public required string Name { get; init; }

    public string Title { get; init; } = string.Empty;

    public required IReadOnlyList<string> Roles { get; init; }

    public required IReadOnlyList<FlowStep> Steps { get; init; }

    /// <summary>Check strictly (<see cref="StrictChecker"/>) whenever this flow is checked, as <c>check --strict</c> does.</summary>
    public bool Strict { get; init; }

    /// <summary>Strict: every dialog the session established is released (BYE answered with 200).</summary>
    public bool Teardown { get; init; }

    /// <summary>The numbered sends, in order.</summary>
    public IEnumerable<FlowStep> Sends => Steps.Where(s => s.Kind == FlowItemKind.Send);
}
