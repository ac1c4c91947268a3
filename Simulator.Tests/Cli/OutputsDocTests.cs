using System.Text.RegularExpressions;
using CpmSim.Cli;

namespace CpmSim.Tests.Cli;

/// <summary>
/// docs/outputs.md against the files <c>run</c>, <c>capacity</c> and <c>sweep</c> really write: every file's documented
/// header is its first line, every column has a definition, and every summary.csv metric (with its
/// unit) is in the table and nothing else is; every column of runs.csv and flows.csv and every key of
/// manifest.json is documented, and points.csv has the mean and interval of every runs.csv metric.
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
        Assert.That(CliApp.Run(["run", "--variant", "faults-demo", "--sessions", "300", "--no-plots", "--out", Path.Combine(_dir, "faults")], stdout, stderr), Is.Zero, stderr.ToString());
        Assert.That(CliApp.Run(["capacity", "--variant", "load-r01", "--from", "20/s", "--step", "40/s", "--steps", "3", "--step-duration", "5s", "--out", Path.Combine(_dir, "capacity")], stdout, stderr), Is.Zero, stderr.ToString());
        string sweep = Path.Combine(_dir, "sweep.yaml");
        File.WriteAllText(sweep, "name: doc-sweep\nseed: 3\nreplications: 2\ngrid:\n  scenario: [load-r01]\n  rate: [20/s]\n  sessions: [150]\n  nodes.isf.processing.servers: [2, 3]\n");
        Assert.That(CliApp.Run(["sweep", sweep, "--out", Path.Combine(_dir, "sweep"), "--no-plots", "-p", "1"], stdout, stderr), Is.Zero, stderr.ToString());
    }

    /// <summary>Every name in backticks in a section: what the section documents.</summary>
    private HashSet<string> Documented(string file) => [.. Regex.Matches(Section(file), "`([^`]+)`").Select(m => m.Groups[1].Value)];

    [TestCase("run", "flows.csv")]
    [TestCase("run", "replications.csv")]
    [TestCase("sweep", "runs.csv")]
    public void Columns_AsWritten_AreEachDocumented(string command, string file)
    {
        HashSet<string> documented = Documented(file);
        string[] header = File.ReadLines(Path.Combine(_dir, command, file)).First().Split(',');

        // A key-path column is documented as "one column per key path"; it is the swept path itself.
        Assert.That(header.Where(c => !documented.Contains(c) && c != "nodes.isf.processing.servers"), Is.Empty, $"{file}: columns without a definition");
    }

    [Test]
    public void PointsColumns_AsWritten_AreThePointAndEachRunsMetricsMeanAndInterval()
    {
        Assert.That(Documented("points.csv"), Is.SupersetOf(new[] { "replications", "M_mean", "M_ci95_low", "M_ci95_high" }));
        string[] runs = File.ReadLines(Path.Combine(_dir, "sweep", "runs.csv")).First().Split(',');
        string[] points = File.ReadLines(Path.Combine(_dir, "sweep", "points.csv")).First().Split(',');
        int firstMetric = Array.IndexOf(runs, "sessions_started");
        string[] pointColumns = [.. runs.Skip(1).Take(Array.IndexOf(runs, "replication") - 1)];
        string[] expected = [.. pointColumns, "replications", .. runs.Skip(firstMetric).SelectMany(m => new[] { m + "_mean", m + "_ci95_low", m + "_ci95_high" })];

        Assert.That(points, Is.EqualTo(expected));
    }

    [TestCase("run")]
    [TestCase("capacity")]
    [TestCase("sweep")]
    public void ManifestKeys_AsWritten_AreEachDocumented(string command)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, command, "manifest.json")));
        HashSet<string> documented = Documented("manifest.json");

        Assert.That(json.RootElement.EnumerateObject().Select(p => p.Name).Where(k => !documented.Contains(k)), Is.Empty, "manifest.json keys without a definition");
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
    [TestCase("run", "replications.csv")]
    [TestCase("run", "timeline.csv")]
    [TestCase("faults", "faults.csv")]
    [TestCase("capacity", "capacity.csv")]
    public void Header_AsWritten_IsTheDocumentedOne(string command, string file)
    {
        string section = Section(file);
        Match header = HeaderLine().Match(section);

        Assert.That(header.Success, Is.True, $"{file}: a 'Header: `...`' line");
        Assert.That(File.ReadLines(Path.Combine(_dir, command, file)).First(), Is.EqualTo(header.Groups[1].Value), file);
    }

    [TestCase("run", "nodes.csv")]
    [TestCase("run", "timeline.csv")]
    [TestCase("faults", "faults.csv")]
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
        var withFaults = File.ReadLines(Path.Combine(_dir, "faults", "summary.csv")).Skip(1).Select(l => l.Split(',')).Select(c => (c[0], c[1])).ToList();

        // A fault-free run writes the rows it always wrote; a run with faults adds the fault rows, documented after the table.
        Assert.That(withFaults.Take(written.Count), Is.EqualTo(written));
        Assert.That(documented, Is.EquivalentTo(withFaults));
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
