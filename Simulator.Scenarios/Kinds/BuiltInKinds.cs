using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Random;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Kinds;

/// <summary>The node kinds of the CPM domain, each declared once: keys, factory and wiring.</summary>
internal static class BuiltInKinds
{
    private static readonly Dictionary<string, MediaType> MediaNames = new(StringComparer.Ordinal) { ["chat"] = MediaType.Chat, ["file"] = MediaType.File, ["audio"] = MediaType.Audio, ["video"] = MediaType.Video };
    private static readonly Dictionary<string, CpmServerMode> Modes = new(StringComparer.Ordinal) { ["participating"] = CpmServerMode.Participating, ["controlling"] = CpmServerMode.Controlling };
    private static readonly Dictionary<string, RejectEncoding> Rejects = new(StringComparer.Ordinal) { ["488"] = RejectEncoding.Status488, ["port-zero"] = RejectEncoding.PortZero, ["415"] = RejectEncoding.Status415, ["606"] = RejectEncoding.Status606 };
    // Declared before the kinds that use them: static fields are set in this order.
    private static readonly Dictionary<string, ConfirmMode> Confirms = new(StringComparer.Ordinal) { ["immediate"] = ConfirmMode.Immediate, ["non-cpm-ack"] = ConfirmMode.NonCpmAck };

    /// <summary>The keys of a non-CPM service centre (<see cref="NonCpmServer"/>), for a kind of centre registered from outside too.</summary>
    public static readonly IReadOnlyList<NodeKey> CentreKeys =
    [
        NodeKey.Node("users", "the only `non-cpm-user`", "where messages are delivered"),
        NodeKey.Flag("accepts", "`true`", "`false`: refuse every submission (nack)"),
        NodeKey.Flag("answers", "`true`", "`false`: never answer"),
        NodeKey.Delay("delivery-delay", "`const(2s)`", "acceptance → delivery to the user (for an MMSC: the MMS notification; the handset then retrieves the MM at once)"),
        NodeKey.Flag("delivery-reports", "`true`", "send a delivery report to the IWF after delivery (an MMSC: once the MM is retrieved, not when it notifies)"),
    ];

    /// <summary>The non-CPM services, by name, as registered (built-in and added).</summary>
    private static IReadOnlyDictionary<string, NonCpmService> Services() => ScenarioRegistry.Services.ByName;

    public static readonly NodeKind CpmClient = new("cpm-client", d => new Cpm.CpmClient(d.Name, d.Options.Find<string>("address") ?? $"sip:{d.Name}@cpm.example"))
    {
        Help = "the CPM user whose sessions are simulated; a scenario has exactly one",
        Keys =
        [
            NodeKey.Text("address", "`sip:NAME@cpm.example`", "the CPM user's address"),
            NodeKey.Node("proxy", "the only `cpm-server`", "where initial requests go first"),
        ],
        Roles = ["Orig"],
        SingleInstance = "which has one instance: every session of a scenario starts at that one CPM user",
        Wire = w => ((Cpm.CpmClient)w.Node).OutboundProxy = w.One("proxy", NodeKind.CpmServer, "proxy (CPM server)"),
    };

    public static readonly NodeKind CpmServer = new("cpm-server", d => d.Options.Value<CpmServerMode>("mode") == CpmServerMode.Controlling ? new ControllingFunction(d.Name) : new ParticipatingFunction(d.Name))
    {
        Help = "the CPM Participating or Controlling Function",
        Keys =
        [
            NodeKey.Choice("mode", Modes, "`participating`", "`participating` (a proxy on the Signalling Path) or `controlling` (a B2BUA anchoring the media, NOTE 1/2)"),
            NodeKey.Node("core", "the only `sip-core`", "the SIP/IP core it sends to"),
            NodeKey.Texts("cpm-domains", "`[cpm.example]`", "`sip:user@domain` in these domains needs no interworking; anything else (and every `tel:`) does"),
        ],
        Roles = ["Orig", "Srv"],
        Wire = w =>
        {
            Balancer core = w.One("core", NodeKind.SipCore, "core (SIP/IP core)");
            IReadOnlyList<string> domains = w.Options.Find<IReadOnlyList<string>>("cpm-domains") ?? ["cpm.example"];
            switch (w.Node)
            {
                case ParticipatingFunction pf:
                    pf.Core = core;
                    pf.CpmDomains.UnionWith(domains);
                    break;
                case ControllingFunction cf:
                    cf.Core = core;
                    cf.CpmDomains.UnionWith(domains);
                    break;
            }
        },
    };

