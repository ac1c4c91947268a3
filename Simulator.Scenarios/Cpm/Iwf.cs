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
    /// <summary>The IWF's own timers.</summary>
    private enum IwfTimer
    {
        NonCpmAck, // no answer yet from the non-CPM service centre
    }

    private readonly SlotTable<IwfSession> _table;
    private readonly Dictionary<CallId, int> _byCallId;
    private readonly Dictionary<long, int> _byReference;
    private readonly Dictionary<long, int> _bySession;
    private MessagePool<NonCpmMessage>? _nonCpm;
    private MessagePool<MsrpMessage>? _msrp;
    private long _references;

    public Iwf(string name, IwfProfile profile)
        : base(name)
    {
        Profile = profile ?? throw new ArgumentNullException(nameof(profile));
        _table = Register(new SlotTable<IwfSession>());
        _byCallId = Register(new Dictionary<CallId, int>());
        _byReference = Register(new Dictionary<long, int>());
        _bySession = Register(new Dictionary<long, int>());
    }

    public IwfProfile Profile { get; }

    /// <summary>The SMSC or MMSC this IWF submits to.</summary>
    public Balancer NonCpmServer { get; set; } = Balancer.None;

    public long NonCpmMessagesSent { get; private set; }

    public long DeliveryReports { get; private set; }

    /// <summary>Sessions whose state is still held (for leak checks).</summary>
    public int ActiveSessions => _table.Count;

    private MessagePool<NonCpmMessage> NonCpmPool => _nonCpm ??= Network.Shared<MessagePool<NonCpmMessage>>();

    private MessagePool<MsrpMessage> MsrpPool => _msrp ??= Network.Shared<MessagePool<MsrpMessage>>();

    protected override void OnRequest(SipRequest request, NodeId from)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (request.Method)
        {
            case SipMethod.Invite when !request.InDialog:
                OnInvite(request);
                break;
            case SipMethod.Invite:
                OnReInvite(request);
                break;
            case SipMethod.Bye:
                if (FindSession(request.CallId, request.ToTag, out int ended))
                {
                    Respond(request, StatusCodes.Ok);
                    CancelTimer(_table[ended].Timer);
                    Forget(ended);
                }
                else
                {
                    Respond(request, StatusCodes.CallDoesNotExist); // a dialog this IWF does not hold, or no longer (RFC 3261 §12.2.2)
                }

                break;
            case SipMethod.Update:
                if (FindSession(request.CallId, request.ToTag, out int refreshed))
                {
                    AnswerRefresh(request, ref _table[refreshed].Expiry, _table.RefOf(refreshed)); // a session refresh (RFC 4028)
                }
                else
                {
                    Respond(request, StatusCodes.CallDoesNotExist);
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
        if (_byCallId.TryGetValue(invite.CallId, out int held))
        {
            if (_table[held].Invite.Transaction == invite.Transaction)
            {
                AbsorbLateCopy(invite); // the session's own INVITE, a copy that outlived its transaction
            }
            else
            {
                Respond(invite, StatusCodes.ServerInternalError); // a second INVITE of a session this IWF holds (copies of the first are absorbed)
            }

            return;
        }

        Sdp offer = invite.Body;
        CountUnsupported(offer, 0, out int offered, out int rejected);
        if (rejected == offered)
        {
            Respond(invite, StatusCodes.NotAcceptableHere, warning: StatusCodes.WarningMediaTypeNotAvailable);
            return;
        }

        int slot = _table.Add();
        ref IwfSession session = ref _table[slot];
        session.Invite = invite.AnswerHeaders;
        session.Invite.ToTag = _table.RefOf(slot).Tag; // this IWF's tag in its answers: in-dialog requests find the session by it
        session.Recipient = invite.RequestUri;
        session.Originator = invite.Cpm.AssertedIdentity ?? invite.Cpm.From; // the sender the non-CPM user sees
        session.Dialog = Dialog.ForCallee(invite, Id, invite.Contact, session.Invite.ToTag);
        session.Answer = Answer(offer);
        session.Reference = ++_references;
        session.Pending = true;
        _byCallId[invite.CallId] = slot;
        if (Profile.Confirm == ConfirmMode.Immediate)
        {
            Confirm(slot);
            return;
        }

        _byReference[session.Reference] = slot;
        Note("converted to non-CPM invitation", invite.Session, $"{invite.Kind} [{offer}] → {ServiceName} inviting message");
        long size = 0;
        for (int i = 0; i < offer.Count; i++)
        {
            if (!offer[i].IsRejected && offer[i].Type == MediaType.File)
            {
                size += offer[i].SizeBytes;
            }
        }

        SendNonCpm(invite.Session, NonCpmPurpose.Invitation, session.Reference, invite.RequestUri, session.Originator, Math.Min(size, 1000));
        session.Timer = StartNodeTimer(Profile.NonCpmTimeout, IwfTimer.NonCpmAck, _table.RefOf(slot));
    }

    /// <summary>Counts the offered streams from <paramref name="start"/> on, and those of them this IWF cannot carry.</summary>
    private void CountUnsupported(in Sdp offer, int start, out int offered, out int rejected)
    {
        offered = rejected = 0;
        for (int i = start; i < offer.Count; i++)
        {
            MediaStream s = offer[i];
            if (s.IsRejected)
            {
                continue;
            }

            offered++;
            if (!Profile.Supports(s))
            {
                rejected++;
            }
        }
    }

    private void Confirm(int slot)
    {
        ref IwfSession session = ref _table[slot];
        session.Dialog.Media = session.Answer;
        _byCallId[session.Invite.CallId] = slot;
        _byReference[session.Reference] = slot;
        _bySession[session.Invite.Session] = slot;
        Answer(slot, session.Invite, StatusCodes.Ok, session.Answer);
        session.Pending = false;
        RearmExpiry(ref session.Expiry, _table.RefOf(slot)); // the dialog stands: its session timer runs
    }

    private void OnReInvite(SipRequest reInvite)
    {
        if (!FindSession(reInvite.CallId, reInvite.ToTag, out int slot))
        {
            Respond(reInvite, StatusCodes.CallDoesNotExist); // RFC 3261 §12.2.2
            return;
        }

        if (_table[slot].Pending)
        {
            RespondInvitePending(reInvite); // the invitation still awaits the non-CPM ack
            return;
        }

        ref IwfSession session = ref _table[slot];
        Sdp offer = reInvite.Body;
        CountUnsupported(offer, session.Dialog.Media.Count, out _, out int rejected);
        if (rejected > 0 && Profile.RejectWith != RejectEncoding.PortZero)
        {
            // The whole modification is refused; the session stays as it was.
            (int status, int warning) = Profile.RejectWith switch
            {
                RejectEncoding.Status415 => (StatusCodes.UnsupportedMediaType, 0),
                RejectEncoding.Status606 => (StatusCodes.NotAcceptable, StatusCodes.WarningMediaTypeNotAvailable),
                _ => (StatusCodes.NotAcceptableHere, StatusCodes.WarningMediaTypeNotAvailable),
            };
            Answer(slot, reInvite.AnswerHeaders, status, warning: warning);
            return;
        }

        Sdp answer = Answer(offer);
        session.Dialog.Media = answer;
        Answer(slot, reInvite.AnswerHeaders, StatusCodes.Ok, answer); // a stream it cannot carry on port 0
    }

    /// <summary>The caller cancelled an invitation still waiting for the non-CPM ack: answered 487, and the session is forgotten.</summary>
    protected override void OnCancelled(in RequestHeaders invite)
    {
        base.OnCancelled(invite);
        if (FindSession(invite.CallId, invite.ToTag, out int slot) && _table[slot].Pending && _table[slot].Invite.Transaction == invite.Transaction)
        {
            CancelTimer(_table[slot].Timer);
            Forget(slot);
        }
    }

    protected override void OnAnswerUnacknowledged(CallId callId)
    {
        if (_byCallId.TryGetValue(callId, out int slot))
        {
            Note("answer unacknowledged", _table[slot].Invite.Session, $"no ACK for the 2xx on {callId} within 64·T1: the session is released");
            CancelTimer(_table[slot].Timer);
            Forget(slot);
        }
    }

    /// <summary>The dialog saw no refresh for the session interval (RFC 4028 §10): BYE, and the session is forgotten.</summary>
    protected override void OnSessionExpired(CallRef call)
    {
        if (_table.TryResolve(call, out int slot) && !_table[slot].Pending)
        {
            ref IwfSession session = ref _table[slot];
            Note("session expired", session.Invite.Session, $"no refresh of {session.Invite.CallId} within {Timers.SessionExpires}: the session is released");
            SendRequest(session.Dialog.NewRequest(SipMethod.Bye, NewTransaction(), Pools));
            Forget(slot);
        }
    }

    /// <summary>The session of a dialog: by this IWF's tag in the request, else by its Call-ID.</summary>
    private bool FindSession(CallId callId, long tag, out int slot) =>
        _table.TryFind(CallRef.FromTag(tag), callId, _byCallId, static (in IwfSession s) => s.Invite.CallId, out slot);

    /// <summary>Answers a request of the session (its server transaction answers copies of it).</summary>
    private void Answer(int slot, in RequestHeaders request, int status, Sdp body = default, int warning = 0) =>
        Respond(request, status, body, warning);

    private void Forget(int slot)
    {
        ref IwfSession session = ref _table[slot];
        _byReference.Remove(session.Reference);
        _byCallId.Remove(session.Invite.CallId);
        _bySession.Remove(session.Invite.Session);
        CancelTimer(session.Expiry);
        _table.Remove(slot);
    }

    /// <summary>The answer: supported streams terminate here, others get port 0.</summary>
    private Sdp Answer(in Sdp offer)
    {
        Sdp answer = Sdp.Of();
        for (int i = 0; i < offer.Count; i++)
        {
            MediaStream s = offer[i];
            answer = answer.With((s.IsRejected || !Profile.Supports(s) ? s.Rejected() : s).At(Id));
        }

        return answer;
    }

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
        if (!_byReference.TryGetValue(answer.Reference, out int slot) || !_table[slot].Pending)
        {
            return; // an ack for content, or for an invitation that already timed out
        }

        CancelTimer(_table[slot].Timer);
        if (answer.Purpose == NonCpmPurpose.Ack)
        {
            Note("converted non-CPM ack to OK", answer.Session, $"{answer.Rendering} → 200 OK");
            Confirm(slot);
        }
        else
        {
            RequestHeaders invite = _table[slot].Invite;
            Forget(slot);
            Note("non-CPM service refused", answer.Session, $"{answer.Rendering} → 488");
            Respond(invite, StatusCodes.NotAcceptableHere);
        }
    }

    protected override void OnNodeTimer(NodeTimer timer)
    {
        if (timer.Kind<IwfTimer>() == IwfTimer.NonCpmAck && _table.TryResolve(timer.Call, out int slot) && _table[slot].Pending)
        {
            RequestHeaders invite = _table[slot].Invite;
            Forget(slot);
            Note("non-CPM ack timer expired", invite.Session, $"no answer from the {ServiceName} centre within {Profile.NonCpmTimeout}");
            Respond(invite, StatusCodes.ServerTimeout); // the server behind this IWF timed out, not the request (RFC 3261 §21.5.5)
        }
    }

    private void OnMsrpSend(MsrpMessage send, NodeId from)
    {
        Send(from, MsrpMessage.OkFor(send, MsrpPool));
        bool known = _bySession.TryGetValue(send.Session, out int slot);
        string recipient = known ? _table[slot].Recipient ?? string.Empty : string.Empty;
        string? originator = known ? _table[slot].Originator : null;
        Profile.Conversion.Convert(new IwfConversionContext(this, send.Session, recipient, originator), send);
    }

    internal long NewReference() => ++_references;

    internal void NoteConversion(string action, long session, string detail) => Note(action, session, detail);

    internal void SubmitContent(long session, long reference, string recipient, string? originator, long bytes, int segment, int segments) =>
        SendNonCpm(session, NonCpmPurpose.Content, reference, recipient, originator, bytes, segment, segments);

    private void SendNonCpm(long session, NonCpmPurpose purpose, long reference, string recipient, string? originator, long bytes, int segment = 1, int segments = 1)
    {
        NonCpmMessagesSent++;
        NonCpmMessage m = NonCpmPool.Rent();
        m.Service = Profile.Service;
        m.Purpose = purpose;
        m.Session = session;
        m.Reference = reference;
        m.ReplyTo = Id;
        m.Recipient = recipient;
        m.Originator = originator;
        m.PayloadBytes = bytes;
        m.Segment = segment;
        m.Segments = segments;
        Send(NonCpmServer.Pick(session), m);
    }

    private string ServiceName => Profile.Service.DisplayName;

    private struct IwfSession
    {
        /// <summary>The invitation's headers, to answer it (at once, or after the non-CPM ack).</summary>
        public RequestHeaders Invite;
        public string? Recipient;

        /// <summary>The CPM originator (P-Asserted-Identity, else From): the sender of the non-CPM messages.</summary>
        public string? Originator;
        public Dialog Dialog;
        public Sdp Answer;
        public long Reference;
        public bool Pending;
        public EventHandle Timer;

        /// <summary>The dialog's session expiry (RFC 4028; set once the invitation is answered 2xx).</summary>
        public EventHandle Expiry;
    }
}
