namespace CpmSim.Scenarios.Sip.Transactions;

/// <summary>A transaction as a <see cref="TransactionTable{T}"/> stores it: its timers and its key, read in place.</summary>
internal interface ITransactionEntry<T>
    where T : struct
{
    /// <summary>The transaction's timers.</summary>
    static abstract ref TransactionTimerSet TimersOf(ref T transaction);

    /// <summary>The transaction's key in the index (<see cref="ClientTransactions.Key"/>).</summary>
    static abstract long KeyOf(in T transaction);
}