    public static readonly NodeKind SipCore = new("sip-core", d => new Cpm.SipCore(d.Name))
    {
        Help = "the SIP/IP core",
        Keys =
        [
            NodeKey.Nodes("isf", "every `isf`", "ISFs that initial requests marked for interworking go to (balanced per session)"),
            NodeKey.Map("locations", "none", "address → node, for initial requests without interworking"),
            NodeKey.Flag("trying", "`true`", "answer INVITEs with 100 Trying"),
            NodeKey.Time("avoid-failed", "`30s`", "how long an ISF instance that failed an initial request — transport error, 503, or no answer to an INVITE (Timer B) — is avoided for new sessions; `0s`: never avoided, and no fail-over (see [Faults](#faults-faults))"),
        ],
        Roles = ["Core"],
        Wire = WireCore,
    };

    public static readonly NodeKind Isf = new("isf", d => new Cpm.Isf(d.Name) { Policy = ScenarioRegistry.IsfPolicies.Find(d.Options.Find<string>("policy") ?? PreferencePolicy.Name)!() })
    {
        Help = "the Interworking Selection Function",
        Keys =
        [
            NodeKey.Node("core", "the only `sip-core`", "the core it reaches the IWFs through"),
            NodeKey.Flag("reattempt", "`true`", "R01: re-attempt interworking for a rejected stream; `false`: return the rejection"),
            NodeKey.Choices("preference", Services, "`[sms, mms]`", "operator preference among services, first preferred"),
            NodeKey.Nodes("iwfs", "every `iwf`", "the IWFs it selects among (nodes of kind `iwf`, or of a kind registered from outside whose nodes are IWFs)"),
            NodeKey.Time("avoid-failed", "`30s`", "how long an IWF (or core) instance that failed a leg — transport error, 503, or no answer (408, Timer B) — is avoided for new legs; `0s`: never avoided (each failed leg still fails over)"),
            NodeKey.Choice("policy", () => ScenarioRegistry.IsfPolicies.Names.ToDictionary(n => n, n => n, StringComparer.Ordinal), "`preference`",
                "the interworking selection: `preference` — among the IWFs of the recipient's services that carry every stream, those of the most preferred service, spread over that group's instances by its `balance`, avoiding failed ones; or a policy registered from outside (see docs/library.md)"),
        ],
        Roles = ["Isf"],
        Wire = WireIsf,
    };

    public static readonly NodeKind Iwf = new("iwf", d => new Cpm.Iwf(d.Name, Profile(d.Options)))
    {
        Help = "an Interworking Function toward one non-CPM service",
        Keys =
        [
            NodeKey.Choice("interworks", Services, "required", "`sms` (profile: chat only, rejects with 488, answers at once) or `mms` (chat and file, 300 KB, answers after the MMSC's ack); a service registered from outside starts from the sms profile"),
            NodeKey.Choices("media", MediaNames, "by profile", "media it carries: `chat`, `file`, `audio`, `video`. An SMS IWF given `file` keeps each file and sends the user a short message with a link to it (`iwfa-accepts`)"),
            NodeKey.Size("max-file-size", "`300KB` for mms, none for sms", "largest file accepted"),
            NodeKey.Choice("reject-with", Rejects, "`488`", "`488` (Not Acceptable Here, warning 304), `port-zero` (200 OK with the stream's port 0), `415` (Unsupported Media Type) or `606` (Not Acceptable, warning 304). The ISF tells a rejection from the answer alone, as a real ISF must: a 488, 415 or 606 refuses every newly offered stream, a 2xx refuses those it sets to port 0"),
            NodeKey.Choice("confirm", Confirms, "`immediate` for sms, `non-cpm-ack` for mms", "answer an invitation at once, or after converting it and receiving the non-CPM ack (seed steps 14–17)"),
            NodeKey.Time("non-cpm-timeout", "`20s`", "how long it waits for the non-CPM ack before answering 504 Server Time-out (the server behind it did not answer, RFC 3261 §21.5.5)"),
            NodeKey.Flag("sixteen-bit-reference", "`false`", "concatenated SMS with the 16-bit reference (152/66 per segment instead of 153/67)"),
            NodeKey.Node("server", "the only `smsc`/`mmsc` of its service", "the service centre it submits to"),
            NodeKey.Choice("conversion", () => ScenarioRegistry.IwfConversions.ByName, "that of its service", "how chat messages and files become non-CPM messages: `sms` (segmented short messages; a file becomes a short message with a link) or `mms` (one multimedia message each), or a conversion registered from outside"),
        ],
        Roles = ["Iwf*"],
        Check = c =>
        {
            if (!c.IsWritten("interworks"))
            {
                c.Error(null, $"{c.What} (an iwf) needs 'interworks: sms' or 'interworks: mms'.");
            }
        },
        Wire = WireIwf,
    };

