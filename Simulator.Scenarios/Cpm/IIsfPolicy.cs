namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// The ISF's interworking selection (OMA CPM: the recipient's non-CPM subscriptions, the IWFs'
/// capabilities, the operator's preference): which IWF gets a new invitation, and the IWF for a
/// re-attempt after a rejection or a failed leg. Selected by name in a scenario file
/// (<c>isf: {kind: isf, policy: preference}</c>); register your own in
/// <see cref="Kinds.ScenarioRegistry.IsfPolicies"/>. Each ISF has its own instance, so a policy may keep
/// state; it runs for every invitation of a load run, so keep it cheap.
/// </summary>
public interface IIsfPolicy
{
    /// <summary>
    /// The index in <see cref="Isf.Iwfs"/> of the IWF for <paramref name="query"/>, or -1 when none can
    /// take it. Only an IWF that <see cref="IwfQuery.Admits"/> may be chosen.
    /// </summary>
    int Select(Isf isf, in IwfQuery query);
}
