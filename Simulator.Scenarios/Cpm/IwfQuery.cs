using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Cpm;

/// <summary>What an <see cref="IIsfPolicy"/> selects an IWF for.</summary>
public readonly struct IwfQuery
{
    internal IwfQuery(string recipient, IReadOnlySet<NonCpmService> services, in Sdp streams, in NodeList exclude, long session, NonCpmService? only, SimTime now)
    {
        Recipient = recipient;
        Services = services;
        Streams = streams;
        Exclude = exclude;
        Session = session;
        Only = only;
        Now = now;
    }

    /// <summary>The non-CPM recipient's address.</summary>
    public string Recipient { get; }

    /// <summary>The non-CPM services the recipient subscribes to.</summary>
    public IReadOnlySet<NonCpmService> Services { get; }

    /// <summary>The streams the IWF must carry (rejected ones, port 0, do not count).</summary>
    public Sdp Streams { get; }

    /// <summary>IWF instances already tried for this call: not to be chosen again.</summary>
    public NodeList Exclude { get; }

    /// <summary>The session id (for spreading sessions over instances).</summary>
    public long Session { get; }

    /// <summary>When set, only IWFs of this service (a fail-over stays with the service of the failed leg).</summary>
    public NonCpmService? Only { get; }

    /// <summary>The ISF's clock.</summary>
    public SimTime Now { get; }

    /// <summary>
    /// Whether <paramref name="iwf"/> may take the query: one of the recipient's services (and
    /// <see cref="Only"/>'s, when set), not excluded, and able to carry every stream.
    /// </summary>
    public bool Admits(IwfRegistration iwf)
    {
        ArgumentNullException.ThrowIfNull(iwf);
        if (!Services.Contains(iwf.Profile.Service) || Exclude.Contains(iwf.Node) || (Only is not null && iwf.Profile.Service != Only))
        {
            return false;
        }

        for (int s = 0; s < Streams.Count; s++)
        {
            if (!Streams[s].IsRejected && !iwf.Profile.Supports(Streams[s]))
            {
                return false;
            }
        }

        return true;
    }
}
