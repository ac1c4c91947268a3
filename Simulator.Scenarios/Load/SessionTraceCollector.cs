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
/// </summary>
internal sealed class SessionTraceCollector(FlowDefinition flow, IReadOnlyDictionary<string, string> roles, RunMetrics metrics) : ITraceSink
{
    private readonly Dictionary<long, List<TraceRecord>> _open = [];
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
        if (!_open.Remove(session, out List<TraceRecord>? records) || !counted || !modified)
        {
            return; // the flow is about the modification: sessions that never tried one are not judged
        }

        metrics.SampledSessions++;
        FlowMatch match = FlowMatcher.Match(flow, [.. records.Select(r => ObservedRecord.From(r, roles))]);
        if (!match.Conforms)
        {
            return;
        }

        metrics.SampledConforming++;
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
