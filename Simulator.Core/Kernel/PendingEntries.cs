namespace CpmSim.Core.Kernel;

/// <summary>Helpers the pending-event sets share.</summary>
internal static class PendingEntries
{
    /// <summary>
    /// Moves the entries of <c>items[from..end)</c> whose key <paramref name="remove"/> does not select
    /// to the start of the array, in order (the sweep of cancelled events); returns how many were kept.
    /// </summary>
    public static int KeepUnselected(PendingEntry[] items, int from, int end, Predicate<long> remove)
    {
        int kept = 0;
        for (int i = from; i < end; i++)
        {
            PendingEntry entry = items[i];
            if (!remove(entry.Key))
            {
                items[kept++] = entry;
            }
        }

        return kept;
    }
}
