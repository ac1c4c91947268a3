using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Sip;
using CpmSim.Scenarios.Sip.Transactions;
using static CpmSim.Tests.Scenarios.Sip.Transactions.TransactionBench;

namespace CpmSim.Tests.Scenarios.Sip.Transactions;

/// <summary>The client transactions of RFC 3261 §17.1 (and RFC 6026), on both transports.</summary>
public class ClientTransactionTests
{
    [TestCase(true, 6)]
    [TestCase(false, 0)]
    public void Invite_NoResponse_TimerARetransmitsUntilTimerBInCalling(bool udp, int retransmissions)
    {
        var b = new TransactionBench(udp);
        b.Uas.BeginSilence(); // it handles what it gets, but nothing it sends leaves it
        long branch = b.Uac.Send();

        b.Simulation.RunUntil(Ms(100));
        Assert.That(b.Uac.Clients.StateOf(branch), Is.EqualTo(TransactionState.Calling));
        b.Simulation.Run();

        // Timer A: T1, 2·T1, 4·T1 … (0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s) until Timer B (64·T1 = 32 s); none over TCP.
        Assert.That(b.Uac.Retransmissions, Is.EqualTo(retransmissions));
        Assert.That(b.Uac.TimedOut, Is.EqualTo(new[] { S(32) }));
        Assert.That(b.Uac.Clients.StateOf(branch), Is.EqualTo(TransactionState.None));
        Assert.That(b.Uac.HeldState, Is.Zero);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Invite_ProvisionalThenLateFinal_ProceedingStopsTimersAAndB(bool udp)
    {
        var b = new TransactionBench(udp);
        b.Uas.Answer = 0; // held: the server transaction sends 100 Trying after 200 ms
        long branch = b.Uac.Send();
        b.Simulation.RunUntil(Ms(300));
        Assert.That(b.Uac.Clients.StateOf(branch), Is.EqualTo(TransactionState.Proceeding));

        b.Simulation.RunUntil(S(60));
        b.Uas.AnswerHeld(StatusCodes.ServerTimeout);
        b.Simulation.Run();

        Assert.That(b.Uac.TimedOut, Is.Empty, "Timer B runs only in Calling");
        Assert.That(b.Uac.Finals, Is.EqualTo(new[] { (StatusCodes.ServerTimeout, S(60) + Ms(10)) }));
        Assert.That(b.Uac.Retransmissions, Is.Zero, "the 100 Trying at 200 ms came before Timer A (500 ms)");
        Assert.That(b.Uas.Acks, Is.Zero, "the ACK of a non-2xx is the transaction's, never seen by the user");
        Assert.That(b.Uas.Servers.StateOf(branch), Is.EqualTo(TransactionState.None));
        Assert.That(b.Uac.HeldState + b.Uas.HeldState, Is.Zero);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Invite_NonSuccessFinal_CompletedAcksAndAbsorbsCopiesForTimerD(bool udp)
    {
        var b = new TransactionBench(udp);
        b.Uas.Answer = StatusCodes.NotAcceptableHere;
        Lose(b.UacOut, 2); // the first ACK is lost: over UDP the server's Timer G sends the 488 again
        long branch = b.Uac.Send();

        b.Simulation.RunUntil(S(1));
        Assert.That(b.Uac.Clients.StateOf(branch), Is.EqualTo(udp ? TransactionState.Completed : TransactionState.None), "Timer D: 32 s over UDP, 0 over TCP");
        b.Simulation.Run();

        Assert.That(b.Uac.Finals.Select(f => f.Status), Is.EqualTo(new[] { StatusCodes.NotAcceptableHere }), "the copy of the 488 is absorbed");
        Assert.That(b.Uas.Servers.StateOf(branch), Is.EqualTo(TransactionState.None));
        Assert.That(b.Uac.HeldState + b.Uas.HeldState, Is.Zero);
        if (udp)
        {
            Assert.That(b.Uas.Retransmissions, Is.EqualTo(1), "Timer G resent the 488 once; the second ACK confirmed it");
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Invite_Success_AcceptedPassesCopiesOfThe2xxToItsUser(bool udp)
    {
        var b = new TransactionBench(udp);
        Lose(b.UacOut, 2); // the ACK of the 2xx is lost: over UDP the UAS sends the 2xx again, and the caller ACKs the copy
        long branch = b.Uac.Send();

        b.Simulation.RunUntil(Ms(100));
        Assert.That(b.Uac.Clients.StateOf(branch), Is.EqualTo(udp ? TransactionState.Accepted : TransactionState.None), "Timer M: 64·T1 over UDP, 0 over TCP");
        b.Simulation.Run();

        Assert.That(b.Uac.Finals.Select(f => f.Status), Is.EqualTo(new[] { StatusCodes.Ok }));
        Assert.That(b.Uas.Acks, Is.EqualTo(1));
        Assert.That(b.Uas.Unacknowledged, Is.Empty);
        Assert.That(b.Uac.Seen.Count(s => s == StatusCodes.Ok), Is.EqualTo(udp ? 2 : 1), "a 2xx copy goes to the user, which ACKs it again");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Invite_RingsLongerThanTimerC_CancelledAndTheUserTimesOut(bool udp)
    {
        var b = new TransactionBench(udp);
        b.Uas.Answer = 0;
        long branch = b.Uac.Send();

        b.Simulation.Run();

        // 100 Trying arriving at 0.22 s starts Timer C (181 s): the caller cancels (§9.1), the callee answers 487, which is ACKed.
        Assert.That(b.Uac.TimedOut, Is.EqualTo(new[] { S(181) + Ms(220) }));
        Assert.That(b.Uac.CancelsSent, Is.EqualTo(1));
        Assert.That(b.Uas.Cancelled, Is.EqualTo(1));
        Assert.That(b.Uac.Finals, Is.Empty, "the 487 comes after the user gave up: the transaction ACKs it");
        Assert.That(b.Uas.Servers.StateOf(branch), Is.EqualTo(TransactionState.None));
        Assert.That(b.Uac.HeldState + b.Uas.HeldState, Is.Zero);
    }

    [Test]
    public void Invite_TransportError_UserGets503AndTheTransactionEnds()
    {
        var b = new TransactionBench(udp: false);
        b.UacOut.Up = false;
        long branch = b.Uac.Send();

        b.Simulation.Run();

        Assert.That(b.Uac.Finals.Select(f => f.Status), Is.EqualTo(new[] { StatusCodes.ServiceUnavailable }), "RFC 3261 §8.1.3.1");
        Assert.That(b.Uac.Clients.StateOf(branch), Is.EqualTo(TransactionState.None));
        Assert.That(b.Uac.TransportErrors, Is.EqualTo(1));
        Assert.That(b.Uac.HeldState, Is.Zero);
    }

    [Test]
    public void Invite_FinalAfterTimerB_IsAckedButNotTheLegsAnswer()
    {
        // UDP: every message toward the caller is lost for 40 s (no 100 Trying reaches it), so Timer B
        // fires at 32 s; the 486 the callee sends at 45 s arrives after the caller gave up.
        var b = new TransactionBench(udp: true);
        b.Uas.Answer = 0;
        b.UacIn.Up = false;
        long branch = b.Uac.Send();
        b.Simulation.RunUntil(S(40));
        b.UacIn.Up = true;
        b.Simulation.RunUntil(S(45));
        b.Uas.AnswerHeld(486);
        b.Simulation.Run();

        Assert.That(b.Uac.TimedOut, Is.EqualTo(new[] { S(32) }));
        Assert.That(b.Uac.Finals, Is.Empty);
        Assert.That(b.Uas.Retransmissions, Is.Zero, "the late 486 was ACKed at once: no Timer G copy");
        Assert.That(b.Uas.Servers.StateOf(branch), Is.EqualTo(TransactionState.None));
        Assert.That(b.Uac.HeldState + b.Uas.HeldState, Is.Zero);
    }

    [TestCase(true, 10)]
    [TestCase(false, 0)]
    public void NonInvite_NoResponse_TimerERetransmitsUpToT2UntilTimerF(bool udp, int retransmissions)
    {
        var b = new TransactionBench(udp);
        b.Uas.BeginSilence();
        long branch = b.Uac.Send(SipMethod.Bye);
        b.Simulation.RunUntil(Ms(100));
        Assert.That(b.Uac.Clients.StateOf(branch), Is.EqualTo(TransactionState.Trying));

        b.Simulation.Run();

        // Timer E: 0.5, 1.5, 3.5, 7.5, then every T2 = 4 s (11.5 … 31.5) until Timer F at 32 s: the user hears a 408.
        Assert.That(b.Uac.Retransmissions, Is.EqualTo(retransmissions));
        Assert.That(b.Uac.Finals, Is.EqualTo(new[] { (StatusCodes.RequestTimeout, S(32)) }));
        Assert.That(b.Uac.HeldState, Is.Zero);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void NonInvite_Final_CompletedAbsorbsCopiesForTimerK(bool udp)
    {
        var b = new TransactionBench(udp);
        long branch = b.Uac.Send(SipMethod.Bye);

        b.Simulation.RunUntil(Ms(100));
        Assert.That(b.Uac.Clients.StateOf(branch), Is.EqualTo(udp ? TransactionState.Completed : TransactionState.None), "Timer K: T4 over UDP, 0 over TCP");
        Assert.That(b.Uas.Servers.StateOf(branch), Is.EqualTo(udp ? TransactionState.Completed : TransactionState.None), "Timer J: 64·T1 over UDP, 0 over TCP");
        b.Simulation.RunUntil(Ms(100) + SipTimers.Default.T4);
        Assert.That(b.Uac.Clients.StateOf(branch), Is.EqualTo(TransactionState.None));
        b.Simulation.Run();

        Assert.That(b.Uac.Finals.Select(f => f.Status), Is.EqualTo(new[] { StatusCodes.Ok }));
        Assert.That(b.Uac.HeldState + b.Uas.HeldState, Is.Zero);
    }

    [Test]
    public void NonInvite_ResponseLost_RetransmissionAnsweredAgainAndUserSeesOneRequest()
    {
        var b = new TransactionBench(udp: true);
        Lose(b.UacIn, 1); // the 200 to the BYE is lost
        b.Uac.Send(SipMethod.Bye);

        b.Simulation.Run();

        Assert.That(b.Uas.Requests, Is.EqualTo(new[] { SipMethod.Bye }), "the copy is absorbed by the server transaction");
        Assert.That(b.Uac.Finals.Select(f => f.Status), Is.EqualTo(new[] { StatusCodes.Ok }));
        Assert.That(b.Uac.Retransmissions, Is.EqualTo(1));
        Assert.That(b.Uac.HeldState + b.Uas.HeldState, Is.Zero);
    }
}
