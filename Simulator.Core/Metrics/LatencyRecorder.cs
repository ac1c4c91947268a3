using HdrHistogram;

namespace CpmSim.Core.Metrics;

/// <summary>
/// Latencies in nanoseconds: an HdrHistogram in microseconds (1 µs … 1 h, 3 significant digits) for
/// percentiles and the maximum, plus the exact sum and count for the mean.
/// </summary>
public sealed class LatencyRecorder
{
    /// <summary>Largest recordable value: 1 hour, in microseconds.</summary>
    public const long MaxMicroseconds = 3_600_000_000;

    public LongHistogram Histogram { get; } = new(MaxMicroseconds, 3);

    public long Count { get; private set; }

    public double SumNs { get; private set; }

    /// <summary>Exact mean in nanoseconds; NaN when empty.</summary>
    public double MeanNs => Count == 0 ? double.NaN : SumNs / Count;

    public double MeanMs => MeanNs / 1e6;

    public void Record(long ns)
    {
        Count++;
        SumNs += ns;
        Histogram.RecordValue(Math.Clamp(ns / 1000, 0, MaxMicroseconds));
    }

    /// <summary>The value at percentile <paramref name="p"/> (0–100) in milliseconds (highest value equivalent at 3 digits); NaN when empty.</summary>
    public double PercentileMs(double p) => Count == 0 ? double.NaN : Histogram.GetValueAtPercentile(p) / 1000.0;

    public double MaxMs => Count == 0 ? double.NaN : Histogram.GetMaxValue() / 1000.0;

    /// <summary>Adds another recorder's samples (e.g. pooling replications).</summary>
    public void Add(LatencyRecorder other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Histogram.Add(other.Histogram);
        Count += other.Count;
        SumNs += other.SumNs;
    }

    public void Reset()
    {
        Histogram.Reset();
        Count = 0;
        SumNs = 0;
    }
}
