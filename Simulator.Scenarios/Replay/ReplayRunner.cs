using CpmSim.Core.Kernel;
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

    public static ReplayResult Run(ScenarioDefinition scenario, ulong? seed = null) => Run(scenario, seed, null);

    /// <summary>
    /// Replays with a fingerprint of the given ingredients (see <see cref="Fingerprint"/>; null: none)
    /// folded in as the events fire, and the flow steps after the match when <c>s</c> is among them.
    /// </summary>
    public static ReplayResult Run(ScenarioDefinition scenario, ulong? seed, string? fingerprint)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        BuiltScenario built = ScenarioBuilder.Build(scenario, seed);
        return Run(built, fingerprint);
    }

    /// <summary>Replays on an already built network (e.g. one a test or sample changed in code).</summary>
    public static ReplayResult Run(BuiltScenario built) => Run(built, null);

    /// <summary>Replays on an already built network, with a fingerprint of the given ingredients (null: none).</summary>
    public static ReplayResult Run(BuiltScenario built, string? fingerprint)
    {
        ArgumentNullException.ThrowIfNull(built);
        Fingerprint? fp = fingerprint is null ? null : new Fingerprint(fingerprint);
        built.Simulation.Fingerprint = fp;
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
        IReadOnlyList<ObservedRecord> records = match?.Records ?? observed;
        if (fp is { Step: true })
        {
            // Steps are known once the whole trace is matched: folded in after the events, in trace order.
            foreach (ObservedRecord r in records)
            {
                fp.Add(r.Step ?? "-");
            }
        }

        return new ReplayResult(built.Definition, built.Simulation.Random.Seed, records, match, record, built.Simulation.EventsProcessed)
        {
            Fingerprint = fp?.ToString(),
        };
    }
}
