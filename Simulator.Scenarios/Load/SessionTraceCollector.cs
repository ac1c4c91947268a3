using CpmSim.Core.Tracing;
using CpmSim.Scenarios.Flows;

namespace CpmSim.Scenarios.Load;

/// <summary>
/// Buffers the trace of each sampled session until it ends, then matches it against the flow and
/// records how long each step took since the previous numbered step. Memory holds only the
/// sessions in progress: sessions are numbered in the order they start, and a session's first
/// record is its INVITE at the start, so a record of a session numbered at or below the latest one
/// opened that is not open any more comes after the session ended (a 200 to a BYE further down, a
/// retransmission) and is dropped instead of opening a trace that nothing would close.
/// With a flow mix (the scenario's <c>flows:</c>), every sampled session — with or without a
/// modification — is classified against the declared flows (<see cref="FlowMix"/>), and
/// <see cref="RunMetrics.SampledConforming"/> counts those that match any; without one, only sessions
/// that tried a modification are judged, against <paramref name="flow"/>. Step delays come from sessions
/// that follow <paramref name="flow"/>.
/// </summary>
internal sealed class SessionTraceCollector(FlowDefinition flow, IReadOnlyDictionary<string, string> roles, RunMetrics metrics, IReadOnlyList<FlowDefinition>? mix = null) : ITraceSink
{
    private readonly Dictionary<long, List<TraceRecord>> _open = InitialCounts(metrics, mix);
    private long _latestOpened = long.MinValue;

    /// <summary>Sessions whose trace is buffered (in progress).</summary>
    public int OpenSessions => _open.Count;

    public void Record(TraceRecord record)
    {
        if (!_open.TryGetValue(record.SessionId, out List<TraceRecord>? list))
        {
            if (record.SessionId <= _latestOpened)
            {
                return; // after its session ended
            }

            _latestOpened = record.SessionId;
            list = [];
            _open.Add(record.SessionId, list);
        }

        list.Add(record);
    }

    /// <summary>The session ended: match its trace and, when counted, record its step delays.</summary>
    public void Finish(long session, bool counted, bool modified)
    {
        if (!_open.Remove(session, out List<TraceRecord>? records) || !counted)
        {
            return;
        }

        if (mix is not { Count: > 0 })
        {
            if (!modified)
            {
                return; // the flow is about the modification: sessions that never tried one are not judged
            }

            metrics.SampledSessions++;
            FlowMatch only = FlowMatcher.Match(flow, [.. records.Select(r => ObservedRecord.From(r, roles))]);
            if (only.Conforms)
            {
                metrics.SampledConforming++;
                RecordSteps(only);
            }

            return;
        }

        metrics.SampledSessions++;
        ObservedRecord[] observed = [.. records.Select(r => ObservedRecord.From(r, roles))];
        FlowMatch? main = modified ? FlowMatcher.Match(flow, observed) : null;
        string? matched = null;
        var misses = new List<string>();
        foreach (FlowDefinition f in mix)
        {
            if (f.Name == FlowMix.NoModification)
            {
                if (!modified)
                {
                    matched = f.Name;
                    break;
                }

                misses.Add($"{FlowMix.NoModification}: a modification was sent");
                continue;
            }

            if (!modified)
            {
                misses.Add($"{f.Name}: no modification was sent");
                continue;
            }

            FlowMatch m = f.Name == flow.Name ? main! : FlowMatcher.Match(f, observed);
            if (m.Conforms)
            {
                matched = f.Name;
                break;
            }

            misses.Add($"{f.Name}: {m.Mismatch}");
        }

        string cls = matched ?? FlowMix.Unexplained;
        metrics.FlowCounts[cls] = metrics.FlowCounts.GetValueOrDefault(cls) + 1;
        if (matched is null)
        {
            if (metrics.FlowMismatches.Count < FlowMix.MismatchesKept)
            {
                metrics.FlowMismatches.Add($"session {session.ToString(System.Globalization.CultureInfo.InvariantCulture)} matches no declared flow; first mismatch against each: {string.Join("; ", misses)}");
            }

            return;
        }

        metrics.SampledConforming++;
        if (main is { Conforms: true })
        {
            RecordSteps(main);
        }
    }

    /// <summary>Every class of the mix at zero, in declared order (so flows.csv lists them all, in that order); an empty buffer.</summary>
    private static Dictionary<long, List<TraceRecord>> InitialCounts(RunMetrics metrics, IReadOnlyList<FlowDefinition>? mix)
    {
        foreach (string name in (mix ?? []).Select(f => f.Name).Append(FlowMix.Unexplained).Where(_ => mix is { Count: > 0 }))
        {
            metrics.FlowCounts[name] = 0;
        }

        return [];
    }

    private void RecordSteps(FlowMatch match)
    {
        long previous = -1;
        foreach (ObservedRecord r in match.Numbered)
        {
            long at = r.Kind == FlowItemKind.Send ? r.ReceivedNs : r.SentNs;
            if (previous >= 0)
            {
                if (!metrics.StepDelays.TryGetValue(r.Step!, out HdrHistogram.LongHistogram? h))
                {
                    h = RunMetrics.NewHistogram();
                    metrics.StepDelays.Add(r.Step!, h);
                    metrics.StepOrder.Add(r.Step!);
                }

                h.RecordValue(Math.Clamp((at - previous) / 1000, 0, RunMetrics.MaxMicroseconds));
            }

            previous = at;
        }
    }
}
