using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Random;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Cpm;

/// <summary>
/// The client's script against a far end whose answers a test chooses (one link of 10 ms each way):
/// the release's BYE refused with 503, a far end that releases first, a modification answered late.
/// </summary>
public class CpmClientScriptTests
{
    private static SimTime Ms(long ms) => SimTime.FromMilliseconds(ms);

    private static (Simulation Sim, CpmClient Client, FarEnd Far, List<SessionRecord> Ended) Bench()
    {
        var sim = new Simulation(1);
        var network = new SimNetwork(sim);
        var client = new CpmClient("cpm-client", "sip:alice@cpm.example");
        var far = new FarEnd("far-end");
        NodeId c = network.Add(client);
        NodeId f = network.Add(far);
        network.ConnectBoth(c, f, new LinkOptions { Latency = new ConstantDistribution(Ms(10).Nanoseconds), Reliable = true });
        client.OutboundProxy = f;
        client.Timers = client.Timers with { SessionExpires = SimTime.Zero };
        far.Timers = client.Timers;
        var ended = new List<SessionRecord>();
        client.SessionEnded += ended.Add;
        return (sim, client, far, ended);
    }

    private static SessionPlan Plan(int chats = 2) => new()
    {
        Recipient = "tel:+15550100",
        ChatMessages = [.. Enumerable.Range(1, chats).Select(i => $"message {i}")],
        ChatInterval = SimTime.FromSeconds(1),
        ModifyAfter = SimTime.FromSeconds(1),
        ReleaseAfter = SimTime.FromSeconds(2),
    };

    [Test]
    public void Release_ByeRefusedWith503_SentAgainAfterItsRetryAfter()
    {
        var (sim, client, far, ended) = Bench();
        far.ByeAnswers.Enqueue(StatusCodes.ServiceUnavailable);
        far.ByeAnswers.Enqueue(StatusCodes.ServiceUnavailable);
        client.StartSession(1, Plan());

        sim.Run();

        // Set up at 20 ms, chat at 1.02 and 2.02 s, modification at 3.02 s (answered 3.04 s), BYE at
        // 5.04 s (at the far end 10 ms later); each 503 (Retry-After 3 s) is back 10 ms after that,
        // and the BYE goes again 3 s after it.
        Assert.That(far.ByesAt, Is.EqualTo(new[] { Ms(5050), Ms(8070), Ms(11090) }));
        SessionRecord r = ended.Single();
        Assert.That(r.Outcome, Is.EqualTo(SessionOutcome.Success));
        Assert.That(r.ReleasedNs, Is.EqualTo(Ms(11100).Nanoseconds), "ended on the 200 to the third BYE");
        Assert.That(far.Chats, Is.EqualTo(2));
        Assert.That(client.HeldState, Is.Zero);
    }

    [Test]
    public void Release_ByeRefusedWith503ThreeTimes_GivesUp()
    {
        var (sim, client, far, ended) = Bench();
        for (int i = 0; i < 5; i++)
        {
            far.ByeAnswers.Enqueue(StatusCodes.ServiceUnavailable);
        }

        client.StartSession(1, Plan());
        sim.Run();

        Assert.That(far.ByesAt, Has.Count.EqualTo(3), "three attempts in all");
        Assert.That(ended.Single().ReleasedNs, Is.EqualTo(Ms(11100).Nanoseconds), "ended on the third 503");
        Assert.That(client.HeldState, Is.Zero);
    }

    [Test]
    public void FarEndReleases_WhileTheScriptWaitsToChat_TheSessionEndsThen()
    {
        var (sim, client, far, ended) = Bench();
        client.StartSession(1, Plan(chats: 5));
        sim.Schedule(Ms(1500), _ => far.ReleaseNow());

        sim.Run();

        SessionRecord r = ended.Single();
        Assert.That(r.Outcome, Is.EqualTo(SessionOutcome.Success), "released by the far end: the outcome is unchanged");
        Assert.That(r.ReleasedNs, Is.EqualTo(Ms(1510).Nanoseconds), "when the far end's BYE arrived");
        Assert.That(far.Chats, Is.EqualTo(1), "the script stopped: no chat after the release");
        Assert.That(r.ModificationSentNs, Is.EqualTo(-1));
        Assert.That(far.ByesAt, Is.Empty, "the client sends no BYE of its own");
        Assert.That(client.ActiveSessions, Is.Zero);
        Assert.That(client.HeldState, Is.Zero);
    }

