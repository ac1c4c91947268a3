using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// The CPM originating side (seed role Orig): a pool of CPM clients, one state machine per session,
/// like a SIPp scenario. A session invites the non-CPM recipient to a chat, sends chat messages
/// over MSRP, adds a file stream with a CPM Session Modification, and releases. With
/// <see cref="SessionPlan.ReattemptOnRejection"/> it behaves as before R01: a rejected file stream is
/// offered again in a new CPM Session Invitation of its own.
/// </summary>
public sealed class CpmClient : SipNode
{
    private readonly Dictionary<long, ClientSession> _sessions = [];
    private readonly Dictionary<string, ClientSession> _byCallId = new(StringComparer.Ordinal);

    public CpmClient(string name, string address)
        : base(name) => Address = address;

    /// <summary>The client's own address, e.g. <c>sip:alice@cpm.example</c>.</summary>
    public string Address { get; }

    /// <summary>The CPM server every initial request goes to first (preloaded route).</summary>
    public Balancer OutboundProxy { get; set; } = Balancer.None;

    /// <summary>Called once per session when it ends, with its record.</summary>
    public event Action<SessionRecord>? SessionEnded;

    public int ActiveSessions => _sessions.Count;

    /// <summary>Starts session <paramref name="session"/> now.</summary>
    public void StartSession(long session, SessionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (session <= 0 || _sessions.ContainsKey(session))
        {
            throw new ArgumentException($"Session id {session} is not positive or already in use.", nameof(session));
        }

        var s = new ClientSession(session, plan, new SessionRecord { Session = session });
        _sessions.Add(session, s);
        s.Primary = Invite(s, Sdp.Of(new MediaStream(MediaType.Chat, 9, Name)), "a");
        s.Record.InviteSentNs = Now.Nanoseconds;
    }

    private ClientLeg Invite(ClientSession s, Sdp offer, string suffix)
    {
        var leg = new ClientLeg($"s{s.Id}-{suffix}");
        _byCallId.Add(leg.CallId, s);
        s.Legs.Add(leg);
        var invite = new SipRequest
        {
            Method = SipMethod.Invite,
            CallId = leg.CallId,
            Session = s.Id,
            CSeq = 1,
            CSeqMethod = SipMethod.Invite,
            Transaction = NewTransaction(),
            RequestUri = s.Plan.Recipient,
            Route = [OutboundProxy.Pick(s.Id)],
            Via = [Id],
            Contact = Id,
            Body = offer,
        };
        SendOnLeg(leg, invite);
        return leg;
    }

    protected override void OnRequest(SipRequest request, NodeId from)
    {
        if (request.Method == SipMethod.Ack)
        {
            return;
        }

        Respond(request, StatusCodes.Ok, request.Method == SipMethod.Invite ? request.Body : null);
        if (request.Method == SipMethod.Bye && _byCallId.TryGetValue(request.CallId, out ClientSession? s))
        {
            // Released by the far end.
            s.Legs.RemoveAll(l => l.CallId == request.CallId);
            if (s.Legs.All(l => l.Dialog is null))
            {
                End(s);
            }
        }
    }

    protected override void OnResponse(SipResponse response, NodeId from)
    {
        if (StatusCodes.IsProvisional(response.Status) || !_byCallId.TryGetValue(response.CallId, out ClientSession? s))
        {
            return;
        }

        ClientLeg leg = s.Legs[0].CallId == response.CallId ? s.Legs[0] : s.Legs.First(l => l.CallId == response.CallId);
        if (response.CSeqMethod == SipMethod.Bye)
        {
            leg.Dialog = null;
            if (s.Releasing && s.Legs.All(l => l.Dialog is null))
            {
                End(s);
            }

            return;
        }

        if (CompleteLeg(leg, response, from) is not SipRequest request)
        {
            return; // a retransmitted or late final response
        }

        if (StatusCodes.IsSuccess(response.Status))
        {
            NoteNewMedia(s.Established, s.Id, response.Body);
        }

        OnFinal(s, leg, request, response);
    }

    protected override void OnTimer(SessionTimer timer)
    {
        if (!_sessions.TryGetValue(timer.Session, out ClientSession? s))
        {
            return;
        }

        switch (timer.Purpose)
        {
            case "timer-B" when timer.State is ClientLeg leg && ExpireLeg(leg) is SipRequest request:
                Note("timer B expired", s.Id, $"no final response to {request.Kind} within {Timers.TimerB}");
                OnFinal(s, leg, request, SipResponse.To(request, StatusCodes.RequestTimeout, Id));
                break;
            case "chat":
                SendChat(s);
                break;
            case "modify":
                Modify(s);
                break;
            case "release":
                Release(s);
                break;
        }
    }

