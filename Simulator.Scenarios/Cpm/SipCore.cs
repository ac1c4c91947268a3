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
            NodeId isf = Isfs[(int)((IsfBalance == BalancePolicy.RoundRobin ? _nextIsf++ : request.Session) % Isfs.Count)];
            Note("route to ISF", request.Session, $"{request.Kind} {request.RequestUri} → {Network.NameOf(isf)} (interworking decided)");
            return (isf, true);
        }

        return (Locations.TryGetValue(request.RequestUri, out NodeId n) ? n : NodeId.None, false);
    }
}
