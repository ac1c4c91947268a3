using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// The Interworking Selection Function: a B2BUA between the CPM side and the IWFs. On a CPM Session
/// Invitation it selects an IWF (the recipient's non-CPM subscriptions, the IWFs' media, the
/// operator's preference). In-session requests pass on without selection. When an IWF rejects a
/// newly offered stream and <see cref="Reattempt"/> is on (R01), it selects another IWF for that
/// stream, invites it, and answers the modification with OK once that new session stands.
/// </summary>
public sealed class Isf : SipNode
{
    private readonly Dictionary<string, IsfCall> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IsfLeg> _legs = new(StringComparer.Ordinal);

    public Isf(string name)
        : base(name)
    {
    }

    /// <summary>The SIP/IP core through which the ISF reaches the IWFs.</summary>
    public Balancer Core { get; set; } = Balancer.None;

    public List<IwfRegistration> Iwfs { get; } = [];

    public RecipientDirectory Recipients { get; set; } = new();

    /// <summary>Operator preference among services, most preferred first.</summary>
    public List<NonCpmService> Preference { get; } = [NonCpmService.Sms, NonCpmService.Mms];

    /// <summary>R01: re-attempt interworking for a rejected stream (else return the rejection to the originator).</summary>
    public bool Reattempt { get; set; } = true;

    /// <summary>Calls whose state is still held (for leak checks).</summary>
    public int ActiveCalls => _calls.Count;

    /// <summary>
    /// The IWF for <paramref name="streams"/> toward <paramref name="recipient"/>, or null: among the
    /// IWFs of the recipient's services that carry every stream, the operator's most preferred
    /// service; several instances of it share the sessions by session id.
    /// </summary>
    public IwfRegistration? Select(string recipient, IEnumerable<MediaStream> streams, IReadOnlyCollection<NodeId>? exclude = null, long session = 0)
    {
        // Plain loops: this runs for every invitation of a load run.
        IReadOnlySet<NonCpmService> services = Recipients.ServicesOf(recipient);
        var wanted = streams as IReadOnlyCollection<MediaStream> ?? [.. streams];
        int bestRank = int.MaxValue;
        int count = 0;
        foreach (IwfRegistration i in Iwfs)
        {
            if (Usable(i) && Rank(i) is int r && r <= bestRank)
            {
                count = r < bestRank ? 1 : count + 1;
                bestRank = r;
            }
        }

        int pick = count == 0 ? -1 : (int)(session % count);
        foreach (IwfRegistration i in Iwfs)
        {
            if (Usable(i) && Rank(i) == bestRank && pick-- == 0)
            {
                return i;
            }
        }

        return null;

        int Rank(IwfRegistration i) => Preference.IndexOf(i.Profile.Service) is int p && p >= 0 ? p : int.MaxValue - 1;

        bool Usable(IwfRegistration i)
        {
            if (!services.Contains(i.Profile.Service) || (exclude is not null && exclude.Contains(i.Node)))
            {
                return false;
            }

            foreach (MediaStream s in wanted)
            {
                if (!s.IsRejected && !i.Profile.Supports(s))
                {
                    return false;
                }
            }

            return true;
        }
    }

    protected override void OnRequest(SipRequest request, NodeId from)
    {
        if (!request.InDialog)
        {
            if (request.Method == SipMethod.Invite)
            {
                OnInvite(request);
            }
            else
            {
                Respond(request, StatusCodes.NotFound);
            }

            return;
        }

        if (_calls.TryGetValue(request.CallId, out IsfCall? call))
        {
            OnUpstreamInDialog(call, request);
        }
        else if (request.Method != SipMethod.Ack)
        {
            // A request from an IWF (e.g. BYE) or for a call already gone.
            Respond(request, StatusCodes.Ok);
        }
    }

    private void OnInvite(SipRequest invite)
    {
        Respond(invite, StatusCodes.Trying);
        if (_calls.TryGetValue(invite.CallId, out IsfCall? known))
        {
            Resend(known, invite); // a retransmission: the server transaction answers again
            return;
        }

        Sdp offer = invite.Body ?? Sdp.Of();
        IwfRegistration? iwf = Select(invite.RequestUri, offer.Streams, session: invite.Session);
        if (IsTraced(invite.Session))
        {
            Note("interworking selection", invite.Session, iwf is null
                ? $"no IWF can carry [{offer}] to {invite.RequestUri}"
                : $"[{offer}] to {invite.RequestUri} → {iwf.Name} ({ServiceName(iwf.Profile.Service)})");
        }
        if (iwf is null)
        {
            Respond(invite, StatusCodes.NotAcceptableHere, warning: StatusCodes.WarningMediaTypeNotAvailable, newlyRejected: offer.Accepted.Select(s => s.Type));
            return;
        }

        var call = new IsfCall(invite);
        _calls.Add(invite.CallId, call);
        call.Primary = Invite(call, iwf, offer, LegPurpose.Primary);
    }

