using System.Text.RegularExpressions;
using CpmSim.Cli;

namespace CpmSim.Tests.Cli;

/// <summary>
/// docs/outputs.md against the files <c>run</c> and <c>capacity</c> really write: every file's documented
/// header is its first line, every column has a definition, and every summary.csv metric (with its
/// unit) is in the table and nothing else is.
/// </summary>
public partial class OutputsDocTests
{
    private string _dir = null!;
    private string _doc = null!;

    [OneTimeSetUp]
    public void WriteFiles()
    {
        string? root = TestContext.CurrentContext.TestDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "CpmSim.sln")))
        {
            root = Path.GetDirectoryName(root);
        }

        Assert.That(root, Is.Not.Null, "the repository root (CpmSim.sln) is above the test directory");
        _doc = File.ReadAllText(Path.Combine(root!, "docs", "outputs.md"));
        _dir = Path.Combine(Path.GetTempPath(), "cpmsim-outputs-doc-" + Guid.NewGuid().ToString("N"));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.That(CliApp.Run(["run", "--variant", "load-r01", "--sessions", "700", "-r", "2", "--record", "sessions", "--no-plots", "--out", Path.Combine(_dir, "run")], stdout, stderr), Is.Zero, stderr.ToString());
        Assert.That(CliApp.Run(["capacity", "--variant", "load-r01", "--from", "20/s", "--step", "40/s", "--steps", "3", "--step-duration", "5s", "--out", Path.Combine(_dir, "capacity")], stdout, stderr), Is.Zero, stderr.ToString());
    }

    [OneTimeTearDown]
    public void Delete() => Directory.Delete(_dir, recursive: true);

    private string Section(string file)
    {
        Match m = Regex.Match(_doc, $@"^## `{Regex.Escape(file)}`.*?$(.*?)(?=^#)", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.That(m.Success, Is.True, $"docs/outputs.md has a section ## `{file}`");
        return m.Groups[1].Value;
    }

    [TestCase("run", "summary.csv")]
    [TestCase("run", "nodes.csv")]
    [TestCase("run", "steps.csv")]
    [TestCase("run", "latency-histogram.csv")]
    [TestCase("run", "sessions.csv")]
    [TestCase("capacity", "capacity.csv")]
    public void Header_AsWritten_IsTheDocumentedOne(string command, string file)
    {
        string section = Section(file);
        Match header = HeaderLine().Match(section);

        Assert.That(header.Success, Is.True, $"{file}: a 'Header: `...`' line");
        Assert.That(File.ReadLines(Path.Combine(_dir, command, file)).First(), Is.EqualTo(header.Groups[1].Value), file);
    }

    [TestCase("run", "nodes.csv")]
    [TestCase("capacity", "capacity.csv")]
    public void Columns_AsWritten_EachHasADefinition(string command, string file)
    {
        string section = Section(file);
        var defined = TableFirstCells().Matches(section).Select(m => m.Groups[1].Value).ToList();

        Assert.That(defined, Is.EqualTo(File.ReadLines(Path.Combine(_dir, command, file)).First().Split(',')), $"{file}: one table row per column, in order");
    }

    [Test]
    public void SummaryMetrics_AsWritten_AreExactlyTheDocumentedOnes_WithTheirUnits()
    {
        string section = Section("summary.csv");
        var documented = TableMetricUnit().Matches(section).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
        var written = File.ReadLines(Path.Combine(_dir, "run", "summary.csv")).Skip(1).Select(l => l.Split(',')).Select(c => (c[0], c[1])).ToList();

        Assert.That(documented, Is.EquivalentTo(written));
    }

    [Test]
    public void HistogramMetrics_AsWritten_AreSummaryDelays()
    {
        var delays = File.ReadLines(Path.Combine(_dir, "run", "summary.csv")).Skip(1).Select(l => l.Split(',')).Where(c => c[1] == "ms").Select(c => c[0]).ToList();
        var histogram = File.ReadLines(Path.Combine(_dir, "run", "latency-histogram.csv")).Skip(1).Select(l => l.Split(',')[0]).Distinct().ToList();

        Assert.That(histogram, Is.EquivalentTo(delays));
        Assert.That(Section("latency-histogram.csv"), Does.Contain("`session_request_delay`").And.Contain("`modification_delay`").And.Contain("`media_added_delay`"));
    }

    [GeneratedRegex(@"^Header: `([^`]+)`", RegexOptions.Multiline)]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^\| `([a-z0-9_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableFirstCells();

    [GeneratedRegex(@"^\| `([a-z0-9_]+)` \| ([a-z_]+) \|", RegexOptions.Multiline)]
    private static partial Regex TableMetricUnit();
}
