using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// The CPM server of the interworking network acting as CPM Controlling Function (seed NOTE 1/2): a
/// B2BUA that anchors the media. Toward the originator it answers with its own media endpoint; toward
/// the non-CPM side it makes the interworking decision and holds the session itself, so the session for
/// an added stream stands between the Controlling Function and the IWF (NOTE 2). MSRP is relayed.
/// </summary>
public sealed class ControllingFunction : SipNode
{
    private readonly Dictionary<string, CfCall> _byUpCallId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CfCall> _byDownCallId = new(StringComparer.Ordinal);
    private readonly Dictionary<long, CfCall> _bySession = [];

    public ControllingFunction(string name)
        : base(name)
    {
    }

    public Balancer Core { get; set; } = Balancer.None;

    public HashSet<string> CpmDomains { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int ActiveCalls => _byUpCallId.Count;

    protected override void OnRequest(SipRequest request, NodeId from)
    {
        if (!request.InDialog && request.Method == SipMethod.Invite)
        {
            OnInvite(request);
            return;
        }

        if (_byUpCallId.TryGetValue(request.CallId, out CfCall? call))
        {
            OnUpstream(call, request);
        }
        else if (request.Method != SipMethod.Ack)
        {
            Respond(request, StatusCodes.Ok);
        }
    }

    private void OnInvite(SipRequest invite)
    {
        Respond(invite, StatusCodes.Trying);
        if (_byUpCallId.ContainsKey(invite.CallId))
        {
            return; // a retransmission
        }

        bool nonCpm = !CpmAddress.IsCpm(invite.RequestUri, CpmDomains);
        if (IsTraced(invite.Session))
        {
            Note("interworking decision", invite.Session, nonCpm
                ? $"{invite.RequestUri} is not a CPM address: interworking needed"
                : $"{invite.RequestUri} is a CPM address: no interworking");
        }
        var call = new CfCall(invite, invite.CallId + "/cf");
        _byUpCallId.Add(invite.CallId, call);
        _byDownCallId.Add(call.DownCallId, call);
        _bySession[invite.Session] = call;
        var down = new SipRequest
        {
            Method = SipMethod.Invite,
            CallId = call.DownCallId,
            Session = invite.Session,
            CSeq = 1,
            CSeqMethod = SipMethod.Invite,
            Transaction = NewTransaction(),
            RequestUri = invite.RequestUri,
            Route = [Core.Pick(invite.Session)],
            Via = [Id],
            Contact = Id,
            InterworkingDecided = nonCpm,
            Body = Anchor(invite.Body),
        };
        SendDown(call, down, invite);
    }

    private void SendDown(CfCall call, SipRequest down, SipRequest up)
    {
        call.PendingUp = up;
        SendOnLeg(call, down);
    }

    private void OnUpstream(CfCall call, SipRequest request)
    {
        if (request.Method == SipMethod.Invite && call.PendingUp?.Transaction == request.Transaction)
        {
            Respond(request, StatusCodes.Trying); // a retransmission of the pending request
            return;
        }

        switch (request.Method)
        {
            case SipMethod.Invite when call.Dialog is null || call.PendingUp is not null:
                Respond(request, StatusCodes.RequestPending);
                break;
            case SipMethod.Invite:
                Respond(request, StatusCodes.Trying);
                Note("in-session request", call.Session, $"{request.Kind} within the ongoing session: no interworking decision");
                SendDown(call, call.Dialog.NewRequest(SipMethod.Invite, NewTransaction(), Anchor(request.Body)), request);
                break;
            case SipMethod.Bye:
                Respond(request, StatusCodes.Ok);
                if (call.Dialog is not null)
                {
                    SendRequest(call.Dialog.NewRequest(SipMethod.Bye, NewTransaction()));
                }

                End(call);
                break;
            case SipMethod.Ack:
                break;
            default:
                Respond(request, StatusCodes.Ok);
                break;
        }
    }

    protected override void OnResponse(SipResponse response, NodeId from)
    {
        if (response.CSeqMethod != SipMethod.Invite || !_byDownCallId.TryGetValue(response.CallId, out CfCall? call) ||
            CompleteLeg(call, response, from) is not SipRequest request)
        {
            return;
        }

        if (StatusCodes.IsSuccess(response.Status))
        {
            NoteNewMedia(call.Established, call.Session, response.Body);
        }

        Answer(call, request, response);
    }

    protected override void OnTimer(SessionTimer timer)
    {
        if (timer.State is CfCall call && ExpireLeg(call) is SipRequest request)
        {
            Note("timer B expired", call.Session, $"no final response within {Timers.TimerB}");
            Answer(call, request, SipResponse.To(request, StatusCodes.RequestTimeout, Id));
        }
    }

    private void Answer(CfCall call, SipRequest down, SipResponse response)
    {
        SipRequest up = call.PendingUp!;
        call.PendingUp = null;
        Sdp? body = response.Body is null ? null : new Sdp([.. response.Body.Streams.Select(s => s with { Endpoint = Name })]);
        Respond(up, response.Status, body, response.Warning, response.NewlyRejected);
        if (!down.InDialog && !StatusCodes.IsSuccess(response.Status))
        {
            End(call);
        }
    }

    protected override void OnOtherMessage(Message message, NodeId from)
    {
        if (message is MsrpMessage { IsResponse: false } send && _bySession.TryGetValue(send.Session, out CfCall? call))
        {
            Send(from, new MsrpMessage { Session = send.Session, IsResponse = true, Media = send.Media, Reference = send.Reference });
            MediaStream? leg = call.Dialog?.Media?.Streams.FirstOrDefault(s => s.Type == send.Media && !s.IsRejected);
            if (leg is not null && Network.TryGetNode(leg.Endpoint, out Node? endpoint))
            {
                Send(endpoint!.Id, send);
            }
        }
    }

    private Sdp? Anchor(Sdp? offer) => offer is null ? null : new Sdp([.. offer.Streams.Select(s => s with { Endpoint = Name })]);

    private void End(CfCall call)
    {
        _byUpCallId.Remove(call.UpInvite.CallId);
        _byDownCallId.Remove(call.DownCallId);
        _bySession.Remove(call.Session);
        AbandonLeg(call);
    }

    private sealed class CfCall(SipRequest upInvite, string downCallId) : UacLeg
    {
        public SipRequest UpInvite { get; } = upInvite;

        public string DownCallId { get; } = downCallId;

        public long Session => UpInvite.Session;

        public SipRequest? PendingUp { get; set; }

        public HashSet<(string, MediaType)> Established => _established ??= [];

        private HashSet<(string, MediaType)>? _established;
    }
}
