using CpmSim.Core.Kernel;

namespace CpmSim.Core.Network;

/// <summary>
/// Builds a <see cref="SimNetwork"/> from a <see cref="TopologySpec"/>. Every inconsistency — an unknown
/// node, a duplicate name or link, a link to itself, a negative capacity, a loss outside [0, 1), a
/// non-positive bandwidth, a kind the factory does not know — is collected, and all are reported
/// together in one <see cref="TopologyException"/>.
/// </summary>
public static class TopologyBuilder
{
    /// <param name="spec">The nodes and links to build.</param>
    /// <param name="nodeFactory">Makes the node for a spec; returns null for a kind it does not know.</param>
    /// <param name="simulation">The simulation the network runs on.</param>
    public static SimNetwork Build(TopologySpec spec, Func<NodeSpec, Node?> nodeFactory, Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(nodeFactory);
        var errors = new List<string>();
        static string At(string? location) => location is null ? string.Empty : location + ": ";

        var net = new SimNetwork(simulation);
        var byName = new Dictionary<string, Node>(StringComparer.Ordinal);
        for (int i = 0; i < spec.Nodes.Count; i++)
        {
            NodeSpec n = spec.Nodes[i];
            string what = $"{At(n.Location)}node {i + 1} ('{n.Name}')";
            if (string.IsNullOrWhiteSpace(n.Name))
            {
                errors.Add($"{what}: has no name; give every node a unique name.");
                continue;
            }

            if (byName.ContainsKey(n.Name))
            {
                errors.Add($"{what}: the name is already used by another node; node names must be unique.");
                continue;
            }

            if (n.Service is ServiceSpec s)
            {
                if (s.Servers <= 0)
                {
                    errors.Add($"{what}: servers must be at least 1, not {s.Servers}.");
                }

                if (s.QueueCapacity < 0)
                {
                    errors.Add($"{what}: queue capacity must not be negative ({s.QueueCapacity}); use 0 for no waiting room.");
                }
            }

            Node? node = nodeFactory(n);
            if (node is null)
            {
                errors.Add($"{what}: unknown kind '{n.Kind}'.");
                continue;
            }

            if (n.Service is { Servers: > 0, QueueCapacity: >= 0 } ok)
            {
                node.Service = new ServiceModel(ok.Servers, ok.ServiceTime, ok.QueueCapacity, ok.Overload);
            }

            byName.Add(n.Name, node);
            net.Add(node);
        }

        var seen = new HashSet<(string, string)>();
        for (int i = 0; i < spec.Links.Count; i++)
        {
            LinkSpec l = spec.Links[i];
            string what = $"{At(l.Location)}link {i + 1} ({l.From}->{l.To})";
            bool ok = true;
            foreach (string end in new[] { l.From, l.To }.Distinct())
            {
                if (!byName.ContainsKey(end) && !spec.Nodes.Any(n => n.Name == end))
                {
                    errors.Add($"{what}: unknown node '{end}'; declare it among the nodes or fix the name.");
                    ok = false;
                }
            }

            if (l.From == l.To)
            {
                errors.Add($"{what}: a link from a node to itself; a link joins two different nodes.");
                ok = false;
            }

            if (l.Options.LossProbability is < 0 or >= 1 || double.IsNaN(l.Options.LossProbability))
            {
                errors.Add($"{what}: loss probability must lie in [0, 1), not {l.Options.LossProbability}.");
                ok = false;
            }

            if (l.Options.BandwidthBitsPerSecond is <= 0)
            {
                errors.Add($"{what}: bandwidth must be positive, not {l.Options.BandwidthBitsPerSecond}.");
                ok = false;
            }

            foreach ((string a, string b) in l.From == l.To ? [] : l.Bidirectional ? new[] { (l.From, l.To), (l.To, l.From) } : new[] { (l.From, l.To) })
            {
                if (!seen.Add((a, b)))
                {
                    errors.Add($"{what}: there is already a link {a}->{b}; declare each link once.");
                    ok = false;
                }
            }

            if (ok && byName.TryGetValue(l.From, out Node? from) && byName.TryGetValue(l.To, out Node? to))
            {
                net.Connect(from.Id, to.Id, l.Options);
                if (l.Bidirectional)
                {
                    net.Connect(to.Id, from.Id, l.Options);
                }
            }
        }

        for (int i = 0; i < spec.Routes.Count; i++)
        {
            RouteSpec r = spec.Routes[i];
            string what = $"{At(r.Location)}route {i + 1} ({r.From}->{r.Destination} via {r.Via})";
            var ends = new[] { r.From, r.Destination, r.Via }.Distinct().Where(e => !byName.ContainsKey(e)).ToList();
            foreach (string end in ends)
            {
                errors.Add($"{what}: unknown node '{end}'.");
            }

            if (ends.Count == 0)
            {
                if (!seen.Contains((r.From, r.Via)))
                {
                    errors.Add($"{what}: there is no link {r.From}->{r.Via} to take the first hop; add the link.");
                }
                else
                {
                    net.AddRoute(byName[r.From].Id, byName[r.Destination].Id, byName[r.Via].Id);
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new TopologyException(errors);
        }

        return net;
    }
}