    private IsfLeg Invite(IsfCall call, IwfRegistration iwf, Sdp offer, LegPurpose purpose)
    {
        var leg = new IsfLeg(call, $"{call.UpInvite.CallId}/{++call.LegCount}", iwf, purpose);
        _legs.Add(leg.CallId, leg);
        call.Legs.Add(leg);
        var invite = new SipRequest
        {
            Method = SipMethod.Invite,
            CallId = leg.CallId,
            Session = call.Session,
            CSeq = 1,
            CSeqMethod = SipMethod.Invite,
            Transaction = NewTransaction(),
            RequestUri = call.UpInvite.RequestUri,
            Route = [Core.Pick(call.Session)],
            Target = iwf.Node,
            Via = [Id],
            Contact = Id,
            Body = offer,
        };
        SendOnLeg(leg, invite);
        return leg;
    }

    private void OnUpstreamInDialog(IsfCall call, SipRequest request)
    {
        if (request.Method == SipMethod.Invite && (call.PendingUp?.Transaction == request.Transaction || call.LastAnswer?.Transaction == request.Transaction))
        {
            Respond(request, StatusCodes.Trying);
            Resend(call, request);
            return;
        }

        switch (request.Method)
        {
            case SipMethod.Invite when call.PendingUp is not null || call.Primary?.Dialog is null:
                Respond(request, StatusCodes.RequestPending);
                break;
            case SipMethod.Invite:
                // In-session: passes on along the existing leg, no interworking selection.
                Respond(request, StatusCodes.Trying);
                call.PendingUp = request;
                call.MediaBeforeModification = call.Primary.Dialog.Media;
                SendOnLeg(call.Primary, call.Primary.Dialog.NewRequest(SipMethod.Invite, NewTransaction(), request.Body));
                break;
            case SipMethod.Bye:
                Respond(request, StatusCodes.Ok);
                foreach (IsfLeg leg in call.Legs.Where(l => l.Dialog is not null))
                {
                    SipRequest bye = leg.Dialog!.NewRequest(SipMethod.Bye, NewTransaction());
                    SendRequest(bye);
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
        if (response.CSeqMethod == SipMethod.Invite && _legs.TryGetValue(response.CallId, out IsfLeg? leg) &&
            CompleteLeg(leg, response, from) is SipRequest request)
        {
            OnFinal(leg, request, response);
        }
    }

    protected override void OnTimer(SessionTimer timer)
    {
        if (timer.State is IsfLeg leg && ExpireLeg(leg) is SipRequest request)
        {
            Note("timer B expired", timer.Session, $"no final response from {leg.Iwf.Name} within {Timers.TimerB}");
            OnFinal(leg, request, SipResponse.To(request, StatusCodes.RequestTimeout, Id));
        }
    }

    private void OnFinal(IsfLeg leg, SipRequest request, SipResponse response)
    {
        IsfCall call = leg.Call;
        bool success = StatusCodes.IsSuccess(response.Status);
        if (leg.Purpose == LegPurpose.Primary && !request.InDialog)
        {
            // Answer to the CPM Session Invitation.
            if (success)
            {
                call.Up = Dialog.ForCallee(call.UpInvite, Id, call.UpInvite.Contact);
                Answer(call, call.UpInvite, response.Status, response.Body, newlyRejected: response.NewlyRejected);
            }
            else
            {
                Answer(call, call.UpInvite, response.Status, warning: response.Warning, newlyRejected: response.NewlyRejected);
                End(call);
            }

            return;
        }

        if (call.PendingUp is not SipRequest modification)
        {
            DropLegIfFailed(leg, success);
            return;
        }

        if (leg.Purpose == LegPurpose.Primary)
        {
            OnModificationAnswer(call, leg, modification, response);
            return;
        }

        // The re-attempt leg.
        call.PendingUp = null;
        if (success)
        {
            Answer(call, modification, StatusCodes.Ok, Merge(modification.Body!, call.Primary!.Dialog!.Media, response.Body));
        }
        else
        {
            Note("re-attempt failed", call.Session, $"{leg.Iwf.Name} answered {response.Kind}");
            DropLegIfFailed(leg, success);
            Answer(call, modification, StatusCodes.NotAcceptableHere, warning: StatusCodes.WarningMediaTypeNotAvailable, newlyRejected: leg.Offer!.Accepted.Select(s => s.Type));
        }
    }

    private void OnModificationAnswer(IsfCall call, IsfLeg leg, SipRequest modification, SipResponse response)
    {
        Sdp offer = modification.Body ?? Sdp.Of();
        bool rejection = response.Status == StatusCodes.NotAcceptableHere || (StatusCodes.IsSuccess(response.Status) && !response.NewlyRejected.IsEmpty);
        if (!rejection)
        {
            call.PendingUp = null;
            Answer(call, modification, response.Status, response.Body, response.Warning);
            return;
        }

        var rejectedTypes = response.NewlyRejected.ToHashSet();
        int existing = call.MediaBeforeModification?.Streams.Count ?? 0;
        var rejected = offer.Streams.Skip(existing).Where(s => !s.IsRejected && rejectedTypes.Contains(s.Type)).ToList();
        Note("rejection identified", call.Session, $"[{string.Join(",", rejected)}] rejected by {leg.Iwf.Name} ({response.Kind})");
        IwfRegistration? other = Reattempt ? Select(call.UpInvite.RequestUri, rejected, call.Legs.Select(l => l.Iwf.Node).ToList(), call.Session) : null;
        if (Reattempt)
        {
            if (IsTraced(call.Session))
            {
                Note("interworking selection", call.Session, other is null
                    ? $"no other IWF can carry [{string.Join(",", rejected)}] to {call.UpInvite.RequestUri}"
                    : $"[{string.Join(",", rejected)}] to {call.UpInvite.RequestUri} → {other.Name} ({ServiceName(other.Profile.Service)})");
            }
        }

        if (other is null)
        {
            call.PendingUp = null;
            Answer(call, modification, response.Status, response.Body, response.Warning, response.NewlyRejected);
            return;
        }

        var newOffer = new Sdp(rejected);
        Note("new invitation created", call.Session, $"INVITE [{newOffer}] → {other.Name}");
        IsfLeg reattempt = Invite(call, other, newOffer, LegPurpose.Reattempt);
        reattempt.Offer = newOffer;
    }

    /// <summary>Answers an upstream request and remembers the answer for retransmissions.</summary>
    private void Answer(IsfCall call, SipRequest request, int status, Sdp? body = null, int? warning = null, IEnumerable<MediaType>? newlyRejected = null)
    {
        SipResponse answer = SipResponse.To(request, status, Id, body, warning, newlyRejected);
        call.LastAnswer = answer;
        SendAnswer(answer);
    }

    private void Resend(IsfCall call, SipRequest request)
    {
        if (call.LastAnswer is SipResponse last && last.Transaction == request.Transaction)
        {
            Send(request.Via.Peek(), last.AsRetransmission());
        }
    }

    /// <summary>The answer to the modification: per offered stream, the re-attempt leg's answer for its streams, else the primary leg's.</summary>
    private static Sdp Merge(Sdp offer, Sdp? primary, Sdp? reattempt)
    {
        var result = new List<MediaStream>(offer.Streams.Count);
        var fromReattempt = new Queue<MediaStream>(reattempt?.Streams ?? []);
        for (int i = 0; i < offer.Streams.Count; i++)
        {
            MediaStream offered = offer.Streams[i];
            MediaStream? p = primary is not null && i < primary.Streams.Count ? primary.Streams[i] : null;
            if (p is { IsRejected: false })
            {
                result.Add(p);
            }
            else if (fromReattempt.Count > 0 && fromReattempt.Peek().Type == offered.Type)
            {
                result.Add(fromReattempt.Dequeue());
            }
            else
            {
                result.Add(offered.Rejected());
            }
        }

        return new Sdp(result);
    }

    private void DropLegIfFailed(IsfLeg leg, bool success)
    {
        if (!success && leg.Dialog is null)
        {
            leg.Call.Legs.Remove(leg);
            _legs.Remove(leg.CallId);
        }
    }

    private void End(IsfCall call)
    {
        _calls.Remove(call.UpInvite.CallId);
        foreach (IsfLeg leg in call.Legs)
        {
            AbandonLeg(leg);
            _legs.Remove(leg.CallId);
        }
    }

    private static string ServiceName(NonCpmService s) => s == NonCpmService.Sms ? "SMS" : "MMS";

    private enum LegPurpose
    {
        Primary,
        Reattempt,
    }

    private sealed class IsfCall(SipRequest upInvite)
    {
        public SipRequest UpInvite { get; } = upInvite;

        public long Session => UpInvite.Session;

        public Dialog? Up { get; set; }

        public IsfLeg? Primary { get; set; }

        public List<IsfLeg> Legs { get; } = [];

        public int LegCount { get; set; }

        /// <summary>The primary leg's media when the pending modification arrived: streams beyond it are new.</summary>
        public Sdp? MediaBeforeModification { get; set; }

        /// <summary>The upstream re-INVITE awaiting its answer.</summary>
        public SipRequest? PendingUp { get; set; }

        /// <summary>The last final answer sent upstream, resent when its request is retransmitted.</summary>
        public SipResponse? LastAnswer { get; set; }
    }

    private sealed class IsfLeg(IsfCall call, string callId, IwfRegistration iwf, LegPurpose purpose) : UacLeg
    {
        public IsfCall Call { get; } = call;

        public string CallId { get; } = callId;

        public IwfRegistration Iwf { get; } = iwf;

        public LegPurpose Purpose { get; } = purpose;

        public Sdp? Offer { get; set; }
    }
}
