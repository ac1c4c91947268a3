using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Sip;
using CpmSim.Scenarios.Sip.Transactions;
using static CpmSim.Tests.Scenarios.Sip.Transactions.TransactionBench;

namespace CpmSim.Tests.Scenarios.Sip.Transactions;

/// <summary>The server transactions of RFC 3261 §17.2 (and RFC 6026), CANCEL (§9) and stateful proxies (§16), on both transports.</summary>
public class ServerTransactionTests
{
    [TestCase(true)]
    [TestCase(false)]
    public void Invite_NotAnsweredWithin200ms_Sends100Trying(bool udp)
    {
        var b = new TransactionBench(udp);
        b.Uas.Answer = 0;
        long branch = b.Uac.Send();

        b.Simulation.RunUntil(Ms(219));
        Assert.That(b.Uac.Seen, Is.Empty);
        b.Simulation.RunUntil(Ms(221));

        Assert.That(b.Uac.Seen, Is.EqualTo(new[] { StatusCodes.Trying }), "sent 200 ms after the INVITE arrived at 10 ms, received 10 ms later");
        Assert.That(b.Uas.Servers.StateOf(branch), Is.EqualTo(TransactionState.Proceeding));
    }

    [Test]
    public void Invite_AnsweredAtOnce_No100Trying()
    {
        var b = new TransactionBench(udp: false);
        b.Uac.Send();

        b.Simulation.Run();

        Assert.That(b.Uac.Seen, Is.EqualTo(new[] { StatusCodes.Ok }));
    }

    [Test]
    public void Invite_CopyWhileHeld_AbsorbedAndAnsweredWithTheProvisional()
    {
        // UDP: the 100 Trying is lost, so the caller's Timer A sends the INVITE again at 0.5 s.
        var b = new TransactionBench(udp: true);
        b.Uas.Answer = 0;
        Lose(b.UacIn, 1);
        long branch = b.Uac.Send();

        b.Simulation.RunUntil(S(1));

        Assert.That(b.Uas.Requests, Is.EqualTo(new[] { SipMethod.Invite }), "the user sees the INVITE once");
        Assert.That(b.Uac.Retransmissions, Is.EqualTo(1));
        Assert.That(b.Uac.Clients.StateOf(branch), Is.EqualTo(TransactionState.Proceeding), "the copy was answered with the 100 Trying again");
    }

