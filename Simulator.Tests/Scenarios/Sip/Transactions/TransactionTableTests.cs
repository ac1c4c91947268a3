using CpmSim.Scenarios.Sip;
using CpmSim.Scenarios.Sip.Transactions;
using static CpmSim.Tests.Scenarios.Sip.Transactions.TransactionBench;

namespace CpmSim.Tests.Scenarios.Sip.Transactions;

/// <summary>The end of a transaction, shared by the client and server machines: linger, then end.</summary>
public class TransactionTableTests
{
    [Test]
    public void Linger_Zero_FalseSoTheCallerEndsItNow()
    {
        var b = new TransactionBench(udp: false);
        var table = new TransactionTable<ServerTransaction>(b.Uas, SipNode.ServerTimerKind);
        int slot = Add(table, key: 10);

        Assert.That(table.Linger(slot, CpmSim.Core.Kernel.SimTime.Zero), Is.False);
        Assert.That(b.Simulation.RunEvents(1), Is.False, "no timer was started");
    }

    [Test]
    public void End_WhileLingering_StopsTheTimerAndFreesIndexAndSlot()
    {
        var b = new TransactionBench(udp: true);
        var table = new TransactionTable<ServerTransaction>(b.Uas, SipNode.ServerTimerKind);
        int slot = Add(table, key: 10);
        int other = Add(table, key: 12);

        Assert.That(table.Linger(slot, S(5)), Is.True, "Timer J, say");
        table.End(slot);

        Assert.That(table.Count, Is.EqualTo(1));
        Assert.That(table.Index.Keys, Is.EqualTo(new[] { 12L }));
        Assert.That(table.Index[12], Is.EqualTo(other));
        Assert.That(b.Simulation.RunEvents(1), Is.False, "the linger timer was stopped");
    }

    private static int Add(TransactionTable<ServerTransaction> table, long key)
    {
        int slot = table.Add();
        table[slot].Key = key;
        table.Index[key] = slot;
        return slot;
    }
}
