using CpmSim.Core.Random;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Files;
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

    /// <summary>
    /// Where the user's file says <c>extends:</c> (<c>file:line:column</c>), or empty. A problem found in
    /// a value inherited from a built-in scenario is reported there, naming where the value came from.
    /// </summary>
    public string ExtendsLocation { get; init; } = string.Empty;

    /// <summary>Where the <c>links</c> list that applies was written (<c>file:line:column</c>), or empty.</summary>
    public string LinksLocation { get; init; } = string.Empty;

    public FlowDefinition? Flow { get; init; }

    /// <summary>The flows a load run of the scenario can produce (<c>flows:</c>), each sampled session classified against them; empty: only <see cref="Flow"/> is judged.</summary>
    public IReadOnlyList<FlowDefinition> FlowMix { get; init; } = [];

    /// <summary>Flow role → node names playing it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Roles { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public required IReadOnlyList<NodeDefinition> Nodes { get; init; }

    public IReadOnlyList<LinkDefinition> Links { get; init; } = [];

    /// <summary>The faults of the run (<c>faults:</c>), in the order written.</summary>
    public IReadOnlyList<FaultDefinition> Faults { get; init; } = [];

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

    /// <summary>
    /// An error at <paramref name="location"/>; a place inside a built-in scenario this one extends is
    /// reported at the user's <c>extends:</c> line instead, naming where the inherited value came from.
    /// </summary>
    public FileError ErrorAt(string location, string message, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        bool inherited = ExtendsLocation.Length > 0 && location.StartsWith("builtin:", StringComparison.Ordinal) && !Source.StartsWith("builtin:", StringComparison.Ordinal);
        return inherited
            ? FileError.At(ExtendsLocation, $"{message} (inherited through 'extends': declared at {location})", hint)
            : FileError.At(location.Length == 0 ? Source : location, message, hint);
    }

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
