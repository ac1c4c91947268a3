using CpmSim.Core.Network;
using CpmSim.Scenarios.Cpm;

namespace CpmSim.Samples.EmailInterworking;

/// <summary>
/// <c>policy: fewest-sessions</c>: of the IWFs the query admits, the one this ISF has given the fewest
/// sessions so far (the first declared on a tie), whatever its service — load spread over services
/// instead of the operator's preference.
/// </summary>
public sealed class FewestSessionsPolicy : IIsfPolicy
{
    public const string Name = "fewest-sessions";

    private readonly Dictionary<NodeId, int> _given = [];

    /// <summary>Sessions given to each IWF instance so far.</summary>
    public IReadOnlyDictionary<NodeId, int> Given => _given;

    public int Select(Isf isf, in IwfQuery query)
    {
        ArgumentNullException.ThrowIfNull(isf);
        int best = -1;
        for (int i = 0; i < isf.Iwfs.Count; i++)
        {
            if (query.Admits(isf.Iwfs[i]) && (best < 0 || _given.GetValueOrDefault(isf.Iwfs[i].Node) < _given.GetValueOrDefault(isf.Iwfs[best].Node)))
            {
                best = i;
            }
        }

        if (best >= 0)
        {
            _given[isf.Iwfs[best].Node] = _given.GetValueOrDefault(isf.Iwfs[best].Node) + 1;
        }

        return best;
    }
}
