using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// An Interworking Function between CPM and one non-CPM service. As a SIP user agent it accepts what
/// its profile can carry and rejects the rest (488, or port 0); it converts CPM Session Invitations
/// into non-CPM invitations and chat messages into short messages (segmented) or multimedia messages.
/// </summary>
public sealed class Iwf : SipNode
{
    private readonly Dictionary<string, IwfSession> _byCallId = new(StringComparer.Ordinal);
    private readonly Dictionary<long, IwfSession> _byReference = [];
    private readonly Dictionary<long, IwfSession> _bySession = [];
    private long _references;

    public Iwf(string name, IwfProfile profile)
        : base(name) => Profile = profile ?? throw new ArgumentNullException(nameof(profile));

    public IwfProfile Profile { get; }

    /// <summary>The SMSC or MMSC this IWF submits to.</summary>
    public Balancer NonCpmServer { get; set; } = Balancer.None;

    public long NonCpmMessagesSent { get; private set; }

    public long DeliveryReports { get; private set; }

    /// <summary>Sessions whose state is still held (for leak checks).</summary>
    public int ActiveSessions => _byCallId.Count;

    protected override void OnRequest(SipRequest request, NodeId from)
    {
        switch (request.Method)
        {
            case SipMethod.Invite when !request.InDialog:
                OnInvite(request);
                break;
            case SipMethod.Invite:
                OnReInvite(request);
                break;
            case SipMethod.Bye:
                Respond(request, StatusCodes.Ok);
                if (_byCallId.TryGetValue(request.CallId, out IwfSession? ended))
                {
                    CancelTimer(ended.Timer);
                    Forget(ended);
                }

                break;
            case SipMethod.Ack:
                break;
            default:
                Respond(request, StatusCodes.Ok);
                break;
        }
    }

    private void OnInvite(SipRequest invite)
    {
        if (_byCallId.TryGetValue(invite.CallId, out IwfSession? known))
        {
            if (known.LastResponse is SipResponse last && last.Transaction == invite.Transaction)
            {
                Send(invite.Via.Peek(), last.AsRetransmission()); // a retransmission: answer again
            }

            return;
        }

        Sdp offer = invite.Body ?? Sdp.Of();
        var rejected = offer.Streams.Where(s => !s.IsRejected && !Profile.Supports(s)).Select(s => s.Type).ToList();
        if (rejected.Count == offer.Streams.Count(s => !s.IsRejected))
        {
            Respond(invite, StatusCodes.NotAcceptableHere, warning: StatusCodes.WarningMediaTypeNotAvailable, newlyRejected: rejected);
            return;
        }

        Sdp answer = Answer(offer);
        var session = new IwfSession(invite, Dialog.ForCallee(invite, Id, invite.Contact), answer, ++_references);
        _byCallId[invite.CallId] = session;
        if (Profile.Confirm == ConfirmMode.Immediate)
        {
            Confirm(session);
            return;
        }

        _byReference[session.Reference] = session;
        Note("converted to non-CPM invitation", invite.Session, $"{invite.Kind} [{offer}] → {ServiceName} inviting message");
        long size = offer.Accepted.Where(s => s.Type == MediaType.File).Sum(s => s.SizeBytes);
        SendNonCpm(invite.Session, NonCpmPurpose.Invitation, session.Reference, invite.RequestUri, Math.Min(size, 1000));
        session.Timer = StartTimer(Profile.NonCpmTimeout, "non-cpm-ack", invite.Session, session);
    }

    private void Confirm(IwfSession session)
    {
        session.Dialog.Media = session.Answer;
        _byCallId[session.Invite.CallId] = session;
        _byReference[session.Reference] = session;
        _bySession[session.Invite.Session] = session;
        var rejected = session.Answer.Streams.Where(s => s.IsRejected).Select(s => s.Type);
        Answer(session, session.Invite, StatusCodes.Ok, session.Answer, newlyRejected: rejected);
        session.Pending = false;
    }

    private void OnReInvite(SipRequest reInvite)
    {
        if (!_byCallId.TryGetValue(reInvite.CallId, out IwfSession? session) || session.Pending)
        {
            Respond(reInvite, StatusCodes.NotFound);
            return;
        }

        if (session.LastResponse is SipResponse last && last.Transaction == reInvite.Transaction)
        {
            Send(reInvite.Via.Peek(), last.AsRetransmission()); // a retransmission: answer again
            return;
        }

        Sdp offer = reInvite.Body ?? Sdp.Of();
        Sdp current = session.Dialog.Media ?? Sdp.Of();
        var added = offer.Streams.Skip(current.Streams.Count).Where(s => !s.IsRejected).ToList();
        var unsupported = added.Where(s => !Profile.Supports(s)).Select(s => s.Type).ToList();
        if (unsupported.Count > 0 && Profile.RejectWith == RejectEncoding.Status488)
        {
            Answer(session, reInvite, StatusCodes.NotAcceptableHere, warning: StatusCodes.WarningMediaTypeNotAvailable, newlyRejected: unsupported);
            return;
        }

        Sdp answer = Answer(offer);
        session.Dialog.Media = answer;
        Answer(session, reInvite, StatusCodes.Ok, answer, newlyRejected: unsupported);
    }

