using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Sip;
using CpmSim.Scenarios.Files;

namespace CpmSim.Scenarios.Scenario;

/// <summary>
/// Builds the network of a scenario: one node object per declared node, links, and the references
/// between nodes. A reference left out is filled in when exactly one node of the needed kind exists
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
            Node node = Create(d);
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

        // A reference names a declared node; several instances of it (instances: N) share the name as
        // their group, and the referring node spreads new sessions over them.
        Balancer One(NodeDefinition at, string? named, NodeKind kind, string role)
        {
            var candidates = nodes.Values.Where(n => named is null ? n.Def.Kind == kind : n.Def.Group == named).ToList();
            var groups = candidates.Select(n => n.Def.Group).Distinct().ToList();
            if (named is not null && candidates.Count > 0 && candidates[0].Def.Kind != kind)
            {
                errors.Add(definition.ErrorAt(at.Location, $"node '{at.Name}': '{Key(role)}: {named}' names a {Kebab(candidates[0].Def.Kind)}, but its {role} must be a node of kind {Kebab(kind)}.",
                    KindsHint(kind)));
                return Balancer.None;
            }

            if (named is not null || groups.Count == 1)
            {
                return candidates.Count == 0 ? Balancer.None : new Balancer([.. candidates.Select(n => n.Node.Id)], candidates[0].Def.Balance);
            }

            errors.Add(definition.ErrorAt(at.Location, $"node '{at.Name}' needs its {role}, and there are {groups.Count} nodes of kind {Kebab(kind)}.",
                groups.Count == 0 ? $"declare a {Kebab(kind)} node." : $"name it with '{Key(role)}: ...' ({string.Join(", ", groups)})."));
            return Balancer.None;
        }

        IEnumerable<NodeId> Group(string name) => nodes.Values.Where(n => n.Def.Group == name).Select(n => n.Node.Id);

        var iwfs = nodes.Values.Where(n => n.Node is Iwf).ToList();
        foreach ((NodeDefinition d, Node node) in nodes.Values)
        {
            switch (node)
            {
                case CpmClient c:
                    c.OutboundProxy = One(d, d.Proxy, NodeKind.CpmServer, "proxy (CPM server)");
                    break;
                case ParticipatingFunction pf:
                    pf.Core = One(d, d.Core, NodeKind.SipCore, "core (SIP/IP core)");
                    pf.CpmDomains.UnionWith(d.CpmDomains ?? ["cpm.example"]);
                    break;
                case ControllingFunction cf:
                    cf.Core = One(d, d.Core, NodeKind.SipCore, "core (SIP/IP core)");
                    cf.CpmDomains.UnionWith(d.CpmDomains ?? ["cpm.example"]);
                    break;
                case SipCore core:
                    foreach (string wrong in (d.IsfNames ?? []).Where(n => nodes.Values.Any(x => x.Def.Group == n && x.Def.Kind != NodeKind.Isf)).Distinct())
                    {
                        errors.Add(definition.ErrorAt(d.Location, $"node '{d.Name}': 'isf' names '{wrong}', a {Kebab(nodes.Values.First(x => x.Def.Group == wrong).Def.Kind)}, not an isf.", KindsHint(NodeKind.Isf)));
                    }

                    core.Isfs.AddRange(d.IsfNames is not null
                        ? d.IsfNames.SelectMany(n => nodes.Values.Where(x => x.Def.Group == n && x.Def.Kind == NodeKind.Isf).Select(x => x.Node.Id))
                        : nodes.Values.Where(n => n.Def.Kind == NodeKind.Isf).Select(n => n.Node.Id));

                    core.IsfBalance = nodes.Values.FirstOrDefault(x => core.Isfs.Count > 0 && x.Node.Id == core.Isfs[0]).Def?.Balance ?? BalancePolicy.SessionHash;
                    core.SendsTrying = d.Trying ?? true;
                    core.Health.AvoidFor = d.AvoidFailed ?? core.Health.AvoidFor;
                    foreach (KeyValuePair<string, string> kv in d.Locations ?? new Dictionary<string, string>())
                    {
                        if (Group(kv.Value).FirstOrDefault(NodeId.None) is { IsNone: false } target)
                        {
                            core.Locations[kv.Key] = target;
                        }
                        else
                        {
                            errors.Add(definition.ErrorAt(d.Location, $"node '{d.Name}': location '{kv.Key}' names node '{kv.Value}', which is not declared."));
                        }
                    }

                    break;
                case Isf isf:
                    isf.Core = One(d, d.Core, NodeKind.SipCore, "core (SIP/IP core)");
                    isf.Reattempt = d.Reattempt ?? true;
                    isf.Health.AvoidFor = d.AvoidFailed ?? isf.Health.AvoidFor;
                    if (d.Preference is not null)
                    {
                        isf.Preference.Clear();
                        isf.Preference.AddRange(d.Preference);
                    }

                    foreach (string wrong in (d.IwfNames ?? []).Where(n => nodes.Values.Any(x => x.Def.Group == n && x.Def.Kind != NodeKind.Iwf)).Distinct())
                    {
                        errors.Add(definition.ErrorAt(d.Location, $"node '{d.Name}': 'iwfs' names '{wrong}', a {Kebab(nodes.Values.First(x => x.Def.Group == wrong).Def.Kind)}, not an iwf.", KindsHint(NodeKind.Iwf)));
                    }

                    foreach (var i in d.IwfNames is not null ? iwfs.Where(i => d.IwfNames.Contains(i.Def.Group)) : iwfs)
                    {
                        isf.Iwfs.Add(new IwfRegistration(i.Node.Id, i.Def.Name, ((Iwf)i.Node).Profile, i.Def.Balance));
                    }

                    if (isf.Iwfs.Count == 0)
                    {
                        errors.Add(definition.ErrorAt(d.Location, $"node '{d.Name}' (an isf) has no IWF to select.", "declare a node of kind iwf (interworks: sms or mms), or name them with 'iwfs: [...]'."));
                    }

                    var directory = new RecipientDirectory();
                    foreach (KeyValuePair<string, IReadOnlyList<NonCpmService>> r in definition.Recipients)
                    {
                        directory.Set(r.Key, [.. r.Value]);
                    }

                    isf.Recipients = directory;
                    break;
                case Iwf iwf:
                    NodeKind centre = iwf.Profile.Service == NonCpmService.Sms ? NodeKind.Smsc : NodeKind.Mmsc;
                    iwf.NonCpmServer = One(d, d.Server, centre, $"server ({Kebab(centre)})");
                    break;
                case NonCpmServer centreNode:
                    centreNode.Users = d.Users is not null || nodes.Values.Any(n => n.Def.Kind == NodeKind.NonCpmUser)
                        ? One(d, d.Users, NodeKind.NonCpmUser, "users (non-CPM user)").Pick(0)
                        : NodeId.None;
                    break;
            }
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

    private static Node Create(NodeDefinition d) => d.Kind switch
    {
        NodeKind.CpmClient => new CpmClient(d.Name, d.Address ?? $"sip:{d.Name}@cpm.example"),
        NodeKind.CpmServer when d.Mode == CpmServerMode.Controlling => new ControllingFunction(d.Name),
        NodeKind.CpmServer => new ParticipatingFunction(d.Name),
        NodeKind.SipCore => new SipCore(d.Name),
        NodeKind.Isf => new Isf(d.Name),
        NodeKind.Iwf => new Iwf(d.Name, Profile(d)),
        NodeKind.Smsc or NodeKind.Mmsc => Centre(d),
        _ => new NonCpmUser(d.Name),
    };

    private static IwfProfile Profile(NodeDefinition d)
    {
        IwfProfile p = d.Interworks == NonCpmService.Mms ? IwfProfile.Mms : IwfProfile.Sms;
        return p with
        {
            Media = d.Media ?? p.Media,
            MaxFileBytes = d.MaxFileSize ?? p.MaxFileBytes,
            RejectWith = d.RejectWith ?? p.RejectWith,
            Confirm = d.Confirm ?? p.Confirm,
            NonCpmTimeout = d.NonCpmTimeout ?? p.NonCpmTimeout,
            SixteenBitReference = d.SixteenBitReference ?? p.SixteenBitReference,
        };
    }

    private static NonCpmServer Centre(NodeDefinition d)
    {
        var c = new NonCpmServer(d.Name, d.Kind == NodeKind.Smsc ? NonCpmService.Sms : NonCpmService.Mms)
        {
            Accepts = d.Accepts ?? true,
            Answers = d.Answers ?? true,
            DeliveryReports = d.DeliveryReports ?? true,
        };
        if (d.DeliveryDelay is not null)
        {
            c.DeliveryDelay = d.DeliveryDelay;
        }

        return c;
    }

    internal static string Kebab(NodeKind k) => ScenarioLoader.Kinds.First(kv => kv.Value == k).Key;

    private static string KindsHint(NodeKind kind) => $"name a node of kind {Kebab(kind)}, or leave the key out when there is exactly one such node.";

    private static string Key(string role) => role.Split(' ')[0];
}
