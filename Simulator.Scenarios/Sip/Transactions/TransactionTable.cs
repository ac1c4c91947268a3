using System.Runtime.CompilerServices;
using CpmSim.Core.Kernel;

namespace CpmSim.Scenarios.Sip.Transactions;

/// <summary>
/// The transactions of one side (client or server) of a node: values in a <see cref="SlotTable{T}"/>,
/// an index from key (branch, CANCEL or not) to slot, and what both machines do the same way at their
/// end — linger in a completed state for Timer D, I, J, K or M (absorbing copies), then end: every
/// timer stopped, the index entry and the slot freed.
/// </summary>
internal sealed class TransactionTable<T>
    where T : struct, ITransactionEntry<T>
{
    private readonly SipNode _node;
    private readonly int _timerKind;
    private readonly SlotTable<T> _slots = new();

    public TransactionTable(SipNode node, int timerKind)
    {
        _node = node;
        _timerKind = timerKind;
    }

    /// <summary>Key (<see cref="ClientTransactions.Key"/>) to slot.</summary>
    public Dictionary<long, int> Index { get; } = [];

    /// <summary>Transactions held.</summary>
    public int Count => _slots.Count;

    public ref T this[int slot]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _slots[slot];
    }

    /// <summary>Takes a free slot for a new transaction (the caller indexes it).</summary>
    public int Add() => _slots.Add();

    public long HandleOf(int slot) => _slots.HandleOf(slot);

    public bool TryResolve(long handle, out int slot) => _slots.TryResolve(handle, out slot);

    /// <summary>
    /// Starts the linger timer of a finished transaction (Timer D, I, J, K or M); false when
    /// <paramref name="linger"/> is zero (reliable transport, no copy can come): the caller ends it now.
    /// </summary>
    public bool Linger(int slot, SimTime linger) => T.TimersOf(ref _slots[slot]).StartLinger(_node, _timerKind, _slots.HandleOf(slot), linger);

    /// <summary>
    /// Whether the time-out (<see cref="TransactionTimerSet.Timeout"/> or <see cref="TransactionTimerSet.Extra"/>)
    /// of the transaction and timer that <paramref name="data"/> names (<see cref="TransactionTimerSet.Data"/>),
    /// numbered <paramref name="sequence"/>, still stands: the transaction exists and still holds that number.
    /// </summary>
    public bool TimeoutStands(long data, long sequence) =>
        _slots.TryResolve(data >> 2, out int slot) && T.TimersOf(ref _slots[slot]).Holds((int)(data & 3), sequence);

    /// <summary>Ends a transaction: its timers stop, its index entry and slot are freed.</summary>
    public void End(int slot)
    {
        ref T t = ref _slots[slot];
        T.TimersOf(ref t).StopAll(_node);
        Index.Remove(T.KeyOf(t));
        _slots.Remove(slot);
    }

    /// <summary>The node crashed: every transaction is gone (its timers died with it).</summary>
    public void Clear()
    {
        _slots.Clear();
        Index.Clear();
    }
}