    private void Answer(IwfSession session, SipRequest request, int status, Sdp? body = null, int? warning = null, IEnumerable<MediaType>? newlyRejected = null)
    {
        SipResponse response = SipResponse.To(request, status, Id, body, warning, newlyRejected);
        session.LastResponse = response;
        SendAnswer(response);
    }

    private void Forget(IwfSession session)
    {
        _byReference.Remove(session.Reference);
        _byCallId.Remove(session.Invite.CallId);
        _bySession.Remove(session.Invite.Session);
    }

    /// <summary>The answer: supported streams terminate here, others get port 0.</summary>
    private Sdp Answer(Sdp offer) =>
        new([.. offer.Streams.Select(s => s.IsRejected || !Profile.Supports(s) ? s.Rejected() with { Endpoint = Name } : s with { Endpoint = Name })]);

    protected override void OnOtherMessage(Message message, NodeId from)
    {
        switch (message)
        {
            case MsrpMessage { IsResponse: false } send:
                OnMsrpSend(send, from);
                break;
            case NonCpmMessage { Purpose: NonCpmPurpose.Ack or NonCpmPurpose.Nack } ack:
                OnNonCpmAnswer(ack);
                break;
            case NonCpmMessage { Purpose: NonCpmPurpose.DeliveryReport }:
                DeliveryReports++;
                break;
        }
    }

    private void OnNonCpmAnswer(NonCpmMessage answer)
    {
        if (!_byReference.TryGetValue(answer.Reference, out IwfSession? session) || !session.Pending)
        {
            return; // an ack for content, or for an invitation that already timed out
        }

        CancelTimer(session.Timer);
        if (answer.Purpose == NonCpmPurpose.Ack)
        {
            Note("converted non-CPM ack to OK", answer.Session, $"{answer.Rendering} → 200 OK");
            Confirm(session);
        }
        else
        {
            Forget(session);
            Note("non-CPM service refused", answer.Session, $"{answer.Rendering} → 488");
            Respond(session.Invite, StatusCodes.NotAcceptableHere, newlyRejected: session.Answer.Accepted.Select(s => s.Type));
        }
    }

    protected override void OnTimer(SessionTimer timer)
    {
        if (timer.State is IwfSession { Pending: true } session)
        {
            Forget(session);
            Note("non-CPM ack timer expired", timer.Session, $"no answer from the {ServiceName} centre within {Profile.NonCpmTimeout}");
            Respond(session.Invite, StatusCodes.RequestTimeout);
        }
    }

    private void OnMsrpSend(MsrpMessage send, NodeId from)
    {
        Send(from, new MsrpMessage { Session = send.Session, IsResponse = true, Media = send.Media, Reference = send.Reference });
        string recipient = _bySession.TryGetValue(send.Session, out IwfSession? session) ? session.Invite.RequestUri : string.Empty;
        if (Profile.Service == NonCpmService.Sms && send.Text is string text)
        {
            (SmsEncoding encoding, int units, int segments) = SmsSegmentation.Plan(text, Profile.SixteenBitReference);
            Note("converted MSRP to SMS", send.Session, $"{units} {(encoding == SmsEncoding.Gsm7 ? "GSM-7 septets" : "UCS-2 characters")} → {segments} segment(s)");
            long reference = ++_references;
            for (int i = 1; i <= segments; i++)
            {
                SendNonCpm(send.Session, NonCpmPurpose.Content, reference, recipient, 140, i, segments);
            }
        }
        else
        {
            Note("converted MSRP to MMS", send.Session, $"{send.Media.ToString().ToLowerInvariant()} ({SipFormat.Size(send.PayloadBytes + (send.Text?.Length ?? 0))})");
            SendNonCpm(send.Session, NonCpmPurpose.Content, ++_references, recipient, send.PayloadBytes + (send.Text?.Length ?? 0));
        }
    }

    private void SendNonCpm(long session, NonCpmPurpose purpose, long reference, string recipient, long bytes, int segment = 1, int segments = 1)
    {
        NonCpmMessagesSent++;
        Send(NonCpmServer.Pick(session), new NonCpmMessage
        {
            Service = Profile.Service,
            Purpose = purpose,
            Session = session,
            Reference = reference,
            ReplyTo = Id,
            Recipient = recipient,
            PayloadBytes = bytes,
            Segment = segment,
            Segments = segments,
        });
    }

    private string ServiceName => Profile.Service == NonCpmService.Sms ? "SMS" : "MMS";

    private sealed class IwfSession(SipRequest invite, Dialog dialog, Sdp answer, long reference)
    {
        public SipRequest Invite { get; } = invite;

        public Dialog Dialog { get; } = dialog;

        public Sdp Answer { get; } = answer;

        public long Reference { get; } = reference;

        public bool Pending { get; set; } = true;

        public EventHandle Timer { get; set; }

        /// <summary>The last final response, resent when its request is retransmitted.</summary>
        public SipResponse? LastResponse { get; set; }
    }
}
