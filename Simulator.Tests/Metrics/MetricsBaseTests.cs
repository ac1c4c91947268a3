using CpmSim.Core.Metrics;

namespace CpmSim.Tests.Metrics;

public class MetricsBaseTests
{
    [Test]
    public void TimeWeightedValue_StepFunction_MeanIsTheAreaOverTime()
    {
        // 0 on [0,10), 4 on [10,20), 1 on [20,40): area 40 + 20 = 60 over 40 ⇒ 1.5.
        var v = new TimeWeightedValue();
        v.Set(10, 4);
        v.Set(20, 1);

        Assert.That(v.Mean(40), Is.EqualTo(1.5));
        Assert.That(v.Max, Is.EqualTo(4));
        Assert.That(v.Integral(40), Is.EqualTo(60));

        v.Reset(40);          // warm-up deletion keeps the current value (1)
        v.Set(50, 3);         // 1 on [40,50), 3 on [50,60) ⇒ 2
        Assert.That(v.Mean(60), Is.EqualTo(2));
        Assert.That(v.Max, Is.EqualTo(3));
    }

    [Test]
    public void LatencyRecorder_PercentilesWithinThreeSignificantDigits_MeanExact()
    {
        var r = new LatencyRecorder();
        var values = Enumerable.Range(1, 10_000).Select(i => i * 1_000_000L).ToList(); // 1 ms … 10 s
        values.ForEach(r.Record);

        Assert.That(r.MeanMs, Is.EqualTo(5000.5));
        foreach ((double p, double exactMs) in new[] { (50.0, 5000.0), (90.0, 9000.0), (99.0, 9900.0), (99.9, 9990.0), (99.99, 9999.0) })
        {
            Assert.That(r.PercentileMs(p), Is.EqualTo(exactMs).Within(0.1).Percent, $"p{p}");
        }

        Assert.That(r.MaxMs, Is.EqualTo(10_000).Within(0.1).Percent);
        var other = new LatencyRecorder();
        other.Record(20_000_000_000);
        r.Add(other);
        Assert.That((r.Count, r.MaxMs), Is.EqualTo((10_001L, r.MaxMs)));
        Assert.That(r.MaxMs, Is.EqualTo(20_000).Within(0.1).Percent);
    }

    [Test]
    public void CounterSet_CountsByNameInOrdinalOrder()
    {
        var c = new CounterSet();
        c.Increment("b");
        c.Increment("a", 3);
        c.Increment("b");

        Assert.That(c.All.Select(kv => (kv.Key, kv.Value)), Is.EqualTo(new[] { ("a", 3L), ("b", 2L) }));
        Assert.That((c["missing"], c.Total), Is.EqualTo((0L, 5L)));
    }
}
