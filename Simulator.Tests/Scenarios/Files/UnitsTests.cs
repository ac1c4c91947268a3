using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Files;

namespace CpmSim.Tests.Scenarios.Files;

/// <summary>The one units parser: what each kind of value accepts and what it rejects, with the units named.</summary>
public class UnitsTests
{
    [TestCase("12ms", 12_000_000L)]
    [TestCase("1.5s", 1_500_000_000L)]
    [TestCase("0", 0L)]
    [TestCase(" 0 ", 0L)]
    public void TryParseTime_WithUnitOrZero_Parses(string text, long nanoseconds)
    {
        Assert.That(Units.TryParseTime(text, out SimTime t, out _), Is.True);
        Assert.That(t.Nanoseconds, Is.EqualTo(nanoseconds));
    }

    [TestCase("20", "no time unit")]
    [TestCase("-5ms", "negative")]
    [TestCase("2562048h", "out of range")]
    [TestCase("5 parsecs", "unknown time unit")]
    [TestCase("", "not a time")]
    public void TryParseTime_Bad_SaysWhy(string text, string expected)
    {
        Assert.That(Units.TryParseTime(text, out _, out string? error), Is.False);
        Assert.That(error, Does.Contain(expected));
    }

    [TestCase("200/s", 200.0)]
    [TestCase("600/min", 10.0)]
    public void TryParseRate_WithUnit_Parses(string text, double perSecond)
    {
        Assert.That(Units.TryParseRate(text, out double r, out _), Is.True);
        Assert.That(r, Is.EqualTo(perSecond));
    }

    [TestCase("200")]
    [TestCase("0/s")]
    [TestCase("-3/s")]
    [TestCase("NaN/s")]
    [TestCase("1e999/s")]
    [TestCase("-0/s")]
    public void TryParseRate_UnitlessZeroNegativeOrNonFinite_IsRejected(string text) =>
        Assert.That(Units.TryParseRate(text, out _, out string? error) ? null : error, Does.Contain("/s"));

    [TestCase("120KB", 120_000L)]
    [TestCase("1.5MB", 1_500_000L)]
    [TestCase("4000", 4000L)]
    [TestCase("1000000MB", 1_000_000_000_000L)]
    public void TryParseSize_UnitsOrPlainBytes_Parse(string text, long bytes)
    {
        Assert.That(Units.TryParseSize(text, out long b, out _), Is.True);
        Assert.That(b, Is.EqualTo(bytes));
    }

    [TestCase("99999999999999999MB")]
    [TestCase("1000001MB")]
    [TestCase("-1KB")]
    [TestCase("lots")]
    public void TryParseSize_NegativeOrAboveTheLimit_IsRejectedNamingIt(string text)
    {
        Assert.That(Units.TryParseSize(text, out _, out string? error), Is.False);
        Assert.That(error, Does.Contain("1 TB"));
    }

    [TestCase("9600bps", true)]
    [TestCase("100Mbps", true)]
    [TestCase("100", false)]
    [TestCase("0bps", false)]
    [TestCase("1e999bps", false)]
    [TestCase("NaNkbps", false)]
    public void TryParseBandwidth_NeedsAUnitAndAPositiveFiniteValue(string text, bool ok) =>
        Assert.That(Units.TryParseBandwidth(text, out _, out _), Is.EqualTo(ok));

    [TestCase("0.5", 0.5)]
    [TestCase("99.9%", 0.999)]
    public void TryParseFraction_NumberOrPercentage_Parses(string text, double value)
    {
        Assert.That(Units.TryParseFraction(text, 0, 1, out double v, out _), Is.True);
        Assert.That(v, Is.EqualTo(value).Within(1e-12));
    }

    [TestCase("NaN")]
    [TestCase("-1%")]
    [TestCase("150%")]
    [TestCase("Infinity")]
    public void TryParseFraction_OutOfRangeOrNaN_IsRejected(string text) =>
        Assert.That(Units.TryParseFraction(text, 0, 1, out _, out _), Is.False);
}
