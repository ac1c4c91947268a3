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
    public IReadOnlyList<string> Failures()
    {
        var failures = new List<string>();
        if (Scenario.Expect.Conforms && Match is { Conforms: false })
        {
            failures.Add($"flow '{Match.Flow.Name}' does not conform: {Match.Mismatch}");
        }

        if (Scenario.Expect.Outcome is SessionOutcome expected && Session.Outcome != expected)
        {
            failures.Add($"outcome: expected {expected}, got {Session.Outcome}" + (Session.FailureStatus != 0 ? $" (status {Session.FailureStatus})" : string.Empty));
        }

        return failures;
    }
}