    [Test]
    public void FarEndReleases_WhileTheModificationAwaitsItsAnswer_TheReInviteIsCancelled()
    {
        var (sim, client, far, ended) = Bench();
        far.HoldReInvites = true;
        client.StartSession(1, Plan(chats: 0));
        sim.Schedule(Ms(2000), _ => far.ReleaseNow());

        sim.Run();

        SessionRecord r = ended.Single();
        Assert.That(r.ReleasedNs, Is.EqualTo(Ms(2010).Nanoseconds));
        Assert.That(r.ModificationSentNs, Is.EqualTo(Ms(1020).Nanoseconds));
        Assert.That(r.ModificationAnsweredNs, Is.EqualTo(-1));
        Assert.That(far.Cancels, Is.EqualTo(1), "the re-INVITE in progress was cancelled when the session ended");
        Assert.That(client.HeldState, Is.Zero);
    }

    [Test]
    public void ManySessions_OneAfterAnother_ReuseTheirScriptsAndEndEveryOne()
    {
        // A session lasts about 5.1 s and one starts every 100 ms: from the 52nd on, sessions run in
        // the slots (and signals, and pooled script activations) of sessions that have ended.
        var (sim, client, far, ended) = Bench();
        for (int i = 1; i <= 100; i++)
        {
            long session = i;
            sim.Schedule(Ms(100 * i), _ => client.StartSession(session, Plan()));
        }

        sim.Run();

        Assert.That(ended.Select(r => r.Session).Order(), Is.EqualTo(Enumerable.Range(1, 100).Select(i => (long)i)));
        Assert.That(ended.All(r => r.Outcome == SessionOutcome.Success), Is.True);
        Assert.That(far.Chats, Is.EqualTo(200));
        Assert.That(client.HeldState, Is.Zero);
    }

    /// <summary>A callee that accepts every offer on its own endpoint; answers BYEs as queued (then 200), re-INVITEs at once or never.</summary>
    private sealed class FarEnd(string name) : SipNode(name)
    {
        private Dialog _dialog;

        public Queue<int> ByeAnswers { get; } = new();

        public List<SimTime> ByesAt { get; } = [];

        public int Chats { get; private set; }

        public int Cancels { get; private set; }

        public bool HoldReInvites { get; set; }

        /// <summary>Sends a BYE on the dialog of the last INVITE answered.</summary>
        public void ReleaseNow() => SendRequest(_dialog.NewRequest(SipMethod.Bye, NewTransaction(), Pools));

        protected override void OnRequest(SipRequest request, NodeId from)
        {
            switch (request.Method)
            {
                case SipMethod.Ack:
                    return;
                case SipMethod.Bye:
                    ByesAt.Add(Now);
                    int status = ByeAnswers.Count > 0 ? ByeAnswers.Dequeue() : StatusCodes.Ok;
                    SendAnswer(SipResponse.To(request, status, Id, Pools, retryAfter: status == StatusCodes.ServiceUnavailable ? SimTime.FromSeconds(3) : null));
                    return;
                case SipMethod.Invite when request.InDialog && HoldReInvites:
                    return;
                case SipMethod.Invite:
                    RequestHeaders h = request.AnswerHeaders;
                    if (h.ToTag == 0)
                    {
                        h.ToTag = 9;
                        _dialog = Dialog.ForCallee(request, Id, from, 9);
                    }

                    Sdp answer = Sdp.Of();
                    for (int i = 0; i < request.Body.Count; i++)
                    {
                        MediaStream m = request.Body[i];
                        answer = answer.With(new MediaStream(m.Type, 9, Id, m.SizeBytes));
                    }

                    Respond(h, StatusCodes.Ok, answer);
                    return;
                default:
                    Respond(request, StatusCodes.Ok);
                    return;
            }
        }

        protected override void OnCancelled(in RequestHeaders invite)
        {
            Cancels++;
            base.OnCancelled(invite);
        }

        protected override void OnOtherMessage(Message message, NodeId from)
        {
            if (message is MsrpMessage { Media: MediaType.Chat, IsResponse: false })
            {
                Chats++;
            }
        }
    }
}
