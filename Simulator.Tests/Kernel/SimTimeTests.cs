using CpmSim.Core.Kernel;
using CsCheck;

namespace CpmSim.Tests.Kernel;

public class SimTimeTests
{
    [TestCase("750ns", 750L)]
    [TestCase("250us", 250_000L)]
    [TestCase("250µs", 250_000L)]
    [TestCase("12ms", 12_000_000L)]
    [TestCase("1.5s", 1_500_000_000L)]
    [TestCase("2min", 120_000_000_000L)]
    [TestCase("1h", 3_600_000_000_000L)]
    [TestCase("0s", 0L)]
    [TestCase("-3ms", -3_000_000L)]
    [TestCase(" 0.000001s ", 1_000L)]
    public void Parse_AcceptedUnits_ExactNanoseconds(string text, long ns)
    {
        Assert.That(SimTime.Parse(text).Nanoseconds, Is.EqualTo(ns));
    }

    [TestCase(750L, "750ns")]
    [TestCase(250_000L, "250us")]
    [TestCase(12_000_000L, "12ms")]
    [TestCase(1_500_000_000L, "1.5s")]
    [TestCase(120_000_000_000L, "2min")]
    [TestCase(3_600_000_000_000L, "1h")]
    [TestCase(90_000_000_000L, "90s")]
    [TestCase(1_234_567L, "1.234567ms")]
    [TestCase(-1_500L, "-1.5us")]
    [TestCase(0L, "0s")]
    public void ToString_ShortestExactForm(long ns, string text)
    {
        Assert.That(new SimTime(ns).ToString(), Is.EqualTo(text));
    }

    [Test]
    public void ToString_ThenParse_RoundTripsEveryValue()
    {
        Gen.Long[-4_000_000_000_000_000, 4_000_000_000_000_000].Sample(
            ns => Assert.That(SimTime.Parse(new SimTime(ns).ToString()).Nanoseconds, Is.EqualTo(ns)),
            iter: 20_000, threads: 1, seed: "0N0XIzNsQ0O2");
    }

    [TestCase("12", "has no time unit")]
    [TestCase("12 parsecs", "unknown time unit 'parsecs'")]
    [TestCase("fast ms", "does not start with a number")]
    [TestCase("", "is not a time")]
    public void Parse_BadText_QuotesTextAndListsUnits(string text, string problem)
    {
        var e = Assert.Throws<FormatException>(() => SimTime.Parse(text));

        Assert.That(e!.Message, Does.Contain($"'{text}'").And.Contain(problem));
        Assert.That(e.Message, Does.Contain("ns, us (or µs), ms, s, min, h").Or.Contain("e.g."));
    }

    [TestCase("2562048h")]
    [TestCase("9223372037s")]
    [TestCase("-2562048h")]
    public void Parse_BeyondTheClocksRange_NamesTheLimit(string text)
    {
        var e = Assert.Throws<FormatException>(() => SimTime.Parse(text));

        Assert.That(e!.Message, Is.EqualTo($"'{text}' is out of range: a time must lie within ±2562047h (the clock's range: 9223372036.854775807s, about 292 years)."));
        Assert.That(SimTime.Parse("2562047h"), Is.LessThan(SimTime.MaxValue));
    }

    [Test]
    public void Arithmetic_And_Comparison_AreExact()
    {
        SimTime a = SimTime.FromMilliseconds(3);
        SimTime b = SimTime.FromMicroseconds(1500);

        Assert.That((a + b).Nanoseconds, Is.EqualTo(4_500_000));
        Assert.That((a - b).Nanoseconds, Is.EqualTo(1_500_000));
        Assert.That((b * 4).Nanoseconds, Is.EqualTo(6_000_000));
        Assert.That((a / 3).Nanoseconds, Is.EqualTo(1_000_000));
        Assert.That(b < a && a > b && a >= SimTime.FromMilliseconds(3) && b <= SimTime.FromMicroseconds(1500) && a != b, Is.True);
        Assert.That(SimTime.Max(a, b), Is.EqualTo(a));
        Assert.That(SimTime.FromSeconds(0.1).Nanoseconds, Is.EqualTo(100_000_000));
        Assert.Throws<OverflowException>(() => _ = SimTime.MaxValue + SimTime.FromSeconds(1L));
    }
}