    public static readonly NodeKind Smsc = Centre("smsc", NonCpmService.Sms, "the SMS service centre");

    public static readonly NodeKind Mmsc = Centre("mmsc", NonCpmService.Mms, "the MMS service centre");

    public static readonly NodeKind NonCpmUser = new("non-cpm-user", d => new Cpm.NonCpmUser(d.Name))
    {
        Help = "the SMS/MMS users (an MMS handset retrieves each notified MM at once); no options",
        Roles = ["NonCpm*"],
    };

    /// <summary>Every built-in kind, in the order the reference lists them.</summary>
    public static IReadOnlyList<NodeKind> All => [CpmClient, CpmServer, SipCore, Isf, Iwf, Smsc, Mmsc, NonCpmUser];

    /// <summary>A kind of service centre for <paramref name="service"/>: a <see cref="NonCpmServer"/> with <see cref="CentreKeys"/>.</summary>
    public static NodeKind Centre(string name, NonCpmService service, string help) => new(name, d => NewCentre(d, service))
    {
        Help = help,
        Keys = CentreKeys,
        Roles = ["NonCpm*"],
        Wire = w =>
        {
            var centre = (NonCpmServer)w.Node;
            centre.Users = w.Options.Has("users") || w.Nodes.Any(n => n.Definition.Kind == NonCpmUser)
                ? w.One("users", NonCpmUser, "users (non-CPM user)").Pick(0)
                : NodeId.None;
        },
    };

    private static NonCpmServer NewCentre(NodeDefinition d, NonCpmService service)
    {
        var c = new NonCpmServer(d.Name, service)
        {
            Accepts = d.Options.Get("accepts", true),
            Answers = d.Options.Get("answers", true),
            DeliveryReports = d.Options.Get("delivery-reports", true),
        };
        if (d.Options.Find<Distribution>("delivery-delay") is Distribution delay)
        {
            c.DeliveryDelay = delay;
        }

        return c;
    }

    private static IwfProfile Profile(NodeOptions o)
    {
        NonCpmService? service = o.Find<NonCpmService>("interworks");
        IwfProfile p = service == NonCpmService.Mms ? IwfProfile.Mms : IwfProfile.Sms;
        return p with
        {
            Service = service ?? p.Service,
            Media = o.Find<IReadOnlyList<MediaType>>("media")?.ToHashSet() ?? p.Media,
            MaxFileBytes = o.Value<long>("max-file-size") ?? p.MaxFileBytes,
            RejectWith = o.Value<RejectEncoding>("reject-with") ?? p.RejectWith,
            Confirm = o.Value<ConfirmMode>("confirm") ?? p.Confirm,
            NonCpmTimeout = o.Value<SimTime>("non-cpm-timeout") ?? p.NonCpmTimeout,
            SixteenBitReference = o.Value<bool>("sixteen-bit-reference") ?? p.SixteenBitReference,
            Conversion = o.Find<IIwfConversion>("conversion") ?? p.Conversion,
        };
    }

