using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Random;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Sip;
using CpmSim.Tests.Scenarios.Sip.Transactions;

namespace CpmSim.Tests.Scenarios.Cpm;

/// <summary>
/// The SIP/IP core's fail-over between two ISFs (stand-in user agents), at the transaction level: a
/// caller, the core, and two ISFs, the session going to <c>isf-1</c> first.
/// </summary>
public class SipCoreFailoverTests
{
    private sealed class Bench
    {
        public Bench(bool udp)
        {
            Simulation = new Simulation(1);
            Network = new SimNetwork(Simulation);
            Caller = new TestUac("caller") { InterworkingDecided = true, Target = NodeId.None };
            Core = new SipCore("core");
            First = new TestUas("isf-1");
            Second = new TestUas("isf-2");
            NodeId caller = Network.Add(Caller);
            NodeId core = Network.Add(Core);
            NodeId first = Network.Add(First);
            NodeId second = Network.Add(Second);
            var options = new LinkOptions { Latency = new ConstantDistribution(SimTime.FromMilliseconds(10).Nanoseconds), Reliable = !udp };
            Network.ConnectBoth(caller, core, options);
            (_, FirstToCore) = Network.ConnectBoth(core, first, options);
            Network.ConnectBoth(core, second, options);
            Core.Isfs.Add(second);
            Core.Isfs.Add(first); // session 1 goes to index 1: isf-1
            Caller.FirstHop = core;
            foreach (SipNode n in Network.Nodes.OfType<SipNode>())
            {
                n.UnreliableTransport = udp;
            }
        }

        public Simulation Simulation { get; }

        public SimNetwork Network { get; }

        public TestUac Caller { get; }

        public SipCore Core { get; }

        public TestUas First { get; }

        public TestUas Second { get; }

        public Link FirstToCore { get; }

        public int HeldState => Network.Nodes.OfType<SipNode>().Sum(n => n.HeldState);

        public string Held => string.Join(", ", Network.Nodes.OfType<SipNode>().Select(n => $"{n.Name}: {n.HeldState} ({n.Clients.Count} client, {n.Servers.Count} server)"));
    }

    private static SimTime S(long s) => SimTime.FromSeconds(s);

    [TestCase(false)]
    [TestCase(true)]
    public void Isf503_CoreTriesTheOtherIsfAtOnce_CallerGetsItsAnswerOnly(bool udp)
    {
        var b = new Bench(udp);
        b.First.Answer = StatusCodes.ServiceUnavailable;
        b.Caller.Send();

        b.Simulation.Run();

        Assert.That(b.Caller.Finals.Select(f => f.Status), Is.EqualTo(new[] { StatusCodes.Ok }), "the 503 was not passed on: isf-2 answered");
        Assert.That(b.Caller.Finals[0].At, Is.LessThan(SimTime.FromSeconds(1)), "at once, not after a time-out");
        Assert.That(b.First.Requests, Is.EqualTo(new[] { SipMethod.Invite }));
        Assert.That(b.Second.Requests, Is.EqualTo(new[] { SipMethod.Invite }));
        Assert.That(b.Core.Health.Failovers, Is.EqualTo(1));
        Assert.That(b.Core.Health.Failures, Is.EqualTo(1));
        Assert.That(b.HeldState, Is.Zero, b.Held);
    }

    [Test]
    public void NoResponseBeforeTimerB_CoreTriesTheOtherIsf_ALate2xxOfTheFirstIsReleasedNotRelayed()
    {
        // UDP: everything isf-1 sends is lost until 40 s, so the core's INVITE to it sees no response
        // and Timer B fires at 32 s: the core sends the INVITE to isf-2, on a branch of its own. isf-1 did
        // take the request, and answers 200 at 45 s: the core ACKs it and releases it with a BYE; the
        // caller gets one answer, isf-2's.
        var b = new Bench(udp: true);
        b.First.Answer = 0;
        b.FirstToCore.Up = false;
        b.Caller.Send();
        b.Simulation.RunUntil(S(40));
        b.FirstToCore.Up = true;
        b.Simulation.RunUntil(S(45));
        b.First.AnswerHeld(StatusCodes.Ok);
        b.First.Answer = StatusCodes.Ok; // the BYE that comes
        b.Simulation.Run();

        Assert.That(b.Caller.Finals.Select(f => f.Status), Is.EqualTo(new[] { StatusCodes.Ok }));
        Assert.That(b.Caller.Finals[0].At, Is.GreaterThan(S(32)).And.LessThan(S(33)));
        Assert.That(b.Caller.Seen.Count(s => s == StatusCodes.Ok), Is.EqualTo(1), "isf-1's 2xx never reached the caller");
        Assert.That(b.Caller.TimedOut, Is.Empty);
        Assert.That(b.Second.Requests, Is.EqualTo(new[] { SipMethod.Invite }));
        Assert.That(b.Second.Acks, Is.EqualTo(1));
        Assert.That(b.First.Requests, Is.EqualTo(new[] { SipMethod.Invite, SipMethod.Bye }), "the late session is released");
        Assert.That(b.First.Acks, Is.EqualTo(1));
        Assert.That(b.First.Unacknowledged, Is.Empty);
        Assert.That(b.HeldState, Is.Zero, b.Held);
    }

    [Test]
    public void NoResponseBeforeTimerB_ALate1xxOfTheFirstIsfGetsACancel()
    {
        // TCP: isf-1's 100 Trying cannot reach the core (a transport error drops it), so the core's Timer B
        // fires at 32 s and the INVITE goes to isf-2. At 40 s a provisional response of isf-1 gets through:
        // the superseded INVITE is cancelled then (RFC 3261 §9.1: no CANCEL before a provisional), and
        // isf-1's 487 is ACKed and absorbed, never relayed.
        var b = new Bench(udp: false);
        b.First.Answer = 0;
        b.FirstToCore.Up = false;
        b.Caller.Send();
        b.Simulation.RunUntil(S(40));
        b.FirstToCore.Up = true;
        b.First.AnswerHeld(StatusCodes.Trying);
        b.Simulation.Run();

        Assert.That(b.Caller.Finals.Select(f => f.Status), Is.EqualTo(new[] { StatusCodes.Ok }));
        Assert.That(b.First.Cancelled, Is.EqualTo(1));
        Assert.That(b.Core.CancelsSent, Is.EqualTo(1));
        Assert.That(b.Caller.Seen, Has.No.Member(StatusCodes.RequestTerminated));
        Assert.That(b.HeldState, Is.Zero, b.Held);
    }
}
