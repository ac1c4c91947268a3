using CpmSim.Core.Metrics;
using CpmSim.Core.Random;

namespace CpmSim.Tests.Metrics;

public class MserTests
{
    private static List<double> Noise(RandomStream r, int n, double mean) =>
        [.. Enumerable.Range(0, n).Select(_ => mean + (r.NextUnit() - 0.5))];

    [Test]
    public void Transient_IsCutAtItsEnd()
    {
        // 500 observations far above the steady level (a start-up transient), then 5,000 steady ones:
        // MSER-5 must delete the transient and little more.
        var r = new RandomStream(11);
        List<double> series = [.. Noise(r, 500, 10), .. Noise(r, 5000, 0)];

        MserResult cut = Mser.Truncation(series);

        Assert.That(cut.Truncated, Is.InRange(500, 550));
        Assert.That(cut.AtLimit, Is.False);
        Assert.That(cut.Batches, Is.EqualTo(1100));
    }

    [Test]
    public void StationarySeries_KeepsNearlyEverything()
    {
        var r = new RandomStream(12);
        MserResult cut = Mser.Truncation(Noise(r, 5000, 3));

        Assert.That(cut.Truncated, Is.LessThan(500));
        Assert.That(cut.AtLimit, Is.False);
    }

    [Test]
    public void SeriesThatNeverSettles_IsFlaggedAtTheLimit()
    {
        // A steady climb has no steady state: the best cut is as late as the search allows.
        List<double> climb = [.. Enumerable.Range(0, 1000).Select(i => (double)i)];

        MserResult cut = Mser.Truncation(climb);

        Assert.That(cut.AtLimit, Is.True);
        Assert.That(cut.Truncated, Is.EqualTo(500));
    }

    [Test]
    public void TooShortASeries_CutsNothing()
    {
        Assert.That(Mser.Truncation([5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).Truncated, Is.Zero);
    }
}
