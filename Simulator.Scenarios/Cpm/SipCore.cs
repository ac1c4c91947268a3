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
    /// An initial request this core sent to an ISF failed there: it could not be delivered (a transport
    /// error), the ISF answered 503 (it did not process it, RFC 3261 §21.5.4), or an INVITE got no response
    /// at all before Timer B. The ISF is avoided for <see cref="InstanceHealth.AvoidFor"/>, and the request
    /// goes to the next ISF that it has not been sent to and that is not avoided (RFC 3263 §4.3: try the
    /// next server), on a branch of its own (<see cref="SipNode.ForwardAgain"/>): a late answer of the ISF
    /// that timed out matches its own branch only, and its 2xx is released rather than passed on. Without
    /// such an ISF, or when failed ISFs are not avoided (avoid-failed: 0s), the failure goes upstream (503,
    /// or 408 for a time-out). In-dialog requests never fail over: the dialog lives at its ISF.
    /// </summary>
    protected override bool OnForwardFailed(SipRequest request, in ForwardFailure failure)
    {
        ArgumentNullException.ThrowIfNull(request);
        int failed = Isfs.IndexOf(failure.To);
        if (failed < 0 || request.InDialog || Isfs.Count < 2 || Health.AvoidFor <= SimTime.Zero)
        {
            return false;
        }

        Health.Failed(failure.To, Now);
        long tried = failure.Tried | TriedBit(failed);
        for (int k = 1; k < Isfs.Count; k++)
        {
            int next = (failed + k) % Isfs.Count;
            if ((tried & TriedBit(next)) == 0 && !Health.IsAvoided(Isfs[next], Now))
            {
                Health.FailedOver();
                Note("failover", request.Session, $"{request.Kind} → {Network.NameOf(Isfs[next])} ({Network.NameOf(failure.To)}: {Reason(failure.Kind)})");
                ForwardAgain(Isfs[next], request, failure, tried | TriedBit(next));
                return true;
            }
        }

        return false; // every other ISF was tried, or failed recently
    }

    /// <summary>The ISFs a request was sent to, as bits of their index (modulo 64: past 64 instances some count as tried early).</summary>
    private static long TriedBit(int isf) => 1L << (isf & 63);

    private static string Reason(ForwardFailureKind kind) => kind switch
    {
        ForwardFailureKind.ServiceUnavailable => "503",
        ForwardFailureKind.TimedOut => "no answer, Timer B",
        _ => "unreachable",
    };
}