    private void OnFinal(ClientSession s, ClientLeg leg, SipRequest request, SipResponse response)
    {
        SessionRecord r = s.Record;
        bool success = StatusCodes.IsSuccess(response.Status);
        if (leg == s.Primary && !request.InDialog)
        {
            if (!success)
            {
                Fail(s, response.Status == StatusCodes.RequestTimeout ? SessionOutcome.SetupTimeout : SessionOutcome.SetupRejected, response.Status);
                leg.Dialog = null;
                End(s);
                return;
            }

            r.EstablishedNs = Now.Nanoseconds;
            if (s.Plan.ChatMessages.Count > 0)
            {
                StartTimer(s.Plan.ChatInterval, "chat", s.Id);
            }
            else
            {
                AfterChat(s);
            }

            return;
        }

        if (leg != s.Primary)
        {
            // The pre-R01 re-attempt: a new invitation for the rejected file.
            r.ModificationAnsweredNs = Now.Nanoseconds;
            if (success && response.NewlyRejected.IsEmpty)
            {
                r.NewSessionNs = Now.Nanoseconds;
                SendFile(s, response.Body);
            }
            else
            {
                leg.Dialog = null;
                Fail(s, SessionOutcome.FileRejected, response.Status);
            }

            ScheduleRelease(s);
            return;
        }

        // The answer to the modification.
        bool rejected = response.Status == StatusCodes.NotAcceptableHere || (success && !response.NewlyRejected.IsEmpty);
        if (success && !rejected)
        {
            r.ModificationAnsweredNs = Now.Nanoseconds;
            r.NewSessionNs = Now.Nanoseconds;
            SendFile(s, response.Body);
        }
        else if (rejected && s.Plan.ReattemptOnRejection)
        {
            Note("re-attempt", s.Id, "file stream rejected: new Invitation for the file");
            s.Retry = Invite(s, Sdp.Of(new MediaStream(MediaType.File, 9, Name, s.Plan.FileSizeBytes)), "b");
            return;
        }
        else
        {
            r.ModificationAnsweredNs = Now.Nanoseconds;
            Fail(s, rejected ? SessionOutcome.FileRejected : response.Status == StatusCodes.RequestTimeout ? SessionOutcome.ModificationTimeout : SessionOutcome.ModificationFailed, response.Status);
        }

        ScheduleRelease(s);
    }

    private static void Fail(ClientSession s, SessionOutcome outcome, int status)
    {
        if (s.Record.Outcome == SessionOutcome.Success)
        {
            s.Record.Outcome = outcome;
            s.Record.FailureStatus = status;
        }
    }

    private void SendChat(ClientSession s)
    {
        string text = s.Plan.ChatMessages[s.Record.ChatMessagesSent++];
        NodeId endpoint = EndpointOf(s.Primary!, MediaType.Chat);
        if (!endpoint.IsNone)
        {
            Send(endpoint, new MsrpMessage { Session = s.Id, IsResponse = false, Media = MediaType.Chat, Text = text, Reference = s.Record.ChatMessagesSent });
        }

        if (s.Record.ChatMessagesSent < s.Plan.ChatMessages.Count)
        {
            StartTimer(s.Plan.ChatInterval, "chat", s.Id);
        }
        else
        {
            AfterChat(s);
        }
    }

    private void AfterChat(ClientSession s)
    {
        if (s.Plan.AddFile)
        {
            StartTimer(s.Plan.ModifyAfter, "modify", s.Id);
        }
        else
        {
            ScheduleRelease(s);
        }
    }

    private void Modify(ClientSession s)
    {
        ClientLeg leg = s.Primary!;
        if (leg.Dialog is null)
        {
            return;
        }

        var streams = new List<MediaStream>(leg.Dialog.Media?.Streams ?? []) { new(MediaType.File, 9, Name, s.Plan.FileSizeBytes) };
        s.Record.ModificationSentNs = Now.Nanoseconds;
        SendOnLeg(leg, leg.Dialog.NewRequest(SipMethod.Invite, NewTransaction(), new Sdp(streams)));
    }

    private void SendFile(ClientSession s, Sdp? answer)
    {
        MediaStream? file = answer?.Streams.FirstOrDefault(m => m.Type == MediaType.File && !m.IsRejected);
        if (s.Plan.SendFile && file is not null && Network.TryGetNode(file.Endpoint, out Node? endpoint))
        {
            Send(endpoint!.Id, new MsrpMessage { Session = s.Id, IsResponse = false, Media = MediaType.File, PayloadBytes = file.SizeBytes, Reference = 1 });
        }
    }

    private void ScheduleRelease(ClientSession s) => StartTimer(s.Plan.ReleaseAfter, "release", s.Id);

    private void Release(ClientSession s)
    {
        s.Releasing = true;
        bool any = false;
        foreach (ClientLeg leg in s.Legs.Where(l => l.Dialog is not null))
        {
            SendRequest(leg.Dialog!.NewRequest(SipMethod.Bye, NewTransaction()));
            any = true;
        }

        if (!any)
        {
            End(s);
        }
    }

    private void End(ClientSession s)
    {
        if (!_sessions.Remove(s.Id))
        {
            return;
        }

        foreach (ClientLeg leg in s.Legs)
        {
            _byCallId.Remove(leg.CallId);
            AbandonLeg(leg);
        }

        s.Record.ReleasedNs = Now.Nanoseconds;
        SessionEnded?.Invoke(s.Record);
    }

    private NodeId EndpointOf(ClientLeg leg, MediaType type)
    {
        MediaStream? m = leg.Dialog?.Media?.Streams.FirstOrDefault(x => x.Type == type && !x.IsRejected);
        return m is not null && Network.TryGetNode(m.Endpoint, out Node? n) ? n!.Id : NodeId.None;
    }

    private sealed class ClientSession(long id, SessionPlan plan, SessionRecord record)
    {
        public long Id { get; } = id;

        public SessionPlan Plan { get; } = plan;

        public SessionRecord Record { get; } = record;

        public List<ClientLeg> Legs { get; } = [];

        public ClientLeg? Primary { get; set; }

        public ClientLeg? Retry { get; set; }

        public bool Releasing { get; set; }

        /// <summary>Media endpoints already noted in the trace (made only when the session is traced).</summary>
        public HashSet<(string, MediaType)> Established => _established ??= [];

        private HashSet<(string, MediaType)>? _established;
    }

    private sealed class ClientLeg(string callId) : UacLeg
    {
        public string CallId { get; } = callId;
    }
}
