using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Replay;

namespace CpmSim.Scenarios.Compare;

/// <summary>
/// Two replays side by side: their numbered records aligned (a longest common subsequence of
/// "message from → to", so the same message at the same hop pairs up even where the two flows number it
/// differently), the first difference, message counts per node and per hop, and the delays a standards
/// engineer compares (set-up, modification, new session for the added media).
/// </summary>
public sealed class FlowComparison
{
    private FlowComparison(ReplayResult a, ReplayResult b, IReadOnlyList<AlignedRow> rows)
    {
        A = a;
        B = b;
        Rows = rows;
    }

    public ReplayResult A { get; }

    public ReplayResult B { get; }

    public IReadOnlyList<AlignedRow> Rows { get; }

    /// <summary>The first row that is not the same message with the same step on both sides; null when the flows agree.</summary>
    public AlignedRow? FirstDifference => Rows.FirstOrDefault(r => r.Status != AlignedStatus.Same);

    public static FlowComparison Of(ReplayResult a, ReplayResult b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var na = a.Records.Where(r => r.Step is not null).ToList();
        var nb = b.Records.Where(r => r.Step is not null).ToList();
        string Key(ObservedRecord r) => $"{r.Kind}|{r.Name}|{r.FromRole}|{r.ToRole}";

        // Longest common subsequence of the keys.
        var len = new int[na.Count + 1, nb.Count + 1];
        for (int i = na.Count - 1; i >= 0; i--)
        {
            for (int j = nb.Count - 1; j >= 0; j--)
            {
                len[i, j] = Key(na[i]) == Key(nb[j]) ? len[i + 1, j + 1] + 1 : Math.Max(len[i + 1, j], len[i, j + 1]);
            }
        }

        var rows = new List<AlignedRow>();
        int x = 0, y = 0;
        while (x < na.Count || y < nb.Count)
        {
            if (x < na.Count && y < nb.Count && Key(na[x]) == Key(nb[y]))
            {
                rows.Add(new AlignedRow(na[x], nb[y], na[x].Step == nb[y].Step && na[x].Rendering == nb[y].Rendering ? AlignedStatus.Same : AlignedStatus.Differs));
                x++;
                y++;
            }
            else if (y >= nb.Count || (x < na.Count && len[x + 1, y] >= len[x, y + 1]))
            {
                rows.Add(new AlignedRow(na[x++], null, AlignedStatus.OnlyA));
            }
            else
            {
                rows.Add(new AlignedRow(null, nb[y++], AlignedStatus.OnlyB));
            }
        }

        return new FlowComparison(a, b, rows);
    }

    /// <summary>Messages sent by each node: (node, count in A, count in B), nodes in order of first appearance.</summary>
    public IReadOnlyList<(string Key, int A, int B)> PerNode => Counts(r => r.FromNode);

    /// <summary>Messages per hop <c>from → to</c>: (hop, count in A, count in B).</summary>
    public IReadOnlyList<(string Key, int A, int B)> PerHop => Counts(r => $"{r.FromNode} → {r.ToNode}");

    private List<(string Key, int A, int B)> Counts(Func<ObservedRecord, string> key)
    {
        var sa = A.Records.Where(r => r.Kind == FlowItemKind.Send).GroupBy(key).ToDictionary(g => g.Key, g => g.Count());
        var sb = B.Records.Where(r => r.Kind == FlowItemKind.Send).GroupBy(key).ToDictionary(g => g.Key, g => g.Count());
        return [.. sa.Keys.Concat(sb.Keys.Where(k => !sa.ContainsKey(k))).Select(k => (k, sa.GetValueOrDefault(k), sb.GetValueOrDefault(k)))];
    }

    /// <summary>The delays of both sessions in nanoseconds (NaN when a session has none): set-up (INVITE → 200), modification (re-INVITE → its answer), new session for the added media (re-INVITE → the new session).</summary>
    public IReadOnlyList<(string Name, double A, double B)> Delays =>
    [
        ("set-up (INVITE → 200)", A.Session.SessionRequestDelayNs, B.Session.SessionRequestDelayNs),
        ("modification (re-INVITE → answer)", A.Session.ModificationDelayNs, B.Session.ModificationDelayNs),
        ("media added (re-INVITE → new session)", MediaAdded(A), MediaAdded(B)),
    ];

    private static double MediaAdded(ReplayResult r) => r.Session.NewSessionNs < 0 || r.Session.ModificationSentNs < 0 ? double.NaN : r.Session.NewSessionNs - r.Session.ModificationSentNs;
}
