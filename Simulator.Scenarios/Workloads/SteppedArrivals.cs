using System.Globalization;
using CpmSim.Core.Kernel;
using CpmSim.Core.Random;

namespace CpmSim.Scenarios.Workloads;

/// <summary>
/// A stepped ramp of Poisson arrivals: <c>(rate, duration)</c> steps one after another, as in the
/// ETSI TS 186 008 capacity method. No arrivals after the last step. With <c>poisson: false</c>,
/// arrivals within a step are evenly spaced at its rate instead (the first one gap after the step begins).
/// </summary>
public sealed class SteppedArrivals : ArrivalProcess
{
    private readonly (double Rate, long EndNs)[] _steps;
    private readonly bool _poisson;

    public SteppedArrivals(IReadOnlyList<(double Rate, SimTime Duration)> steps, bool poisson = true)
    {
        _poisson = poisson;
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0)
        {
            throw new ArgumentException("A ramp needs at least one step.", nameof(steps));
        }

        long end = 0;
        _steps = new (double, long)[steps.Count];
        for (int i = 0; i < steps.Count; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(steps[i].Rate);
            end += steps[i].Duration.Nanoseconds;
            _steps[i] = (steps[i].Rate, end);
        }

        Steps = steps;
    }

    public IReadOnlyList<(double Rate, SimTime Duration)> Steps { get; }

    public long EndNs => _steps[^1].EndNs;

    /// <summary>When step <paramref name="index"/> ends, nanoseconds from the start.</summary>
    public long StepEndNs(int index) => _steps[index].EndNs;

    /// <summary>The index of the step in force at <paramref name="nowNs"/>, or -1 after the ramp.</summary>
    public int StepAt(long nowNs)
    {
        for (int i = 0; i < _steps.Length; i++)
        {
            if (nowNs < _steps[i].EndNs)
            {
                return i;
            }
        }

        return -1;
    }

    public override long NextGapNs(RandomStream random, long nowNs)
    {
        // Poisson within a step; at a step boundary the process restarts at the new rate
        // (memorylessness makes this exact).
        long t = nowNs;
        while (true)
        {
            int i = StepAt(t);
            if (i < 0)
            {
                return -1;
            }

            double rate = _steps[i].Rate;
            if (rate > 0)
            {
                double mean = SimTime.NanosPerSecond / rate;
                long gap = Math.Max(1, (long)Math.Round(_poisson ? random.NextExponential(mean) : mean));
                if (t + gap < _steps[i].EndNs)
                {
                    return t + gap - nowNs;
                }
            }

            t = _steps[i].EndNs;
        }
    }

    public override double RateAt(long nowNs) => StepAt(nowNs) is int i and >= 0 ? _steps[i].Rate : 0;

    public override string Text => (_poisson ? "steps(" : "constant-steps(") + string.Join(", ", Steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Rate}/s for {s.Duration}"))) + ")";
}
