using CpmSim.Core.Tracing;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Scenarios.Replay;

/// <summary>Replays one session of a scenario with full tracing and checks it against the scenario's flow.</summary>
public static class ReplayRunner
{
    /// <summary>The session id of the replayed session.</summary>
    public const long SessionId = 1;

    public static ReplayResult Run(ScenarioDefinition scenario, ulong? seed = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        BuiltScenario built = ScenarioBuilder.Build(scenario, seed);
        return Run(built);
    }

    /// <summary>Replays on an already built network (e.g. one a test or sample changed in code).</summary>
    public static ReplayResult Run(BuiltScenario built)
    {
        ArgumentNullException.ThrowIfNull(built);
        var sink = new MemoryTraceSink();
        built.Network.Tracer = new Tracer(sink);
        SessionRecord? record = null;
        built.Client.SessionEnded += r => record = r;
        built.Client.StartSession(SessionId, built.Definition.Session);
        built.Simulation.Run();
        if (record is null)
        {
            throw new InvalidOperationException($"Scenario '{built.Definition.Name}': session {SessionId} did not end (the simulation ran out of events at {built.Simulation.Now}).");
        }

        IReadOnlyDictionary<string, string> roles = built.RoleOfNode;
        var observed = sink.Records.Where(r => r.SessionId == SessionId || r.SessionId == 0).Select(r => ObservedRecord.From(r, roles)).ToList();
        FlowMatch? match = built.Definition.Flow is null ? null : FlowMatcher.Match(built.Definition.Flow, observed);
        return new ReplayResult(built.Definition, built.Simulation.Random.Seed, match?.Records ?? observed, match, record, built.Simulation.EventsProcessed)
        {
            NodeNames = [.. built.Network.Nodes.Select(n => n.Name)],
        };
    }
}
