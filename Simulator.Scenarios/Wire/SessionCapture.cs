using CpmSim.Core.Tracing;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Scenarios.Wire;

/// <summary>
/// Keeps the trace of the first <see cref="Sessions"/> sessions a load run samples (the run's tracer
/// samples one session in N, see <c>LoadOptions.StepSampleEvery</c>), for a pcap of them
/// (<c>cpmsim run --pcap FILE --pcap-sessions N</c>). Other sessions' records pass by.
/// </summary>
public sealed class SessionCapture(int sessions) : ITraceSink
{
    private readonly Dictionary<long, List<TraceRecord>> _bySession = [];
    private BuiltScenario? _built;

    public int Sessions { get; } = sessions > 0 ? sessions : throw new ArgumentOutOfRangeException(nameof(sessions), sessions, "capture at least one session");

    /// <summary>The sessions captured, in the order they started.</summary>
    public IReadOnlyList<long> Captured => [.. _bySession.Keys];

    /// <summary>Called by the load runner with the network it traces.</summary>
    public void Attach(BuiltScenario built) => _built = built ?? throw new ArgumentNullException(nameof(built));

    public void Record(TraceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.SessionId <= 0)
        {
            return;
        }

        if (!_bySession.TryGetValue(record.SessionId, out List<TraceRecord>? list))
        {
            if (_bySession.Count >= Sessions)
            {
                return;
            }

            list = [];
            _bySession.Add(record.SessionId, list);
        }

        list.Add(record);
    }

    /// <summary>The captured sessions' messages as a pcap.</summary>
    public void WritePcap(Stream stream)
    {
        BuiltScenario built = _built ?? throw new InvalidOperationException("The capture was not attached to a run.");
        var export = new PcapExport(built.Definition, new WireAddresses(built.Definition, [.. built.Network.Nodes.Select(n => n.Name)]));
        foreach (List<TraceRecord> records in _bySession.Values)
        {
            export.Add([.. records.Select(r => ObservedRecord.From(r, built.RoleOfNode))]);
        }

        export.WriteTo(stream);
    }
}
