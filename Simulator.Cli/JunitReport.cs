using System.Globalization;
using System.Text;
using System.Xml;

namespace CpmSim.Cli;

/// <summary>
/// Writes the JUnit XML report of <c>cpmsim check</c>: <c>&lt;testsuites&gt;</c> with one <c>&lt;testsuite&gt;</c> per
/// input and one <c>&lt;testcase&gt;</c> per check, in the form Jenkins, GitLab and junitparser read. UTF-8 without a
/// byte order mark; times in seconds with a dot.
/// </summary>
internal static class JunitReport
{
    public static void Write(IReadOnlyList<CheckSuite> suites, string path)
    {
        try
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }

            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
            Write(suites, stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"cannot write the JUnit report '{path}': {e.Message} Give --junit a path in a writable directory.");
        }
    }

    public static void Write(IReadOnlyList<CheckSuite> suites, Stream stream)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), Indent = true, NewLineChars = "\n" };
        using XmlWriter w = XmlWriter.Create(stream, settings);
        w.WriteStartDocument();
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("name", "cpmsim check");
        Counts(w, suites.Sum(s => s.Cases.Count), suites.Sum(s => s.Failures), suites.Sum(s => s.Errors), suites.Aggregate(TimeSpan.Zero, (t, s) => t + s.Time));
        foreach (CheckSuite suite in suites)
        {
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", Text(suite.Name));
            Counts(w, suite.Cases.Count, suite.Failures, suite.Errors, suite.Time);
            w.WriteAttributeString("skipped", "0");
            w.WriteAttributeString("timestamp", suite.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            if (suite.Properties.Count > 0)
            {
                w.WriteStartElement("properties");
                foreach ((string name, string value) in suite.Properties)
                {
                    w.WriteStartElement("property");
                    w.WriteAttributeString("name", name);
                    w.WriteAttributeString("value", Text(value));
                    w.WriteEndElement();
                }

                w.WriteEndElement();
            }

            foreach (CheckCase c in suite.Cases)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("name", Text(c.Name));
                w.WriteAttributeString("classname", Text(suite.ClassName));
                w.WriteAttributeString("time", Seconds(c.Time));
                if (c.Status != CheckStatus.Passed)
                {
                    w.WriteStartElement(c.Status == CheckStatus.Failed ? "failure" : "error");
                    w.WriteAttributeString("message", Text(c.Message ?? c.Output));
                    w.WriteAttributeString("type", Text(c.Type ?? string.Empty));
                    w.WriteString(Text(c.Detail ?? c.Message ?? c.Output));
                    w.WriteEndElement();
                }

                w.WriteElementString("system-out", Text(c.Output));
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void Counts(XmlWriter w, int tests, int failures, int errors, TimeSpan time)
    {
        w.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("errors", errors.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("time", Seconds(time));
    }

    internal static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000###", CultureInfo.InvariantCulture);

    /// <summary>Text as XML 1.0 allows it: characters it cannot hold (control characters from a damaged input file, lone surrogates) become U+FFFD.</summary>
    internal static string Text(string s)
    {
        if (s.All(XmlConvert.IsXmlChar))
        {
            return s;
        }

        var b = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (XmlConvert.IsXmlChar(s[i]))
            {
                b.Append(s[i]);
            }
            else if (i + 1 < s.Length && XmlConvert.IsXmlSurrogatePair(s[i + 1], s[i]))
            {
                b.Append(s, i, 2);
                i++;
            }
            else
            {
                b.Append('\uFFFD');
            }
        }

        return b.ToString();
    }
}
