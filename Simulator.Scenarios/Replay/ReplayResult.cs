using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Scenarios.Replay;

/// <summary>One replayed session: its trace in the standard's terms (labelled with steps when a flow is given), the flow check and the session's record.</summary>
public sealed record ReplayResult(
    ScenarioDefinition Scenario,
    ulong Seed,
    IReadOnlyList<ObservedRecord> Records,
    FlowMatch? Match,
    SessionRecord Session,
    long EventsProcessed)
{
    /// <summary>The run's fingerprint (<c>HASH/INGREDIENTS</c>) when one was asked for; null otherwise.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>Roles in the order the flow names them, then any other participant in order of appearance.</summary>
    public IReadOnlyList<string> Participants
    {
        get
        {
            var order = new List<string>(Scenario.Flow?.Roles ?? []);
            foreach (ObservedRecord r in Records)
            {
                foreach (string p in new[] { r.FromRole, r.ToRole })
                {
                    if (!order.Contains(p))
                    {
                        order.Add(p);
                    }
                }
            }

            return order;
        }
    }

    /// <summary>Whether the scenario's expectations hold; the reasons when they do not.</summary>
    public IReadOnlyList<string> Failures() => new[] { FlowFailure(), OutcomeFailure() }.OfType<string>().ToList();

    /// <summary>The flow verdict as one line: "flow r01 conforms" or "flow r01 does not conform: step ..."; null without a flow.</summary>
    public string? FlowVerdict() => Match is null
        ? null
        : Match.Conforms ? $"flow {Match.Flow.Name} conforms" : $"flow {Match.Flow.Name} does not conform: {Match.Mismatch}";

    /// <summary>Why the flow expectation fails; null when it holds or is not checked (no flow, or <c>conforms: false</c>).</summary>
    public string? FlowFailure() => Scenario.Expect.Conforms && Match is { Conforms: false }
        ? $"flow '{Match.Flow.Name}' does not conform: {Match.Mismatch}"
        : null;

    /// <summary>Why the outcome expectation fails; null when it holds or the scenario states no outcome.</summary>
    public string? OutcomeFailure() => Scenario.Expect.Outcome is SessionOutcome expected && Session.Outcome != expected
        ? $"outcome: expected {expected}, got {Session.Outcome}" + (Session.FailureStatus != 0 ? $" (status {Session.FailureStatus})" : string.Empty)
        : null;
}
