namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// The default ISF policy (<c>policy: preference</c>): among the IWFs the query admits, those of the
/// operator's most preferred service (<see cref="Isf.Preference"/>); among them — the instances of one
/// IWF group — the one picked by session id (or in turn, with that group's <c>balance: round-robin</c>),
/// or, when that one failed recently (<see cref="Isf.Health"/>), the next of them that did not.
/// </summary>
internal sealed class PreferencePolicy : IIsfPolicy
{
    public const string Name = "preference";

    private long _next;

    public int Select(Isf isf, in IwfQuery query)
    {
        // Plain loops: this runs for every invitation of a load run.
        List<IwfRegistration> iwfs = isf.Iwfs;
        int bestRank = int.MaxValue;
        int count = 0;
        for (int i = 0; i < iwfs.Count; i++)
        {
            if (query.Admits(iwfs[i]))
            {
                int r = Rank(isf, iwfs[i]);
                if (r <= bestRank)
                {
                    count = r < bestRank ? 1 : count + 1;
                    bestRank = r;
                }
            }
        }

        if (count == 0)
        {
            return -1;
        }

        int pick = (int)((BalanceOf(isf, bestRank, query) == BalancePolicy.RoundRobin ? _next++ : query.Session) % count);
        int first = NthCandidate(isf, query, bestRank, pick);
        if (isf.Health.AllHealthy || !isf.Health.IsAvoided(iwfs[first].Node, query.Now))
        {
            return first;
        }

        for (int k = 1; k < count; k++)
        {
            int i = NthCandidate(isf, query, bestRank, (pick + k) % count);
            if (!isf.Health.IsAvoided(iwfs[i].Node, query.Now))
            {
                return i;
            }
        }

        return first; // every candidate failed recently: as if none had
    }

    private static int NthCandidate(Isf isf, in IwfQuery query, int rank, int n)
    {
        for (int i = 0; i < isf.Iwfs.Count; i++)
        {
            if (query.Admits(isf.Iwfs[i]) && Rank(isf, isf.Iwfs[i]) == rank && n-- == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The <c>balance:</c> of the instances of the chosen rank (those of one IWF group).</summary>
    private static BalancePolicy BalanceOf(Isf isf, int rank, in IwfQuery query)
    {
        foreach (IwfRegistration i in isf.Iwfs)
        {
            if (Rank(isf, i) == rank && query.Admits(i))
            {
                return i.Balance;
            }
        }

        return BalancePolicy.SessionHash;
    }

    private static int Rank(Isf isf, IwfRegistration i) => isf.Preference.IndexOf(i.Profile.Service) is int p && p >= 0 ? p : int.MaxValue - 1;
}
