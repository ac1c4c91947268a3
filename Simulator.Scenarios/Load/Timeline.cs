using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Cpm;

namespace CpmSim.Scenarios.Load;

/// <summary>
/// A run second by second (<c>timeline.csv</c>): the sessions that started in each second of virtual
/// time, how many of them were handled (ended <see cref="SessionOutcome.Success"/> or
/// <see cref="SessionOutcome.FileRejected"/>, the network's correct answers, as for the IHS count), and
/// their mean set-up and modification delays. Memory grows with the run's virtual length in seconds,
/// not with its sessions.
/// </summary>
public sealed class Timeline
{
    private readonly List<Second> _seconds = [];

    /// <summary>The seconds from 0 to the last one in which a session started.</summary>
    public int Count => _seconds.Count;

    public Second this[int second] => _seconds[second];

    /// <summary>Whether a session of this outcome counts as handled (a success for the success ratio).</summary>
    public static bool IsHandled(SessionOutcome outcome) => outcome is SessionOutcome.Success or SessionOutcome.FileRejected;

    /// <summary>Adds an ended session to the second it started in.</summary>
    public void Add(SessionRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        int s = (int)Math.Min(int.MaxValue - 1, Math.Max(0, r.InviteSentNs) / SimTime.NanosPerSecond);
        while (_seconds.Count <= s)
        {
            _seconds.Add(new Second());
        }

        Second b = _seconds[s];
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
        int first = (int)Math.Max(0, fromNs / SimTime.NanosPerSecond);
        long last = Math.Min(_seconds.Count, (toNs + SimTime.NanosPerSecond - 1) / SimTime.NanosPerSecond);
        for (int s = first; s < last; s++)
        {
            started += _seconds[s].Started;
            handled += _seconds[s].Handled;
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
