using CpmSim.Core.Experiments;
using CpmSim.Core.Metrics;

namespace CpmSim.Tests.Experiments;

/// <summary>
/// Queueing validation through the real Node ingress (source → station with c servers → sink):
/// the mean waiting time's 99% Student-t interval over replications must contain the analytic
/// value (M/M/1: ρ/(μ−λ); M/M/c: Erlang C), and Little's law must hold on the same runs.
/// </summary>
public class QueueingModelTests
{
    [TestCase(1, 0.5, 1.0, 100_000)]
    [TestCase(1, 0.8, 1.0, 200_000)]
    [TestCase(10, 9.0, 1.0, 200_000)]
    public void MMc_MeanWait_AnalyticValueInside99PercentInterval(int c, double lambda, double mu, long jobs)
    {
        (ConfidenceInterval wait, double analytic, IReadOnlyList<QueueingResult> runs) = QueueingModel.MMc(c, lambda, mu, jobs, replications: 12, seed: 2026, level: 0.99);

        double reference = c == 1 ? QueueingFormulas.MM1Wait(lambda, mu) : QueueingFormulas.MMcWait(c, lambda, mu);
        Assert.That(analytic, Is.EqualTo(reference));
        Assert.That(wait.Contains(analytic), Is.True, $"99% CI [{wait.Low:F4}, {wait.High:F4}] s should contain Wq = {analytic:F4} s");
        Assert.That(wait.HalfWidth / analytic, Is.LessThan(0.15), "the interval is narrow enough to mean something");

        // Utilisation = λ/(cμ).
        ConfidenceInterval utilisation = ConfidenceInterval.Of(runs.Select(r => r.Utilisation), 0.99);
        Assert.That(utilisation.Contains(lambda / (c * mu)), Is.True, $"utilisation {utilisation.Mean:F4} vs ρ {lambda / (c * mu):F4}");
    }

    [TestCase(1, 0.8, 1.0)]
    [TestCase(10, 9.0, 1.0)]
    public void MMc_LittlesLaw_QueueLengthEqualsArrivalRateTimesWait(int c, double lambda, double mu)
    {
        (_, double analytic, IReadOnlyList<QueueingResult> runs) = QueueingModel.MMc(c, lambda, mu, 200_000, replications: 12, seed: 7, level: 0.99);

        // Per run, on the measured sample path: Lq ≈ λ̂·Ŵq (edge effects only).
        foreach (QueueingResult r in runs)
        {
            Assert.That(r.MeanQueueLength, Is.EqualTo(r.ArrivalRatePerSecond * r.MeanWaitSeconds).Within(3).Percent);
        }

        // Across runs, against the analytic Lq = λ·Wq.
        ConfidenceInterval lq = ConfidenceInterval.Of(runs.Select(r => r.MeanQueueLength), 0.99);
        Assert.That(lq.Contains(QueueingFormulas.MeanQueueLength(lambda, analytic)), Is.True, $"Lq CI [{lq.Low:F3}, {lq.High:F3}] vs λWq {lambda * analytic:F3}");
    }

    [Test]
    public void ErlangC_KnownValues()
    {
        // Textbook values: C(2, 1) = 1/3; C(10, 9) = 0.668...; M/M/1 Wq at ρ 0.5 = 1 s (μ = 1).
        Assert.That(QueueingFormulas.ErlangC(2, 1), Is.EqualTo(1.0 / 3).Within(1e-12));
        Assert.That(QueueingFormulas.ErlangC(10, 9), Is.EqualTo(0.6687).Within(1e-4));
        Assert.That(QueueingFormulas.MM1Wait(0.5, 1), Is.EqualTo(1.0).Within(1e-12));
        Assert.That(QueueingFormulas.ErlangB(1, 1), Is.EqualTo(0.5).Within(1e-12));
        Assert.Throws<ArgumentOutOfRangeException>(() => QueueingFormulas.MMcWait(2, 3, 1));
    }
}
