using HdrHistogram;

namespace CpmSim.Scenarios.Load;

/// <summary>
/// A delay metric of one run: an HdrHistogram in microseconds (percentiles to 3 significant
/// digits) plus the exact sum and count for the mean.
/// </summary>
public sealed class DelayMetric
{
    public LongHistogram Histogram { get; } = RunMetrics.NewHistogram();

    public long Count { get; private set; }

    public double SumNs { get; private set; }

    /// <summary>Exact mean in milliseconds; NaN when nothing was recorded.</summary>
    public double MeanMs => Count == 0 ? double.NaN : SumNs / Count / 1e6;

    public void Record(long ns)
    {
        Count++;
        SumNs += ns;
        Histogram.RecordValue(Math.Clamp(ns / 1000, 0, RunMetrics.MaxMicroseconds));
    }
}
