using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// The SIP/IP core: routes in-dialog requests by their route set (the Signalling Path), initial
/// requests for which the CPM server decided interworking to the ISF, and other initial requests
/// by its location table.
/// </summary>
public sealed class SipCore : SipProxy
{
    public SipCore(string name)
        : base(name)
    {
    }

    /// <summary>The Interworking Selection Function (or functions, balanced per session).</summary>
    public List<NodeId> Isfs { get; } = [];

    /// <summary>Failures of the ISF instances: a new session avoids an ISF that failed recently.</summary>
    public InstanceHealth Health { get; } = new();

    /// <summary>How the sessions are spread over several <see cref="Isfs"/> (the ISF group's <c>balance:</c>).</summary>
    public BalancePolicy IsfBalance { get; set; } = BalancePolicy.SessionHash;

    private long _nextIsf;

    /// <summary>Address → node of registered users and functions.</summary>
    public Dictionary<string, NodeId> Locations { get; } = new(StringComparer.OrdinalIgnoreCase);

    protected override (NodeId Next, bool InterworkingDecided) ChooseNextHop(SipRequest request, NodeId from)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.InterworkingDecided && Isfs.Count > 0 && !Isfs.Contains(from))
        {
            NodeId isf = Isfs[Health.Choose(Isfs, (int)((IsfBalance == BalancePolicy.RoundRobin ? _nextIsf++ : request.Session) % Isfs.Count), Now)];
            Note("route to ISF", request.Session, $"{request.Kind} {request.RequestUri} → {Network.NameOf(isf)} (interworking decided)");
            return (isf, true);
        }

        return (Locations.TryGetValue(request.RequestUri, out NodeId n) ? n : NodeId.None, false);
    }

    /// <summary>
    /// An initial request this core sent to an ISF could not be delivered (reliable transport): the ISF is
    /// avoided, and the request goes to the next ISF that is not (RFC 3263 §4.3: try the next server).
    /// Without another ISF, or when failed ISFs are not avoided (avoid-failed: 0s), it is answered 503.
    /// The core keeps no transaction state over a reliable transport, so a 503 or a time-out of an ISF
    /// is the ISF's answer to pass on; only the ISF's failures it sees itself make it avoid the ISF.
    /// </summary>
    protected override bool OnForwardFailed(SipRequest request, NodeId to)
    {
        ArgumentNullException.ThrowIfNull(request);
        int failed = Isfs.IndexOf(to);
        if (failed < 0 || request.InDialog || Isfs.Count < 2 || Health.AvoidFor <= SimTime.Zero)
        {
            return false;
        }

        Health.Failed(to, Now);
        int next = Health.Choose(Isfs, (failed + 1) % Isfs.Count, Now);
        if (Health.IsAvoided(Isfs[next], Now))
        {
            return false; // every ISF failed recently
        }

        Health.FailedOver();
        Note("failover", request.Session, $"{request.Kind} → {Network.NameOf(Isfs[next])} ({Network.NameOf(to)} unreachable)");
        ForwardRequest(Isfs[next], request);
        return true;
    }
}
