using CpmSim.Core.Metrics;

namespace CpmSim.Tests.Metrics;

public class BoundedTimeSeriesTests
{
    [Test]
    public void Buckets_ValueSpanningBuckets_ExactMeanAndMaxPerBucket_ThenMergedWhenFull()
    {
        var series = new BoundedTimeSeries(capacity: 4, initialWidthNs: 10);
        series.Set(5, 2);
        series.Set(25, 0);

        Assert.That(series.Buckets(40), Is.EqualTo(new[]
        {
            new TimeSeriesBucket(0, 10, 1.0, 2),
            new TimeSeriesBucket(10, 20, 2.0, 2),
            new TimeSeriesBucket(20, 30, 1.0, 2),
            new TimeSeriesBucket(30, 40, 0.0, 0),
        }));

        series.Set(45, 1); // past the fourth bucket: pairs merge, the width doubles
        Assert.That(series.WidthNs, Is.EqualTo(20));
        Assert.That(series.Buckets(50), Is.EqualTo(new[]
        {
            new TimeSeriesBucket(0, 20, 1.5, 2),
            new TimeSeriesBucket(20, 40, 0.5, 2),
            new TimeSeriesBucket(40, 50, 0.5, 1),
        }));
    }

    [Test]
    public void Set_LongRunWithManyChanges_AtMostCapacityBuckets_IntegralAndMaxExact()
    {
        // A queue that changes a million times over ~10^16 ns (about 3,000 h, long idle gaps):
        // the buckets stay within capacity, and together they hold the exact integral and maximum
        // that the time-weighted value computes at every change.
        var series = new BoundedTimeSeries(capacity: 64, initialWidthNs: 1_000);
        var reference = new TimeWeightedValue { Series = series };
        var draws = new System.Random(3);
        long now = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            now += draws.Next(10) == 0 ? draws.NextInt64(1, 100_000_000_000) : draws.Next(1, 1_000);
            reference.Set(now, draws.Next(4) == 0 ? 0 : draws.Next(0, 50));
        }

        long end = now + 12_345;
        IReadOnlyList<TimeSeriesBucket> buckets = series.Buckets(end);

        Assert.That(buckets, Has.Count.InRange(33, 64));
        Assert.That(buckets[0].StartNs, Is.Zero);
        Assert.That(buckets[^1].EndNs, Is.EqualTo(end));
        Assert.That(buckets.Zip(buckets.Skip(1)).All(p => p.First.EndNs == p.Second.StartNs), "contiguous");
        double area = buckets.Sum(b => b.Mean * (b.EndNs - b.StartNs));
        Assert.That(area, Is.EqualTo(reference.Integral(end)).Within(1e-6).Percent);
        Assert.That(buckets.Max(b => b.Max), Is.EqualTo(reference.Max));
        Assert.That(buckets.All(b => b.Max >= b.Mean - 1e-9), "a bucket's maximum is at least its mean");
    }

    [Test]
    public void Buckets_RunEndsAtTheEndOfTheClock_BoundedAndExact()
    {
        // A run can end at SimTime.MaxValue (times past the clock saturate there): bucket ends must
        // not overflow and the series keeps its bound.
        var series = new BoundedTimeSeries(64);
        series.Set(0, 2);
        series.Set(long.MaxValue / 2, 0);
        series.Set(long.MaxValue - 1, 4);
        IReadOnlyList<TimeSeriesBucket> buckets = series.Buckets(long.MaxValue);

        Assert.That(buckets, Has.Count.InRange(1, 64));
        Assert.That(buckets[^1].EndNs, Is.EqualTo(long.MaxValue));
        Assert.That(buckets.Max(b => b.Max), Is.EqualTo(4));
        double area = buckets.Sum(b => b.Mean * (double)(b.EndNs - b.StartNs));
        Assert.That(area, Is.EqualTo((2.0 * (long.MaxValue / 2)) + 4).Within(1e-9).Percent);
    }

    [Test]
    public void Constructor_OddOrTinyCapacity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BoundedTimeSeries(capacity: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BoundedTimeSeries(capacity: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BoundedTimeSeries(initialWidthNs: 0));
    }
}
