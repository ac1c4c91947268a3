using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Scenarios.Load;

/// <summary>
/// The measured effect of one fault in one run (<c>faults.csv</c>): the sessions it affected (those in
/// progress at some time while it lasted), the success ratio (handled share, see <see cref="Timeline"/>)
/// of the sessions it could not touch — started after the warm-up, ended before it began — and of those
/// started during it, and its recovery time:
/// from the fault's end to the start of the first second at or after it whose sessions' success ratio
/// is back within 1 percentage point of the level before the fault (NaN for a fault that lasts to the
/// end of the run; +∞ when the ratio never came back).
/// </summary>
public sealed record FaultImpact(int Number, FaultDefinition Fault, long SessionsAffected, double SuccessRatioBefore, double SuccessRatioDuring, double RecoveryTimeSeconds)
{
    /// <summary>How close to the level before the fault the success ratio must come back (1 percentage point).</summary>
    public const double RecoveryTolerance = 0.01;

    /// <summary>Measures <paramref name="fault"/> on a finished run.</summary>
    /// <param name="before">The success ratio of the sessions that ended before the fault began (NaN: none).</param>
    public static FaultImpact Measure(int number, FaultDefinition fault, Timeline timeline, long affected, double before)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentNullException.ThrowIfNull(timeline);
        long start = fault.At.Nanoseconds;
        long end = fault.EndNs;
        double level = double.IsNaN(before) ? 1 : before;
        double during = timeline.SuccessRatio(start, end == long.MaxValue ? long.MaxValue / 2 : end);
        double recovery = double.NaN;
        if (end != long.MaxValue)
        {
            recovery = double.PositiveInfinity;
            foreach ((long second, Timeline.Second b) in timeline.Seconds())
            {
                if (second >= end / SimTime.NanosPerSecond && b.SuccessRatio >= level - RecoveryTolerance)
                {
                    recovery = Math.Max(0, (second * SimTime.NanosPerSecond) - end) / 1e9;
                    break;
                }
            }
        }

        return new FaultImpact(number, fault, affected, before, during, recovery);
    }
}
