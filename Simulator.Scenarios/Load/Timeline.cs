using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Cpm;

namespace CpmSim.Scenarios.Load;

/// <summary>
/// A run second by second (<c>timeline.csv</c>): the sessions that started in each second of virtual
/// time, how many of them were handled (ended <see cref="SessionOutcome.Success"/> or
/// <see cref="SessionOutcome.FileRejected"/>, the network's correct answers, as for the IHS count), and
/// their mean set-up and modification delays. Only seconds in which a session started are kept, so
/// memory grows at most with the sessions, however long the run's virtual time.
/// </summary>
public sealed class Timeline
{
    private readonly Dictionary<long, Second> _seconds = [];
    private long _last = -1;

    /// <summary>Seconds in which a session started.</summary>
    public int Count => _seconds.Count;

    /// <summary>The last second in which a session started (-1: none).</summary>
    public long Last => _last;

    /// <summary>The seconds in which a session started, in order.</summary>
    public IEnumerable<(long Second, Second Bucket)> Seconds() => _seconds.OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value));

    /// <summary>The second <paramref name="second"/>, or null when no session started in it.</summary>
    public Second? At(long second) => _seconds.GetValueOrDefault(second);

    /// <summary>Whether a session of this outcome counts as handled (a success for the success ratio).</summary>
    public static bool IsHandled(SessionOutcome outcome) => outcome is SessionOutcome.Success or SessionOutcome.FileRejected;

    /// <summary>Adds an ended session to the second it started in.</summary>
    public void Add(SessionRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        long s = Math.Max(0, r.InviteSentNs) / SimTime.NanosPerSecond;
        if (!_seconds.TryGetValue(s, out Second? b))
        {
            b = new Second();
            _seconds.Add(s, b);
            _last = Math.Max(_last, s);
        }

        b.Started++;
        if (IsHandled(r.Outcome))
        {
            b.Handled++;
        }

        if (r.EstablishedNs >= 0)
        {
            b.SetupDelayNs += r.EstablishedNs - r.InviteSentNs;
            b.Established++;
        }

        if (r.ModificationAnsweredNs >= 0)
        {
            b.ModificationDelayNs += r.ModificationAnsweredNs - r.ModificationSentNs;
            b.Modified++;
        }
    }

    /// <summary>Handled share of the sessions started in [<paramref name="fromNs"/>, <paramref name="toNs"/>) by whole seconds (NaN: none started).</summary>
    public double SuccessRatio(long fromNs, long toNs)
    {
        long started = 0, handled = 0;
        long first = Math.Max(0, fromNs / SimTime.NanosPerSecond);
        long last = toNs / SimTime.NanosPerSecond + (toNs % SimTime.NanosPerSecond == 0 ? 0 : 1);
        foreach (KeyValuePair<long, Second> kv in _seconds)
        {
            if (kv.Key >= first && kv.Key < last)
            {
                started += kv.Value.Started;
                handled += kv.Value.Handled;
            }
        }

        return started == 0 ? double.NaN : (double)handled / started;
    }

    /// <summary>One second of the run.</summary>
    public sealed class Second
    {
        public long Started { get; internal set; }

        public long Handled { get; internal set; }

        public long Established { get; internal set; }

        public long Modified { get; internal set; }

        public double SetupDelayNs { get; internal set; }

        public double ModificationDelayNs { get; internal set; }

        public double SuccessRatio => Started == 0 ? double.NaN : (double)Handled / Started;

        public double SetupDelayMeanMs => Established == 0 ? double.NaN : SetupDelayNs / Established / 1e6;

        public double ModificationDelayMeanMs => Modified == 0 ? double.NaN : ModificationDelayNs / Modified / 1e6;
    }
}
