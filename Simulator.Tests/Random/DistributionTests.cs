using CpmSim.Core.Kernel;
using CpmSim.Core.Random;

namespace CpmSim.Tests.Random;

public class DistributionTests
{
    private const int N = 200_000;

    /// <summary>
    /// Sample mean and variance against the analytic values. The mean's bound is 4.5 standard errors
    /// (σ/√n, from the analytic variance; two-sided ≈ 99.9993%); the variance's bound is 4.5 standard
    /// errors of the sample variance, estimated from the sample's fourth central moment
    /// (SE² ≈ (m4 − σ⁴)/n). Independent of the code under test.
    /// </summary>
    private static void AssertMoments(Distribution d, int seed)
    {
        var s = new RandomStream((ulong)seed);
        var x = new double[N];
        for (int i = 0; i < N; i++)
        {
            x[i] = d.Sample(s);
        }

        double mean = x.Average();
        double variance = x.Sum(v => (v - mean) * (v - mean)) / (N - 1);
        double m4 = x.Sum(v => Math.Pow(v - mean, 4)) / N;
        double seMean = Math.Sqrt(d.Variance / N);
        double seVar = Math.Sqrt(Math.Max(m4 - (variance * variance), 0) / N);

        Assert.That(mean, Is.EqualTo(d.Mean).Within((4.5 * seMean) + 1e-9), $"{d} mean");
        Assert.That(variance, Is.EqualTo(d.Variance).Within((4.5 * seVar) + 1e-9), $"{d} variance");
    }

    [TestCase("exp(mean=5ms)", 5e6, 25e12)]
    [TestCase("lognormal(mean=2ms, cv=0.5)", 2e6, 1e12)]
    [TestCase("gamma(shape=2, mean=4ms)", 4e6, 8e12)]
    [TestCase("uniform(1ms, 3ms)", 2e6, 4e12 / 12)]
    [TestCase("uniform(10, 20)", 15.0, 100.0 / 12)]
    [TestCase("const(2ms)", 2e6, 0.0)]
    public void Sample_MeanAndVariance_MatchTheAnalyticValues(string spec, double mean, double variance)
    {
        Distribution d = DistributionParser.Parse(spec);

        Assert.That(d.Mean, Is.EqualTo(mean).Within(1e-6).Percent);
        Assert.That(d.Variance, Is.EqualTo(variance).Within(1e-6).Percent);
        AssertMoments(d, spec.Length);
    }

    [Test]
    public void TruncatedNormal_MomentsAreTheTruncatedOnes_AndSamplesNeverNegative()
    {
        // μ = 1 ms, σ = 2 ms: α = −0.5, Φ(α) = 0.308538, φ(α) = 0.352065, λ = φ/(1−Φ) = 0.509160;
        // mean = μ + σλ = 2.018320 ms; variance = σ²(1 + αλ − λ²) = 4e12·(1 − 0.254580 − 0.259244) = 1.944704e12.
        Distribution d = DistributionParser.Parse("normal(mean=1ms, sd=2ms)");

        Assert.That(d.Mean, Is.EqualTo(2.018320e6).Within(0.001).Percent);
        Assert.That(d.Variance, Is.EqualTo(1.944704e12).Within(0.01).Percent);
        var s = new RandomStream(1);
        Assert.That(Enumerable.Range(0, 10_000).Select(_ => d.Sample(s)), Has.All.GreaterThanOrEqualTo(0));
        AssertMoments(d, 77);
    }

