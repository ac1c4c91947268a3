using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// The CPM server of the interworking network acting as CPM Participating Function: a proxy on the
/// Signalling Path. In-dialog requests pass without interworking decision; an initial request toward
/// an address outside the CPM domains gets an interworking decision and goes to the SIP/IP core
/// marked for interworking.
/// </summary>
public sealed class ParticipatingFunction : SipProxy
{
    public ParticipatingFunction(string name)
        : base(name)
    {
    }

    /// <summary>The SIP/IP core the server sends to.</summary>
    public Balancer Core { get; set; } = Balancer.None;

    /// <summary>Domains whose users are CPM users: <c>sip:x@domain</c> needs no interworking.</summary>
    public HashSet<string> CpmDomains { get; } = new(StringComparer.OrdinalIgnoreCase);

    protected override void OnRequest(SipRequest request, NodeId from)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.InDialog && request.Method is not (SipMethod.Ack or SipMethod.Update)) // a session refresh is plumbing, not a CPM request
        {
            Note("in-session request", request.Session, $"{request.Kind} within the ongoing session: no interworking decision");
        }

        base.OnRequest(request, from);
    }

    /// <summary>The originating CPM server asserts the identity of its user on the requests that start a session (P-Asserted-Identity, RFC 3325).</summary>
    protected override void OnForwarding(SipRequest forwarded)
    {
        ArgumentNullException.ThrowIfNull(forwarded);
        if (!forwarded.InDialog && forwarded.Method == SipMethod.Invite)
        {
            forwarded.Cpm = forwarded.Cpm.Asserted();
        }
    }

    protected override (NodeId Next, bool InterworkingDecided) ChooseNextHop(SipRequest request, NodeId from)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool nonCpm = !CpmAddress.IsCpm(request.RequestUri, CpmDomains);
        if (IsTraced(request.Session))
        {
            Note("interworking decision", request.Session, nonCpm
                ? $"{request.RequestUri} is not a CPM address: interworking needed"
                : $"{request.RequestUri} is a CPM address: no interworking");
        }
        return (Core.Pick(request.Session), nonCpm);
    }
}
