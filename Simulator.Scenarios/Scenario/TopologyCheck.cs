using CpmSim.Core.Network;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Files;

namespace CpmSim.Scenarios.Scenario;

/// <summary>
/// Checks, before the first event, that the network of a built scenario carries every hop its nodes
/// will use — so that the network's run-time "no link or route" error cannot be reached from a
/// scenario file. The hops follow from the resolved references, in both directions (a request one
/// way, its responses and ACKs the other): the client and its proxy, a CPM server and its core, a
/// core and its ISFs and locations, an ISF and its core, the ISF's core and each IWF it may select,
/// an IWF and its message centre, a centre and its users, and the MSRP media plane (the client, or
/// a Controlling Function relaying it, and each IWF). Every node has a link and is connected to the
/// client's network.
/// </summary>
internal static class TopologyCheck
{
    public static List<FileError> Check(ScenarioDefinition definition, SimNetwork net, IReadOnlyList<(NodeDefinition Def, Node Node)> nodes)
    {
        var errors = new List<FileError>();
        var byId = nodes.ToDictionary(n => n.Node.Id, n => n.Def);
        var needs = new List<(NodeId A, NodeId B, string Why)>();
        void Need(NodeId a, IEnumerable<NodeId> bs, string why)
        {
            foreach (NodeId b in bs.Where(b => !b.IsNone && b != a))
            {
                needs.Add((a, b, why));
            }
        }

        var selectable = nodes.Select(n => n.Node).OfType<Isf>().SelectMany(i => i.Iwfs.Select(r => r.Node)).Distinct().ToList();
        foreach ((NodeDefinition _, Node node) in nodes)
        {
            switch (node)
            {
                case CpmClient c:
                    Need(c.Id, c.OutboundProxy.Targets, "SIP to its proxy (the CPM server)");
                    foreach (NodeId proxy in c.OutboundProxy.Targets)
                    {
                        // MSRP: a Controlling Function relays the media; otherwise the client talks to the IWF itself.
                        Need(net.Nodes[proxy.Value] is ControllingFunction ? proxy : c.Id, selectable, "MSRP media to the IWFs");
                    }

                    break;
                case ParticipatingFunction pf:
                    Need(pf.Id, pf.Core.Targets, "SIP to its core");
                    break;
                case ControllingFunction cf:
                    Need(cf.Id, cf.Core.Targets, "SIP to its core");
                    break;
                case SipCore core:
                    Need(core.Id, core.Isfs, "SIP to its ISFs");
                    Need(core.Id, core.Locations.Values, "SIP to its locations");
                    break;
                case Isf isf:
                    Need(isf.Id, isf.Core.Targets, "SIP to its core");
                    foreach (NodeId core in isf.Core.Targets)
                    {
                        Need(core, isf.Iwfs.Select(r => r.Node), $"SIP to the IWFs that ISF '{isf.Name}' selects");
                    }

                    break;
                case Iwf iwf:
                    Need(iwf.Id, iwf.NonCpmServer.Targets, "messages to its message centre");
                    break;
                case NonCpmServer centre:
                    Need(centre.Id, [centre.Users], "deliveries to its users");
                    break;
            }
        }

        var reported = new HashSet<(string, string)>();
        var inHopErrors = new HashSet<string>(StringComparer.Ordinal);
        bool ownLinks = definition.LinksLocation.Length > 0 && !definition.LinksLocation.StartsWith("builtin:", StringComparison.Ordinal);
        foreach ((NodeId a, NodeId b, string why) in needs)
        {
            bool there = net.CanReach(a, b), back = net.CanReach(b, a);
            NodeDefinition f = byId[a], t = byId[b];
            if ((there && back) || !reported.Add(string.CompareOrdinal(f.Group, t.Group) < 0 ? (f.Group, t.Group) : (t.Group, f.Group)))
            {
                continue; // one error per pair of declared nodes, not per instance or direction
            }

            inHopErrors.Add(f.Group);
            inHopErrors.Add(t.Group);
            string message = (there, back) switch
            {
                (false, false) => $"there is no link between '{f.Group}' and '{t.Group}', which '{f.Group}' needs for {why}.",
                (false, true) => $"there is no link from '{f.Group}' to '{t.Group}', which '{f.Group}' needs for {why}.",
                _ => $"there is no link from '{t.Group}' back to '{f.Group}', which '{f.Group}' needs for {why} (responses come back that way).",
            };
            string hint = $"add '- {{between: [{f.Group}, {t.Group}]}}' under 'links'" +
                (ownLinks && definition.ExtendsLocation.Length > 0 ? " (a 'links' list replaces the one of the scenario it extends: repeat the links you keep)." : ".");
            string place = ownLinks ? definition.LinksLocation : !t.Location.StartsWith("builtin:", StringComparison.Ordinal) ? t.Location : f.Location;
            errors.Add(definition.ErrorAt(place, message, hint));
        }

        // Every node is connected to the client's part of the network.
        var linked = net.Links.SelectMany(l => new[] { l.From, l.To }).ToHashSet();
        var adjacent = net.Links.ToLookup(l => l.From, l => l.To);
        var reverse = net.Links.ToLookup(l => l.To, l => l.From);
        var seen = new HashSet<NodeId>();
        var queue = new Queue<NodeId>(nodes.Select(n => n.Node).OfType<CpmClient>().Select(c => c.Id));
        while (queue.TryDequeue(out NodeId at))
        {
            if (seen.Add(at))
            {
                foreach (NodeId next in adjacent[at].Concat(reverse[at]))
                {
                    queue.Enqueue(next);
                }
            }
        }

        var groupsReported = new HashSet<string>(StringComparer.Ordinal);
        foreach ((NodeDefinition d, Node node) in nodes.Where(n => !seen.Contains(n.Node.Id) && !inHopErrors.Contains(n.Def.Group)))
        {
            if (!groupsReported.Add(d.Group))
            {
                continue;
            }

            errors.Add(linked.Contains(node.Id)
                ? definition.ErrorAt(d.Location, $"node '{d.Group}' is not connected to the rest of the network (no chain of links leads to it from the cpm-client).", "link it to the node that uses it, e.g. an iwf to the sip-core, a smsc to its iwf.")
                : definition.ErrorAt(d.Location, $"node '{d.Group}' has no links.", $"add a link to it under 'links', e.g. '- {{between: [{d.Group}, OTHER]}}', or remove the node."));
        }

        return errors;
    }
}