    [Test]
    public void Empirical_DrawsTheFilesValues()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cpmsim-emp-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, ["delay", "1ms", "2ms", "2ms", "5ms"]);
        try
        {
            Distribution d = DistributionParser.Parse($"empirical({Path.GetFileName(path)})", Path.GetTempPath());

            Assert.That(d.Mean, Is.EqualTo(2.5e6));
            Assert.That(d.Variance, Is.EqualTo(((1.5e6 * 1.5e6) + (0.5e6 * 0.5e6 * 2) + (2.5e6 * 2.5e6)) / 4).Within(1e-9).Percent);
            var s = new RandomStream(2);
            Assert.That(Enumerable.Range(0, 1000).Select(_ => d.Sample(s)).Distinct(), Is.EquivalentTo(new[] { 1e6, 2e6, 5e6 }));
            AssertMoments(d, 5);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Empirical_QuotedCellsWithACommaAQuoteAndALineBreak_ReadAsCsv()
    {
        // What a CSV writer (RunTable, a spreadsheet) writes: a header cell over two lines, quoted values, other columns with commas and quotes.
        string path = Path.Combine(Path.GetTempPath(), $"cpmsim-emp-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "\"service time\n(measured, ms)\",note\n\"2ms\",\"first, warm\"\n4ms,\"said \"\"ok\"\"\nthen left\"\n\"6ms\",\n");
        try
        {
            Distribution d = DistributionParser.Parse($"empirical({Path.GetFileName(path)})", Path.GetTempPath());

            Assert.That(d.Mean, Is.EqualTo(4e6));
            Assert.That(Enumerable.Range(0, 200).Select(_ => d.Sample(new RandomStream((ulong)_))).Distinct(), Is.EquivalentTo(new[] { 2e6, 4e6, 6e6 }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Empirical_FileStartingWithAUtf8ByteOrderMark_KeepsTheFirstValue()
    {
        // Spreadsheets write a BOM; without a header line the first value must not be taken for one.
        string path = Path.Combine(Path.GetTempPath(), $"cpmsim-emp-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "1ms\n3ms\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        try
        {
            Assert.That(DistributionParser.Parse($"empirical({Path.GetFileName(path)})", Path.GetTempPath()).Mean, Is.EqualTo(2e6));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Empirical_ValueThatIsNotANumber_NamesTheFileAndTheLineItStartsOn()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cpmsim-emp-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "delay,note\n1ms,\"two\nlines\"\nfast,x\n");
        try
        {
            var e = Assert.Throws<DistributionFormatException>(() => DistributionParser.Parse($"empirical({Path.GetFileName(path)})", Path.GetTempPath()));

            Assert.That(e!.Message, Does.Contain($"'{path}' line 4: 'fast' is not a number"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("exp(mean=5ms)")]
    [TestCase("lognormal(mean=2ms, cv=0.5)")]
    [TestCase("gamma(shape=2, mean=4ms)")]
    [TestCase("uniform(1ms, 3ms)")]
    [TestCase("normal(mean=10ms, sd=2ms)")]
    [TestCase("const(250us)")]
    [TestCase("uniform(10000, 250000)")]
    public void Text_ParsesBackToTheSameDistribution(string spec)
    {
        Distribution d = DistributionParser.Parse(spec);
        Distribution again = DistributionParser.Parse(d.Text);

        Assert.That((again.Mean, again.Variance, again.Text), Is.EqualTo((d.Mean, d.Variance, d.Text)));
    }

    [Test]
    public void Parse_BareValue_IsAConstant_SizesAreBytes()
    {
        Assert.That(DistributionParser.Parse("5ms").Mean, Is.EqualTo(5e6));
        Assert.That(DistributionParser.Parse("uniform(10KB, 250KB)").Mean, Is.EqualTo(130_000));
        Assert.That(DistributionParser.Parse("exp(5ms)").Mean, Is.EqualTo(5e6));
    }

    [Test]
    public void SampleTime_DrawPastTheClocksRange_SaturatesToMaxValue()
    {
        // exp(mean=2562047h): the mean is within the clock (9223372036.85 s), but e^-1 ≈ 37% of the
        // draws lie beyond it. They saturate to SimTime.MaxValue instead of overflowing.
        Distribution d = DistributionParser.Parse("exp(mean=2562047h)");
        var s = new RandomStream(3);

        SimTime[] draws = [.. Enumerable.Range(0, 1000).Select(_ => d.SampleTime(s))];

        Assert.That(draws, Has.All.GreaterThanOrEqualTo(SimTime.Zero));
        Assert.That(draws.Count(t => t == SimTime.MaxValue), Is.InRange(250, 500));
        Assert.That(DistributionParser.Parse("const(2562047h)").SampleTime(s), Is.EqualTo(SimTime.FromSeconds(2562047L * 3600)));
    }

    [TestCase("wobble(3ms)", 0, "unknown distribution 'wobble'")]
    [TestCase("exp(mean=5ms", 12, "missing its closing ')'")]
    [TestCase("exp(mean=fast)", 9, "'fast' where a number was expected")]
    [TestCase("exp(mean=5 parsecs)", 11, "unknown unit 'parsecs'")]
    [TestCase("exp(mean=5qs)", 10, "unknown unit 'qs'")]
    [TestCase("lognormal(mean=2ms, sigma=1)", 20, "unknown parameter 'sigma'")]
    [TestCase("lognormal(mean=2ms)", 19, "missing the parameter 'cv='")]
    [TestCase("uniform(1ms, 3)", 13, "mixes time and plain values")]
    [TestCase("uniform(3ms, 1ms)", 13, "needs A ≤ B")]
    [TestCase("gamma(shape=2ms, mean=4ms)", 12, "needs a plain number for 'shape'")]
    [TestCase("exp(mean=-5ms)", 0, "needs mean > 0")]
    [TestCase("empirical(no-such-file.csv)", 10, "does not exist")]
    [TestCase("uniform(1ms)", 8, "takes two values")]
    [TestCase("exp(mean=2562048h)", 9, "'2562048h', beyond the clock's range: a time must lie within ±2562047h")]
    [TestCase("uniform(0s, 9223372037s)", 12, "'9223372037s', beyond the clock's range: a time must lie within ±2562047h")]
    public void Parse_BadSpec_QuotesTextPositionAndAcceptedForms(string spec, int position, string problem)
    {
        var e = Assert.Throws<DistributionFormatException>(() => DistributionParser.Parse(spec));

        Assert.That(e!.Message, Does.StartWith($"'{spec}'").And.Contain(problem));
        Assert.That(e.Position, Is.EqualTo(position));
        Assert.That(e.Message, Does.Contain($"(at position {position})").And.Contain("Accepted forms: const(X), exp(mean=X)"));
    }
}
