using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Sip;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Kinds;

namespace CpmSim.Scenarios.Scenario;

/// <summary>
/// Builds the network of a scenario: one node object per declared node (made by its kind's factory),
/// links, and the references between nodes (resolved by each kind's wiring). A reference left out is filled in when exactly one node of the needed kind exists
/// (the client's proxy is the one CPM server, the ISF's core the one SIP/IP core, ...). Every problem
/// is reported at once.
/// </summary>
public static class ScenarioBuilder
{
    public static BuiltScenario Build(ScenarioDefinition definition, ulong? seed = null, int runIndex = 0, IPendingEventSet? pendingEvents = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<FileError>();
        var sim = new Simulation(seed ?? definition.Seed, runIndex, pendingEvents);
        var net = new SimNetwork(sim);
        var nodes = new Dictionary<string, (NodeDefinition Def, Node Node)>(StringComparer.Ordinal);
        foreach (NodeDefinition d in definition.Nodes)
        {
            Node node = d.Kind.Create(d);
            if (d.Processing is not null)
            {
                node.Service = d.Processing.ToServiceModel();
            }

            if (node is SipNode sip)
            {
                sip.Timers = definition.Timers;
                sip.UnreliableTransport = definition.UnreliableTransport;
            }

            net.Add(node);
            nodes.Add(d.Name, (d, node));
        }

        // Each kind resolves its node's references (a reference names a declared node; several
        // instances of it share the name as their group, and the referring node spreads new sessions over them).
        var all = nodes.Values.ToList();
        foreach ((NodeDefinition d, Node node) in all)
        {
            d.Kind.Wire?.Invoke(new NodeWiring(definition, d, node, all, errors));
        }

        foreach (LinkDefinition l in definition.Links)
        {
            if (!nodes.TryGetValue(l.From, out var a) || !nodes.TryGetValue(l.To, out var b) || l.From == l.To)
            {
                continue; // reported by the loader
            }

            var options = new LinkOptions { Latency = l.Latency ?? definition.DefaultLatency, LossProbability = l.Loss, BandwidthBitsPerSecond = l.BandwidthBitsPerSecond, Up = l.Up, Reliable = !definition.UnreliableTransport };
            try
            {
                net.Connect(a.Node.Id, b.Node.Id, options);
                if (!l.Directed)
                {
                    net.Connect(b.Node.Id, a.Node.Id, options);
                }
            }
            catch (ArgumentException e)
            {
                errors.Add(definition.ErrorAt(l.Location, e.Message, "declare each pair of nodes once."));
            }
        }

        CpmClient[] clients = [.. nodes.Values.Select(n => n.Node).OfType<CpmClient>()];
        if (clients.Length != 1)
        {
            errors.Add(new FileError(definition.Source, 1, 1, $"a scenario needs exactly one cpm-client node (the originating side), found {clients.Length}.", "declare one node with 'kind: cpm-client'."));
        }

        if (errors.Count == 0)
        {
            // Only once every reference resolved: the hops follow from them.
            errors.AddRange(TopologyCheck.Check(definition, net, nodes.Values.Select(n => (n.Def, n.Node)).ToList()));
        }

        if (errors.Count > 0)
        {
            throw new FileErrorException(errors);
        }

        FaultSchedule.Install(definition, sim, net);
        return new BuiltScenario(definition, sim, net, clients[0]);
    }
}
