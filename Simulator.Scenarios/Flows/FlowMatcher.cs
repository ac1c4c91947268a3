namespace CpmSim.Scenarios.Flows;

/// <summary>
/// Checks a session's trace against its expected flow and labels each record with its step.
/// Rules: ACKs and provisional responses are never numbered. A record that no step of the flow
/// could ever match (another message, another role pair, an action the flow does not name) is
/// context and is skipped. Every other record must be the next expected item, in order, from the
/// first item on; records before the first item's match belong to the session's earlier life, and
/// records after the last item to its later life. The first record that breaks the order, or a flow
/// that the trace leaves unfinished, is the mismatch.
/// </summary>
public static class FlowMatcher
{
    public static FlowMatch Match(FlowDefinition flow, IReadOnlyList<ObservedRecord> records)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(records);
        var labelled = new List<ObservedRecord>(records.Count);
        int next = 0;
        FlowMismatch? mismatch = null;
        foreach (ObservedRecord r in records)
        {
            if (mismatch is not null || next >= flow.Steps.Count || r.Unnumbered || !flow.Steps.Any(s => Matches(s, r)))
            {
                labelled.Add(r);
                continue;
            }

            FlowStep expected = flow.Steps[next];
            if (Matches(expected, r))
            {
                labelled.Add(r with { Step = expected.Step });
                next++;
            }
            else if (next == 0)
            {
                labelled.Add(r); // before the flow begins
            }
            else
            {
                mismatch = new FlowMismatch(expected, r, r.SentNs);
                labelled.Add(r);
            }
        }

        if (mismatch is null && next < flow.Steps.Count)
        {
            long end = records.Count == 0 ? 0 : records[^1].SentNs;
            mismatch = new FlowMismatch(flow.Steps[next], null, end);
        }

        return new FlowMatch(flow, labelled, mismatch);
    }

    /// <summary>True when <paramref name="record"/> is what <paramref name="step"/> expects.</summary>
    public static bool Matches(FlowStep step, ObservedRecord record)
    {
        if (step.Kind != record.Kind || !string.Equals(step.Name, record.Name, StringComparison.Ordinal))
        {
            return false;
        }

        return step.Kind switch
        {
            FlowItemKind.Send => step.From == record.FromRole && step.To == record.ToRole,
            FlowItemKind.Action => step.From == record.FromRole,
            _ => ((step.From == record.FromRole && step.To == record.ToRole) || (step.From == record.ToRole && step.To == record.FromRole))
                 && step.Media.All(m => record.Rendering.Contains(m, StringComparison.OrdinalIgnoreCase)),
        };
    }
}
