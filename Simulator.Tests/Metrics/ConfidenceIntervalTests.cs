using CpmSim.Core.Metrics;
using CpmSim.Core.Random;

namespace CpmSim.Tests.Metrics;

public class ConfidenceIntervalTests
{
    [Test]
    public void Of_TenValues_UsesStudentT9()
    {
        // Mean 5.5, s = 3.02765, t(0.975, 9) = 2.262157 ⇒ half-width 2.262157·3.02765/√10 = 2.16588.
        ConfidenceInterval ci = ConfidenceInterval.Of(Enumerable.Range(1, 10).Select(i => (double)i));

        Assert.That(ci.Mean, Is.EqualTo(5.5));
        Assert.That(ci.HalfWidth, Is.EqualTo(2.16588).Within(1e-4));
        Assert.That(ci.N, Is.EqualTo(10));
    }

    [Test]
    public void Of_OneValue_HasNoInterval()
    {
        ConfidenceInterval ci = ConfidenceInterval.Of([4.0]);

        Assert.That((ci.Mean, double.IsNaN(ci.HalfWidth)), Is.EqualTo((4.0, true)));
    }

    [Test]
    public void Of_NormalSamples_CoversTheTrueMeanAtTheNominalRate()
    {
        // 2000 intervals from samples of 8 normal(10, 2) values: coverage 95% ± binomial 4.4 SE (±2.1%).
        var rng = new RandomStream(5);
        int covered = 0;
        const int trials = 2000;
        for (int t = 0; t < trials; t++)
        {
            var x = Enumerable.Range(0, 8).Select(_ => MathNet.Numerics.Distributions.Normal.Sample(rng, 10, 2)).ToList();
            covered += ConfidenceInterval.Of(x).Contains(10) ? 1 : 0;
        }

        Assert.That(covered / (double)trials, Is.EqualTo(0.95).Within(0.021));
    }
}