    private static void WireCore(NodeWiring w)
    {
        var core = (Cpm.SipCore)w.Node;
        IReadOnlyList<string>? named = w.Options.Find<IReadOnlyList<string>>("isf");
        foreach (string wrong in (named ?? []).Where(n => w.Nodes.Any(x => x.Definition.Group == n && x.Definition.Kind != Isf)).Distinct())
        {
            w.Error($"node '{w.Definition.Name}': 'isf' names '{wrong}', a {w.Nodes.First(x => x.Definition.Group == wrong).Definition.Kind.Name}, not an isf.", NodeWiring.KindHint(Isf));
        }

        core.Isfs.AddRange(named is not null
            ? named.SelectMany(n => w.Nodes.Where(x => x.Definition.Group == n && x.Definition.Kind == Isf).Select(x => x.Node.Id))
            : w.Nodes.Where(n => n.Definition.Kind == Isf).Select(n => n.Node.Id));

        core.IsfBalance = w.Nodes.FirstOrDefault(x => core.Isfs.Count > 0 && x.Node.Id == core.Isfs[0]).Definition?.Balance ?? BalancePolicy.SessionHash;
        core.SendsTrying = w.Options.Get("trying", true);
        core.Health.AvoidFor = w.Options.Value<SimTime>("avoid-failed") ?? core.Health.AvoidFor;
        foreach (KeyValuePair<string, string> kv in w.Options.Find<IReadOnlyDictionary<string, string>>("locations") ?? new Dictionary<string, string>())
        {
            if (w.Group(kv.Value).FirstOrDefault(NodeId.None) is { IsNone: false } target)
            {
                core.Locations[kv.Key] = target;
            }
            else
            {
                w.Error($"node '{w.Definition.Name}': location '{kv.Key}' names node '{kv.Value}', which is not declared.");
            }
        }
    }

    private static void WireIsf(NodeWiring w)
    {
        var isf = (Cpm.Isf)w.Node;
        isf.Core = w.One("core", SipCore, "core (SIP/IP core)");
        isf.Reattempt = w.Options.Get("reattempt", true);
        isf.Health.AvoidFor = w.Options.Value<SimTime>("avoid-failed") ?? isf.Health.AvoidFor;
        if (w.Options.Find<IReadOnlyList<NonCpmService>>("preference") is IReadOnlyList<NonCpmService> preference)
        {
            isf.Preference.Clear();
            isf.Preference.AddRange(preference);
        }

        // An IWF is any node that is one: of kind iwf, or of a kind registered from outside.
        IReadOnlyList<string>? named = w.Options.Find<IReadOnlyList<string>>("iwfs");
        foreach (string wrong in (named ?? []).Where(n => w.Nodes.Any(x => x.Definition.Group == n && x.Node is not Cpm.Iwf)).Distinct())
        {
            w.Error($"node '{w.Definition.Name}': 'iwfs' names '{wrong}', a {w.Nodes.First(x => x.Definition.Group == wrong).Definition.Kind.Name}, not an iwf.", NodeWiring.KindHint(Iwf));
        }

        foreach (var i in w.Nodes.Where(n => n.Node is Cpm.Iwf && (named is null || named.Contains(n.Definition.Group))))
        {
            isf.Iwfs.Add(new IwfRegistration(i.Node.Id, i.Definition.Name, ((Cpm.Iwf)i.Node).Profile, i.Definition.Balance));
        }

        if (isf.Iwfs.Count == 0)
        {
            w.Error($"node '{w.Definition.Name}' (an isf) has no IWF to select.", "declare a node of kind iwf (interworks: sms or mms), or name them with 'iwfs: [...]'.");
        }

        var directory = new RecipientDirectory();
        foreach (KeyValuePair<string, IReadOnlyList<NonCpmService>> r in w.Scenario.Recipients)
        {
            directory.Set(r.Key, [.. r.Value]);
        }

        isf.Recipients = directory;
    }

    /// <summary>An IWF's service centre: its <c>server:</c>, else the only node of its service's centre kind.</summary>
    internal static void WireIwf(NodeWiring w)
    {
        var iwf = (Cpm.Iwf)w.Node;
        NonCpmService service = iwf.Profile.Service;
        if (ScenarioRegistry.NodeKinds.Find(service.CentreKind) is not NodeKind centre)
        {
            w.Error($"node '{w.Definition.Name}' interworks with {service.DisplayName}, whose service centre kind '{service.CentreKind}' is not registered.", "register the kind before loading the scenario (ScenarioRegistry.Register).");
            return;
        }

        iwf.NonCpmServer = w.One("server", centre, $"server ({centre.Name})");
    }
}
