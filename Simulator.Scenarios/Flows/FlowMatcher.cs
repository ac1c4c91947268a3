namespace CpmSim.Scenarios.Flows;

/// <summary>
/// Checks a session's trace against its expected flow and labels each record with its step.
/// Rules: ACKs and provisional responses are never numbered, nor are messages lost on a link; a
/// retransmission takes the expected step when it stands in for a lost original and is otherwise
/// skipped as a duplicate. A record the flow does not speak of — a word, action or state no step of
/// its kind uses, or one with an end outside the flow's roles (an SMSC's ack in a flow about the
/// MMSC) — is context and is skipped; a record the flow does speak of (e.g. a Rejected between any
/// two of its roles) takes part in the order. Leading state items are preconditions: each must be
/// recorded before the first non-state item. From the first non-state item on, every other record must be the next
/// expected item, in order; records before it belong to the session's earlier life, and records
/// after the last item to its later life. The first record that breaks the order, a precondition
/// that never held, or a flow that the trace leaves unfinished, is the mismatch.
/// </summary>
public static class FlowMatcher
{
    public static FlowMatch Match(FlowDefinition flow, IReadOnlyList<ObservedRecord> records)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(records);

        // Leading states are preconditions (seed step 1: "there exists an ongoing session"): they must
        // have been reached before the flow's first action or message, in any order relative to the
        // rest of the session's earlier life.
        int firstStrict = 0;
        while (firstStrict < flow.Steps.Count && flow.Steps[firstStrict].Kind == FlowItemKind.State)
        {
            firstStrict++;
        }

        var preconditionHeld = new bool[firstStrict];
        var labelled = new List<ObservedRecord>(records.Count);
        int next = firstStrict;
        FlowMismatch? mismatch = null;
        foreach (ObservedRecord r in records)
        {
            if (mismatch is not null || next >= flow.Steps.Count || r.Unnumbered || r.Lost || !SpeaksOf(flow, r) ||
                (r.Retransmission && !Matches(flow.Steps[next], r)))
            {
                labelled.Add(r);
                continue;
            }

            FlowStep expected = flow.Steps[next];
            bool started = next > firstStrict;
            if (!started)
            {
                int pre = -1;
                for (int i = 0; i < firstStrict && pre < 0; i++)
                {
                    pre = !preconditionHeld[i] && Matches(flow.Steps[i], r) ? i : -1;
                }

                if (pre >= 0)
                {
                    preconditionHeld[pre] = true;
                    labelled.Add(r with { Step = flow.Steps[pre].Step });
                    continue;
                }
            }

            if (Matches(expected, r))
            {
                int missing = Array.IndexOf(preconditionHeld, false);
                if (!started && missing >= 0)
                {
                    mismatch = new FlowMismatch(flow.Steps[missing], r, r.SentNs);
                    labelled.Add(r);
                    continue;
                }

                labelled.Add(r with { Step = expected.Step });
                next++;
            }
            else if (!started)
            {
                labelled.Add(r); // the session's earlier life, before the flow begins
            }
            else
            {
                mismatch = new FlowMismatch(expected, r, r.SentNs);
                labelled.Add(r);
            }
        }

        if (mismatch is null && next < flow.Steps.Count)
        {
            int missing = Array.IndexOf(preconditionHeld, false);
            long end = records.Count == 0 ? 0 : records[^1].SentNs;
            mismatch = new FlowMismatch(flow.Steps[next == firstStrict && missing >= 0 ? missing : next], null, end);
        }

        return new FlowMatch(flow, labelled, mismatch);
    }

    /// <summary>
    /// True when the flow speaks of records like this one: a step of the same kind uses its word (or
    /// action/state name), and both its ends play roles of the flow. Other records are context.
    /// </summary>
    public static bool SpeaksOf(FlowDefinition flow, ObservedRecord record)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(record);
        return flow.Roles.Contains(record.FromRole) && flow.Roles.Contains(record.ToRole) &&
               flow.Steps.Any(s => s.Kind == record.Kind && s.Name == record.Name);
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