    [Test]
    public void Invite_NonSuccessFinalAckNeverComes_TimerGUntilTimerH()
    {
        var b = new TransactionBench(udp: true);
        b.Uas.Answer = StatusCodes.NotAcceptableHere;
        long branch = b.Uac.Send();
        b.Simulation.RunUntil(Ms(15));
        LoseAll(b.UacOut); // from here on nothing reaches the callee: no ACK

        b.Simulation.RunUntil(Ms(100));
        Assert.That(b.Uas.Servers.StateOf(branch), Is.EqualTo(TransactionState.Completed));
        b.Simulation.RunUntil(Ms(10) + SipTimers.Default.TimerH - Ms(1));
        Assert.That(b.Uas.Servers.StateOf(branch), Is.EqualTo(TransactionState.Completed));
        b.Simulation.Run();

        // Timer G: T1, 2·T1, 4·T1, then T2: 0.5, 1.5, 3.5, 7.5, 11.5 … 31.5 s → 10 copies before Timer H (32 s).
        Assert.That(b.Uas.Retransmissions, Is.EqualTo(10));
        Assert.That(b.Uas.Servers.StateOf(branch), Is.EqualTo(TransactionState.None));
        Assert.That(b.Uac.Finals.Select(f => f.Status), Is.EqualTo(new[] { StatusCodes.NotAcceptableHere }));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Invite_AckOfNonSuccess_ConfirmedForTimerI(bool udp)
    {
        var b = new TransactionBench(udp);
        b.Uas.Answer = StatusCodes.NotAcceptableHere;
        long branch = b.Uac.Send();

        b.Simulation.RunUntil(Ms(35)); // INVITE 10 ms, 488 20 ms, ACK 30 ms
        Assert.That(b.Uas.Servers.StateOf(branch), Is.EqualTo(udp ? TransactionState.Confirmed : TransactionState.None), "Timer I: T4 over UDP, 0 over TCP");
        b.Simulation.RunUntil(Ms(30) + SipTimers.Default.T4 + Ms(1));

        Assert.That(b.Uas.Servers.StateOf(branch), Is.EqualTo(TransactionState.None));
    }

    [Test]
    public void Invite_2xxNeverAcknowledged_RetransmittedThenTheUserIsTold()
    {
        var b = new TransactionBench(udp: true);
        b.Simulation.RunUntil(Ms(1));
        long branch = b.Uac.Send();
        b.Simulation.RunUntil(Ms(15));
        LoseAll(b.UacOut); // no ACK gets through

        b.Simulation.Run();

        Assert.That(b.Uas.Retransmissions, Is.EqualTo(10), "T1 doubling to T2 until 64·T1 (§13.3.1.4)");
        Assert.That(b.Uas.Unacknowledged, Has.Count.EqualTo(1));
        Assert.That(b.Uas.Servers.StateOf(branch), Is.EqualTo(TransactionState.None));
        Assert.That(b.Uas.HeldState, Is.Zero);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Cancel_PendingInvite_200ForTheCancelAnd487ForTheInvite(bool udp)
    {
        var b = new TransactionBench(udp);
        b.Uas.Answer = 0;
        long branch = b.Uac.Send();
        b.Simulation.RunUntil(S(1)); // Proceeding (100 Trying at 0.21 s)

        b.Uac.Abandon();
        b.Simulation.Run();

        Assert.That(b.Uas.Cancelled, Is.EqualTo(1));
        Assert.That(b.Uac.Clients.StateOf(branch), Is.EqualTo(TransactionState.None));
        Assert.That(b.Uac.Finals, Is.Empty, "the user gave up: the 487 is the transaction's to ACK");
        Assert.That(b.Uac.HeldState + b.Uas.HeldState, Is.Zero);
    }

    [Test]
    public void Cancel_InCalling_WaitsForTheProvisional()
    {
        var b = new TransactionBench(udp: true);
        b.Uas.Answer = 0;
        long branch = b.Uac.Send();
        b.Uac.Abandon(); // still Calling: no CANCEL yet (§9.1)
        Assert.That(b.Uac.CancelsSent, Is.Zero);

        b.Simulation.Run();

        Assert.That(b.Uac.CancelsSent, Is.EqualTo(1), "sent once the 100 Trying came");
        Assert.That(b.Uas.Cancelled, Is.EqualTo(1));
        Assert.That(b.Uac.HeldState + b.Uas.HeldState, Is.Zero);
        Assert.That(b.Uac.Clients.StateOf(branch), Is.EqualTo(TransactionState.None));
    }

    [Test]
    public void Cancel_CrossesThe2xx_The2xxIsAckedAndReleased()
    {
        // The callee answers 200 at 1 s; the caller cancels at the same instant: the CANCEL finds the
        // INVITE answered (200 to the CANCEL, no 487), and the 2xx reaches a caller that gave up: it
        // ACKs it and releases the dialog with a BYE (RFC 3261 §9.1, §15).
        var b = new TransactionBench(udp: false);
        b.Uas.Answer = 0;
        b.Uac.Send();
        b.Simulation.RunUntil(S(1));

        b.Uas.AnswerHeld(StatusCodes.Ok);
        b.Uas.Answer = StatusCodes.Ok; // the BYE that follows is answered at once
        b.Uac.Abandon();
        b.Simulation.Run();

        Assert.That(b.Uas.Cancelled, Is.Zero);
        Assert.That(b.Uas.Acks, Is.EqualTo(1));
        Assert.That(b.Uas.Requests, Is.EqualTo(new[] { SipMethod.Invite, SipMethod.Bye }));
        Assert.That(b.Uac.Finals, Is.EqualTo(new[] { (StatusCodes.Ok, Ms(1030)) }), "only the BYE's answer: the 2xx was a stray to the leg");
        Assert.That(b.Uac.HeldState + b.Uas.HeldState, Is.Zero);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Proxy_CancelPassesOnAndThe487IsRelayed(bool udp)
    {
        var b = new TransactionBench(udp, withProxy: true);
        b.Uas.Answer = 0;
        b.Uac.Send();
        b.Simulation.RunUntil(S(1));

        b.Uac.Abandon();
        b.Simulation.Run();

        Assert.That(b.Proxy!.CancelsSent, Is.EqualTo(1));
        Assert.That(b.Uas.Cancelled, Is.EqualTo(1));
        Assert.That(b.Uac.HeldState + b.Proxy.HeldState + b.Uas.HeldState, Is.Zero);
    }

    [TestCase(SipMethod.Invite)]
    [TestCase(SipMethod.Message)]
    public void Proxy_MaxForwardsZero_Answers483AndDoesNotForward(SipMethod method)
    {
        // RFC 3261 §16.3 step 3: a request that reaches a proxy with Max-Forwards 0 is answered 483.
        var b = new TransactionBench(udp: false, withProxy: true);
        b.Uac.MaxForwards = 0;
        b.Uac.Send(method);

        b.Simulation.Run();

        Assert.That(b.Uac.Finals.Select(f => f.Status), Is.EqualTo(new[] { StatusCodes.TooManyHops }));
        Assert.That(b.Uas.Requests, Is.Empty);
        Assert.That(b.Uac.HeldState + b.Proxy!.HeldState + b.Uas.HeldState, Is.Zero);
    }

    [Test]
    public void Proxy_Forwards_DecrementsMaxForwards()
    {
        // §16.6 step 3: the proxy's copy carries one less; at 1 it still goes on, arriving with 0.
        var b = new TransactionBench(udp: false, withProxy: true);
        b.Uac.Send();
        b.Uac.MaxForwards = 1;
        b.Uac.Send(SipMethod.Message);

        b.Simulation.Run();

        Assert.That(b.Uas.MaxForwards, Is.EqualTo(new[] { SipRequest.InitialMaxForwards - 1, 0 }));
    }

    [Test]
    public void Proxy_LossOnTheFarHop_TheProxyRetransmits()
    {
        // UDP: the proxy's INVITE to the callee is lost twice, the callee's first 200 once: the proxy's
        // client transaction retransmits (Timer A), the caller's stops at the proxy's 100 Trying.
        var b = new TransactionBench(udp: true, withProxy: true);
        Lose(b.ProxyOut!, 1, 2);
        Lose(b.ProxyIn!, 1);
        b.Uac.Send();

        b.Simulation.Run();

        Assert.That(b.Uac.Finals.Select(f => f.Status), Is.EqualTo(new[] { StatusCodes.Ok }));
        Assert.That(b.Proxy!.Retransmissions, Is.EqualTo(2));
        Assert.That(b.Uac.Retransmissions, Is.Zero);
        Assert.That(b.Uas.Requests, Is.EqualTo(new[] { SipMethod.Invite }));
        Assert.That(b.Uac.HeldState + b.Proxy.HeldState + b.Uas.HeldState, Is.Zero);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Proxy_NoFinalDownstream_TimesOutWith408Upstream(bool udp)
    {
        // The proxy's T1 is 100 ms: its Timer F (6.4 s) fires long before the caller's (32 s).
        var b = new TransactionBench(udp, withProxy: true);
        b.Proxy!.Timers = new SipTimers { T1 = Ms(100) };
        b.Uas.BeginSilence();
        b.Uac.Send(SipMethod.Bye);

        b.Simulation.Run();

        Assert.That(b.Uac.Finals, Is.EqualTo(new[] { (StatusCodes.RequestTimeout, Ms(6420)) }), "Timer F at the proxy: 408 upstream (§16.7)");
        Assert.That(b.Uac.HeldState + b.Proxy!.HeldState + b.Uas.HeldState, Is.Zero);
    }
}
