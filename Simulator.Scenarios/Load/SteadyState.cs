using System.Globalization;
using CpmSim.Core.Metrics;

namespace CpmSim.Scenarios.Load;

/// <summary>
/// Whether a run's observation window is in steady state, so that its means and confidence intervals
/// estimate something. A run is <b>not</b> steady when
/// <list type="bullet">
/// <item>MSER-5 over the sessions' delays (in arrival order) puts the end of the transient at the limit
/// of its search, half the window: the delays are still drifting (a backlog that grows), or</item>
/// <item>a node's queue was full in the window (messages dropped or rejected): the load offered to it
/// exceeds what it serves, and its backlog grew until the queue's bound cut it.</item>
/// </list>
/// </summary>
internal static class SteadyState
{
    /// <summary>
    /// A session's observation for the check, in ms: its set-up delay (or, without a 2xx, its time to
    /// its end), or its modification or media-added delay when longer.
    /// </summary>
    public static double Observation(Cpm.SessionRecord r, long nowNs)
    {
        long first = r.EstablishedNs >= 0 ? r.EstablishedNs - r.InviteSentNs : nowNs - r.InviteSentNs;
        long modification = Math.Max(
            r.ModificationAnsweredNs >= 0 ? r.ModificationAnsweredNs - r.ModificationSentNs : 0,
            r.NewSessionNs >= 0 ? r.NewSessionNs - r.ModificationSentNs : 0);
        return Math.Max(first, modification) / 1e6;
    }

    public static void Judge(RunMetrics m, IReadOnlyList<double> delaysByArrival)
    {
        var problems = new List<string>();
        MserResult cut = Mser.Truncation(delaysByArrival);
        m.SteadyStateMser = cut;
        if (cut.AtLimit)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"MSER-5 puts the end of the transient at session {cut.Truncated:N0} of {delaysByArrival.Count:N0}, the limit of its search (half the window): the delays have not settled"));
        }

        foreach (NodeReport n in m.Nodes.Where(n => n.Dropped + n.Rejected > 0))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{n.Node}'s queue was full ({n.Dropped + n.Rejected:N0} messages refused in the window): it is offered more than it serves"));
        }

        m.SteadyStateProblem = problems.Count == 0 ? null : string.Join("; ", problems);
    }
}
