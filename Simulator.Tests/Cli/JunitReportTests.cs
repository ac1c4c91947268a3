using System.Xml.Linq;
using CpmSim.Cli;

namespace CpmSim.Tests.Cli;

public class JunitReportTests
{
    [Test]
    public void Write_MessageWithCharactersXmlCannotHold_StillWellFormedWithReplacementCharacters()
    {
        // An error quoting a damaged input file can hold control characters, which XML 1.0 cannot.
        var error = new CheckCase("load scenario", CheckStatus.Error, TimeSpan.FromMilliseconds(2), "bad.yaml:1:2: unexpected '\u0001'", "invalid-input", "bad.yaml:1:2: unexpected '\u0001'\ud800");
        var suite = new CheckSuite("bad.yaml", "cpmsim.bad", [error], TimeSpan.FromMilliseconds(3), DateTimeOffset.UnixEpoch, []);
        using var stream = new MemoryStream();

        JunitReport.Write([suite], stream);

        stream.Position = 0;
        XElement e = XDocument.Load(stream).Descendants("error").Single();
        Assert.That((string?)e.Attribute("message"), Is.EqualTo("bad.yaml:1:2: unexpected '\uFFFD'\uFFFD"));
        Assert.That((string?)e.Attribute("type"), Is.EqualTo("invalid-input"));
    }

    [Test]
    public void Write_Times_InSecondsWithAtMostSixDecimals()
    {
        var pass = new CheckCase("flow r01", CheckStatus.Passed, TimeSpan.FromTicks(12_345_678), "flow r01 conforms");
        var suite = new CheckSuite("r01.yaml", "cpmsim.r01", [pass], TimeSpan.FromSeconds(2.5), DateTimeOffset.UnixEpoch, []);
        using var stream = new MemoryStream();

        JunitReport.Write([suite], stream);

        stream.Position = 0;
        XDocument doc = XDocument.Load(stream);
        Assert.That((string?)doc.Descendants("testcase").Single().Attribute("time"), Is.EqualTo("1.234568"));
        Assert.That((string?)doc.Descendants("testsuite").Single().Attribute("time"), Is.EqualTo("2.500"));
        Assert.That((string?)doc.Descendants("testsuite").Single().Attribute("timestamp"), Is.EqualTo("1970-01-01T00:00:00"));
    }
}
