using CpmSim.Scenarios.Sweeps;

namespace CpmSim.Tests.Scenarios.Sweeps;

public class RunTableTests
{
    private const string Odd = "my,\"odd\"\nscenario.yaml";

    private string _dir = string.Empty;

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "cpmsim-runtable-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    /// <summary>A row as runs.csv holds it: run, point columns, replication, seed, then the metrics (a number each).</summary>
    private static string[] Row(int run, int point, string scenario, int replication)
    {
        int width = RunTable.Header.Split(',').Length;
        string[] row = [run.ToString(System.Globalization.CultureInfo.InvariantCulture), point.ToString(System.Globalization.CultureInfo.InvariantCulture), scenario, "60", "1500", string.Empty, replication.ToString(System.Globalization.CultureInfo.InvariantCulture), "11"];
        return [.. row, .. Enumerable.Range(0, width - row.Length).Select(i => (run + i + 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    private static string Runs(RunTable t)
    {
        var w = new StringWriter();
        t.WriteRuns(w);
        return w.ToString();
    }

    private static string Points(RunTable t)
    {
        var w = new StringWriter();
        t.WritePoints(w);
        return w.ToString();
    }

    [Test]
    public void ReadRuns_CellWithACommaAQuoteAndANewline_RoundTripsAndMergesToTheSameBytes()
    {
        var table = new RunTable();
        table.AddRows([Row(0, 0, "load-r01", 0), Row(1, 0, "load-r01", 1), Row(2, 1, Odd, 0), Row(3, 1, Odd, 1)], "test");
        string path = Path.Combine(_dir, "runs.csv");
        File.WriteAllText(path, Runs(table));

        List<string[]> read = RunTable.ReadRuns(path);
        var merged = new RunTable();
        merged.AddRows(read, path);

        Assert.That(read.Select(r => r[2]), Is.EqualTo(new[] { "load-r01", "load-r01", Odd, Odd }));
        Assert.That(read, Is.EqualTo(table.Rows));
        Assert.That(Runs(merged), Is.EqualTo(File.ReadAllText(path)));
        Assert.That(Points(merged), Is.EqualTo(Points(table)));
    }

    [Test]
    public void WriteRuns_QuotesOnlyCellsThatNeedIt_AsRfc4180WithLineFeeds()
    {
        var table = new RunTable();
        table.AddRows([Row(0, 0, "a,b", 0), Row(1, 1, Odd, 0), Row(2, 2, "plain", 0)], "test");

        string[] lines = Runs(table).Split('\n');

        Assert.That(lines[0], Is.EqualTo(RunTable.Header));
        Assert.That(lines[1], Does.StartWith("0,0,\"a,b\",60,1500,,0,11,0.5,1.5,"));
        Assert.That(lines[2], Is.EqualTo("1,1,\"my,\"\"odd\"\""));
        Assert.That(lines[3], Does.StartWith("scenario.yaml\",60,1500,,0,11,1.5,"));
        Assert.That(lines[4], Does.StartWith("2,2,plain,60,1500,,0,11,2.5,"));
        Assert.That(lines[^1], Is.Empty, "every record ends with LF");
        Assert.That(Runs(table), Does.Not.Contain("\r"));
    }

    [Test]
    public void WritePoints_PointColumnsFoundByName_KeepTheQuotedScenario()
    {
        var table = new RunTable();
        table.AddRows([Row(0, 0, Odd, 0), Row(1, 0, Odd, 1)], "test");

        string points = Points(table);

        Assert.That(points, Does.StartWith("point,scenario,rate,sessions,mms_share,replications,sessions_started_mean,sessions_started_ci95_low,sessions_started_ci95_high,"));
        Assert.That(points.Split('\n')[1], Does.StartWith("0,\"my,\"\"odd\"\""));
        Assert.That(points.Split('\n')[2], Does.StartWith("scenario.yaml\",60,1500,,2,1,-5.353102,7.353102,2,-4.353102,8.353102,"));
    }

    [TestCase("run,point\n0,0\n", "not a runs.csv of this cpmsim version")]
    [TestCase("", "not a runs.csv of this cpmsim version")]
    public void ReadRuns_NotARunsCsv_InvalidDataExceptionNamingTheFile(string text, string problem)
    {
        string path = Path.Combine(_dir, "runs.csv");
        File.WriteAllText(path, text);

        var e = Assert.Throws<InvalidDataException>(() => RunTable.ReadRuns(path));

        Assert.That(e!.Message, Does.StartWith(path + ": ").And.Contain(problem));
    }

    [Test]
    public void ReadRuns_RowCutShortOrWithoutARunNumber_InvalidDataExceptionWithTheLine()
    {
        string path = Path.Combine(_dir, "runs.csv");
        string good = string.Join(',', Row(0, 0, "x", 0));
        File.WriteAllText(path, RunTable.Header + "\n" + good + "\n0,0,x\n");
        string notANumber = Path.Combine(_dir, "runs2.csv");
        File.WriteAllText(notANumber, RunTable.Header + "\n" + good + "\n" + "x" + good[1..] + "\n");

        Assert.That(Assert.Throws<InvalidDataException>(() => RunTable.ReadRuns(path))!.Message, Does.StartWith(path + ":3: 3 columns, expected "));
        Assert.That(Assert.Throws<InvalidDataException>(() => RunTable.ReadRuns(notANumber))!.Message, Does.StartWith(notANumber + ":3: 'x' and '0' should be the run and point numbers"));
    }
}
