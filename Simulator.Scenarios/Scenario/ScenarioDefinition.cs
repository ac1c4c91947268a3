using CpmSim.Core.Random;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Scenario;

/// <summary>A scenario: topology, node parameters, links, recipients, the session and what to expect.</summary>
public sealed record ScenarioDefinition
{
    public required string Name { get; init; }

    public string Description { get; init; } = string.Empty;

    /// <summary>The file it came from (or <c>builtin:NAME</c>).</summary>
    public string Source { get; init; } = string.Empty;

    public ulong Seed { get; init; } = 1;

    public FlowDefinition? Flow { get; init; }

    /// <summary>The flows a load run of the scenario can produce (<c>flows:</c>), each sampled session classified against them; empty: only <see cref="Flow"/> is judged.</summary>
    public IReadOnlyList<FlowDefinition> FlowMix { get; init; } = [];

    /// <summary>Flow role → node names playing it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Roles { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public required IReadOnlyList<NodeDefinition> Nodes { get; init; }

    public IReadOnlyList<LinkDefinition> Links { get; init; } = [];

    /// <summary>Latency of links that do not state their own.</summary>
    public Distribution? DefaultLatency { get; init; }

    /// <summary>Recipient address → non-CPM services subscribed.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<NonCpmService>> Recipients { get; init; } = new Dictionary<string, IReadOnlyList<NonCpmService>>();

    public required SessionPlan Session { get; init; }

    public SipTimers Timers { get; init; } = SipTimers.Default;

    /// <summary>UDP-like transport: requests are retransmitted (Timer A/E) until answered.</summary>
    public bool UnreliableTransport { get; init; }

    public Expectations Expect { get; init; } = new();

    /// <summary>The load to run with <c>cpmsim run</c>; null for replay-only scenarios.</summary>
    public Workloads.WorkloadDefinition? Workload { get; init; }

    /// <summary>Node name → role, for labelling traces.</summary>
    public IReadOnlyDictionary<string, string> RoleOfNode()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, IReadOnlyList<string>> kv in Roles)
        {
            foreach (string node in kv.Value)
            {
                map[node] = kv.Key;
            }
        }

        return map;
    }
}
