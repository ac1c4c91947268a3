using CpmSim.Scenarios.Cpm;

namespace CpmSim.Scenarios.Kinds;

/// <summary>
/// What scenario files can name, by name: node kinds (<c>kind:</c>), non-CPM services
/// (<c>interworks:</c>, <c>preference:</c>, <c>recipients:</c>), ISF policies (<c>policy:</c> of an
/// isf) and IWF conversions (<c>conversion:</c> of an iwf). The built-in ones are registered first; a
/// project outside the library registers its own before it loads a scenario that uses them.
/// </summary>
public static class ScenarioRegistry
{
    static ScenarioRegistry()
    {
        Services.Register(NonCpmService.Sms.Name, NonCpmService.Sms);
        Services.Register(NonCpmService.Mms.Name, NonCpmService.Mms);
        IsfPolicies.Register(PreferencePolicy.Name, () => new PreferencePolicy());
        IwfConversions.Register(SmsConversion.Name, SmsConversion.Instance);
        IwfConversions.Register(MmsConversion.Name, MmsConversion.Instance);
        foreach (NodeKind kind in BuiltInKinds.All)
        {
            NodeKinds.Register(kind.Name, kind);
        }
    }

    /// <summary>Node kinds, by the name a node's <c>kind:</c> gives.</summary>
    public static Registry<NodeKind> NodeKinds { get; } = new("node kind");

    /// <summary>Non-CPM services, by <see cref="NonCpmService.Name"/>.</summary>
    public static Registry<NonCpmService> Services { get; } = new("non-CPM service");

    /// <summary>ISF interworking-selection policies: each ISF gets its own instance from the factory (a policy may keep state).</summary>
    public static Registry<Func<IIsfPolicy>> IsfPolicies { get; } = new("ISF policy");

    /// <summary>IWF conversions of CPM content into non-CPM messages.</summary>
    public static Registry<IIwfConversion> IwfConversions { get; } = new("IWF conversion");

    /// <summary>Registers a node kind under its <see cref="NodeKind.Name"/>.</summary>
    public static void Register(NodeKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        NodeKinds.Register(kind.Name, kind);
    }

    /// <summary>Registers a non-CPM service under its <see cref="NonCpmService.Name"/>.</summary>
    public static void Register(NonCpmService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        Services.Register(service.Name, service);
    }
}
