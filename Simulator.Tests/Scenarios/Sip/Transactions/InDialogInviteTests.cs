using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Sip;
using static CpmSim.Tests.Scenarios.Sip.Transactions.TransactionBench;

namespace CpmSim.Tests.Scenarios.Sip.Transactions;

/// <summary>
/// Re-INVITEs on an established dialog, on the layer's own bench: glare (RFC 3261 §14.1/§14.2) and a
/// BYE that ends a dialog under a pending re-INVITE (§15.1.2).
/// </summary>
public class InDialogInviteTests
{
    [TestCase(true)]
    [TestCase(false)]
    public void ReInvitesCrossing_OnOneDialog_BothSidesGet491(bool udp)
    {
        var b = new TransactionBench(udp);
        b.Uac.Send();
        b.Simulation.RunUntil(S(1));
        Assert.That(b.Uac.Finals.Select(f => f.Status), Is.EqualTo(new[] { StatusCodes.Ok }), "the dialog stands");

        b.Uac.ReInvite(); // both sides modify the session in the same instant: the requests cross
        b.Uas.ReInvite();
        b.Simulation.Run();

        Assert.That(b.Uac.Finals.Select(f => f.Status), Is.EqualTo(new[] { StatusCodes.Ok, StatusCodes.RequestPending }));
        Assert.That(b.Uas.OwnFinals.Select(f => f.Status), Is.EqualTo(new[] { StatusCodes.RequestPending }));
        Assert.That((b.Uac.GlareAnswered, b.Uas.GlareAnswered), Is.EqualTo((1, 1)), "each side refused the other's re-INVITE, its own being in progress");
        Assert.That(b.Uac.HeldState + b.Uas.HeldState, Is.Zero);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void ReInvitesCrossing_BothRetryAfterTheRandomWait_EachRetrySucceeds(bool udp)
    {
        var b = new TransactionBench(udp);
        b.Uac.RetryGlare = true;
        b.Uas.RetryGlare = true;
        b.Uac.Send();
        b.Simulation.RunUntil(S(1));

        b.Uac.ReInvite();
        b.Uas.ReInvite();
        b.Simulation.Run();

        // §14.1: the side that does not own the Call-ID (the callee) tries again within 0–2 s, the owner
        // after 2.1–4 s — so the retries do not cross, and both succeed.
        Assert.That(b.Uas.OwnFinals.Select(f => f.Status), Is.EqualTo(new[] { StatusCodes.RequestPending, StatusCodes.Ok }));
        Assert.That(b.Uac.Finals.Select(f => f.Status), Is.EqualTo(new[] { StatusCodes.Ok, StatusCodes.RequestPending, StatusCodes.Ok }));
        SimTime glare = b.Uas.OwnFinals[0].At;
        Assert.That(b.Uas.OwnFinals[1].At - glare, Is.InRange(Ms(20), S(2) + Ms(20)), "callee's retry: 0–2 s after the 491, plus a round trip");
        Assert.That(b.Uac.Finals[2].At - b.Uac.Finals[1].At, Is.InRange(Ms(2100) + Ms(20), S(4) + Ms(20)), "caller's retry: 2.1–4 s after the 491, plus a round trip");
        Assert.That((b.Uac.GlareAnswered, b.Uas.GlareAnswered), Is.EqualTo((1, 1)), "the retries did not cross again");
        Assert.That(b.Uac.HeldState + b.Uas.HeldState, Is.Zero);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Bye_WhileAReInviteIsPendingAtTheB2bua_PendingReInviteAnswered487AndItsLegCancelled(bool udp)
    {
        var b = new TransactionBench(udp, withB2bua: true);
        b.Uac.Send();
        b.Simulation.RunUntil(S(1));
        Assert.That(b.Uac.Finals.Select(f => f.Status), Is.EqualTo(new[] { StatusCodes.Ok }), "the dialog and the leg stand");

        b.Uas.Answer = 0; // the far end of the leg holds the modification
        b.Uac.ReInvite();
        b.Simulation.RunUntil(S(2));
        Assert.That(b.Uac.Finals, Has.Count.EqualTo(1), "the re-INVITE is pending at the B2BUA");

        b.Uac.Bye();
        b.Simulation.Run();

        // The BYE is answered 200 and the pending re-INVITE 487 (RFC 3261 §15.1.2); the B2BUA cancels
        // its leg's re-INVITE (§9.1) and releases the leg with a BYE.
        Assert.That(b.Uac.Finals.Select(f => f.Status), Is.EquivalentTo(new[] { StatusCodes.Ok, StatusCodes.Ok, StatusCodes.RequestTerminated }));
        Assert.That(b.Uas.Cancelled, Is.EqualTo(1));
        Assert.That(b.Uas.Requests, Is.EqualTo(new[] { SipMethod.Invite, SipMethod.Invite, SipMethod.Bye }));
        Assert.That(b.Uac.HeldState + b.B2bua!.HeldState + b.Uas.HeldState, Is.Zero);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void LateCopyOfTheInitialInvite_AfterItsTransactionEnded_IsAbsorbed(bool udp)
    {
        var b = new TransactionBench(udp, withB2bua: true);
        b.Uac.Send();
        b.Simulation.RunUntil(S(60)); // past Timer L (64·T1 = 32 s): the INVITE's server transaction at the B2BUA is over
        int seen = b.Uac.Seen.Count;
        int held = b.B2bua!.HeldState;

        b.Uac.SendLateCopy(); // the same INVITE, same branch, delayed in the network for longer than its transaction lived
        b.Simulation.RunUntil(S(70));

        Assert.That(b.B2bua.Invitations, Is.EqualTo(1), "not taken for a new call");
        Assert.That(b.Uac.Seen.Count, Is.EqualTo(seen), "no answer to the copy: neither 100 nor a 500 as a second INVITE of the call");
        Assert.That(b.B2bua.HeldState, Is.EqualTo(held), "the transaction the copy started is gone");

        b.Uac.Bye();
        b.Simulation.Run();
        Assert.That(b.Uac.HeldState + b.B2bua.HeldState + b.Uas.HeldState, Is.Zero);
    }
}
