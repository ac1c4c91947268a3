using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// A stateful SIP proxy: in-dialog requests follow their route set; initial requests go where
/// <see cref="ChooseNextHop"/> says, and the proxy record-routes itself so that it stays on the
/// Signalling Path. It answers INVITEs with 100 Trying; its transactions (§16: a server transaction
/// per request received, a client transaction per request passed on) retransmit over unreliable
/// transport, ACK non-2xx finals hop by hop, time out with 408 upstream (Timer C) and pass CANCELs on.
/// </summary>
public abstract class SipProxy : SipNode
{
    protected SipProxy(string name)
        : base(name)
    {
    }

    /// <summary>Answer INVITEs with 100 Trying toward the caller (default true).</summary>
    public bool SendsTrying { get; set; } = true;

    /// <summary>Stay on the Signalling Path of dialogs (default true).</summary>
    public bool RecordRoutes { get; set; } = true;

    protected override void OnRequest(SipRequest request, NodeId from)
    {
        ArgumentNullException.ThrowIfNull(request);
        NodeList route = request.Route;
        if (!route.IsEmpty && route.First == Id)
        {
            route.RemoveFirst();
        }

        if (SendsTrying && request.Method == SipMethod.Invite && !request.IsRetransmission)
        {
            Respond(request, StatusCodes.Trying);
        }

        NodeId next;
        bool interworking = request.InterworkingDecided;
        if (!route.IsEmpty || !request.Target.IsNone)
        {
            // Signalling Path, or a target the previous hop chose: no decision here.
            next = !route.IsEmpty ? route.First : request.Target;
        }
        else
        {
            (next, bool decided) = ChooseNextHop(request, from);
            if (next.IsNone)
            {
                Respond(request, StatusCodes.NotFound);
                return;
            }

            interworking |= decided;
        }

        bool recordRoute = RecordRoutes && !request.InDialog;
        if (request.MaxForwards <= 0 || request.Via.Count == NodeList.Capacity || (recordRoute && request.RecordRoute.Count == NodeList.Capacity))
        {
            // An exhausted Max-Forwards gets 483 Too Many Hops, never forwarded (RFC 3261 §16.3 step 3);
            // the model's header lists hold up to NodeList.Capacity hops, and a longer path is answered
            // the same way. An ACK is not answered.
            if (request.Method != SipMethod.Ack)
            {
                Respond(request, StatusCodes.TooManyHops);
            }

            return;
        }

        // The request itself goes on (or a copy, if it is retained): it is not used after this.
        SipRequest forwarded = request.ForwardedBy(Id, route, recordRoute: recordRoute, interworkingDecided: interworking, Pools);
        OnForwarding(forwarded);
        ForwardRequest(next, forwarded);
    }

    /// <summary>The caller cancelled an INVITE this proxy passed on: the CANCEL goes on downstream, and the 487 that comes back is relayed (RFC 3261 §16.10).</summary>
    protected override void OnCancelled(in RequestHeaders invite)
    {
        if (!CancelForwarded(invite.Transaction))
        {
            base.OnCancelled(invite); // nothing passed on in progress: answered here
        }
    }

    /// <summary>A request about to be forwarded (this node's own copy or the request itself, its headers already set): the place to add a header. Does nothing by default.</summary>
    protected virtual void OnForwarding(SipRequest forwarded)
    {
    }

    /// <summary>For an initial request without route or target: the next hop (None: 404) and whether interworking was decided here.</summary>
    protected abstract (NodeId Next, bool InterworkingDecided) ChooseNextHop(SipRequest request, NodeId from);
}
