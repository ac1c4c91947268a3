using System.Text.Json.Nodes;
using System.Xml.Linq;
using CpmSim.Scenarios.Load;

namespace CpmSim.Tests.Cli;

/// <summary><c>cpmsim baseline record</c> and <c>cpmsim check --baseline</c>: paired-by-seed comparisons of load runs.</summary>
public class BaselineTests : CliTestFixture
{
    // load-r01 at 70 sessions/s: the SMS IWF (2 servers, 2 ms) is 80% busy, so its service time shows in the delays.
    private const string Scenario = "name: near-knee\nextends: load-r01\nworkload: {arrivals: poisson(70/s), sessions: 2500, warm-up: 5s}\nexpect: {load: []}\n";
    private const string FivePercentSlowerIwf = "nodes:\n  iwf-sms: {processing: {servers: 2, time: exp(mean=2.1ms), queue: 1000}}\n";

    private string Write(string name, string text)
    {
        string path = Path.Combine(TempDir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Record(string file, int replications = 4)
    {
        string dir = Path.Combine(TempDir, "baseline");
        (int code, string output, string err) = Run("baseline", "record", file, "--replications", replications.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", dir);
        Assert.That(code, Is.Zero, err);
        Assert.That(output, Does.Contain($"{replications} replication(s)"));
        return dir;
    }

    [Test]
    public void Check_SameCode_EveryDifferenceZero_OneJunitCasePerMetric()
    {
        string file = Write("s.yaml", Scenario);
        string dir = Record(file);
        string junit = Path.Combine(TempDir, "report.xml");

        (int code, string output, string err) = Run("check", file, "--baseline", dir, "--junit", junit);

        Assert.That(code, Is.Zero, output + err);
        var cases = XDocument.Load(junit).Descendants("testcase").Where(c => ((string)c.Attribute("name")!).StartsWith("baseline: ", StringComparison.Ordinal)).ToList();
        Assert.That(cases.Select(c => ((string)c.Attribute("name")!)["baseline: ".Length..]), Is.EqualTo(BaselineMetrics.Default));
        Assert.That(cases.Select(c => (string?)c.Element("system-out")), Has.All.Contain("difference +0 ").And.All.Contain("— ok"));
        Assert.That(File.ReadAllLines(Path.Combine(dir, "replications.csv")), Has.Length.EqualTo(5), "a header and 4 replications");
        JsonNode manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!;
        Assert.That((int)manifest["baseline"]!["format"]!, Is.EqualTo(1));
        Assert.That((string?)manifest["scenario"]!["name"], Is.EqualTo("near-knee"));
        Assert.That((int)manifest["replications"]!, Is.EqualTo(4));
    }

    [Test]
    public void Check_NodeFivePercentSlower_Detected_AndTheBaselineStillPassesItsOwnCode()
    {
        string file = Write("s.yaml", Scenario);
        string dir = Record(file);
        File.AppendAllText(file, FivePercentSlowerIwf);
        string junit = Path.Combine(TempDir, "report.xml");

        (int code, string output, _) = Run("check", file, "--baseline", dir, "--junit", junit);

        Assert.That(code, Is.EqualTo(1), output);
        XElement p99 = XDocument.Load(junit).Descendants("testcase").Single(c => (string?)c.Attribute("name") == "baseline: session_request_delay.p99");
        string message = (string)p99.Element("failure")!.Attribute("message")!;
        Assert.That(message, Does.Contain("WORSE").And.Contain("95% CI").And.Contain("tolerance 2%"));

        // A tolerance above the change lets it pass; the command's replaces the defaults' list.
        (code, output, _) = Run("check", file, "--baseline", dir, "--regression", "session_request_delay.p99=20%");
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("baseline: session_request_delay.p99:").And.Not.Contain("baseline: modification_delay"));
    }

    [Test]
    public void Check_ScenarioRegressionTolerances_AreTheMetricsCompared()
    {
        string file = Write("s.yaml", Scenario.Replace("expect: {load: []}", "expect: {load: [], regression: {modification_delay.p99: 50%, ihs_share: 1%}}", StringComparison.Ordinal));
        string dir = Record(file, replications: 2);
        File.AppendAllText(file, FivePercentSlowerIwf);

        (int code, string output, _) = Run("check", file, "--baseline", dir);

        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("baseline: modification_delay.p99:").And.Contain("tolerance 50%").And.Contain("baseline: ihs_share:").And.Contain("tolerance 1 points"));
        Assert.That(output, Does.Not.Contain("baseline: session_request_delay"));
    }

    [Test]
    public void Check_BaselineOfAnotherScenario_OneLineErrorNamingTheManifest_Exit2()
    {
        string dir = Record(Write("s.yaml", Scenario), replications: 1);
        (int code, _, string err) = Run("check", "--variant", "r01", "--baseline", dir);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(err, Does.StartWith($"error: {Path.Combine(dir, "manifest.json")}: a baseline of scenario 'near-knee', which is not among the scenarios checked (r01)"));
    }

    [Test]
    public void Check_BaselineOfAnotherRelease_OrFormat_Exit2()
    {
        string file = Write("s.yaml", Scenario);
        string dir = Record(file, replications: 1);
        string manifest = Path.Combine(dir, "manifest.json");
        JsonNode m = JsonNode.Parse(File.ReadAllText(manifest))!;
        m["version"] = "99.0.0+abcdef";
        File.WriteAllText(manifest, m.ToJsonString());

        (int code, _, string err) = Run("check", file, "--baseline", dir);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.StartWith($"error: {manifest}: recorded by cpmsim 99.0.0, this is cpmsim "));

        m["version"] = CpmSim.Cli.ManifestWriter.Version.Split('+')[0] + "+another-commit";
        m["baseline"]!["format"] = 7;
        File.WriteAllText(manifest, m.ToJsonString());
        (code, _, err) = Run("check", file, "--baseline", dir);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("baseline format 7, this cpmsim reads format 1"));

        m["baseline"]!["format"] = 1;
        File.WriteAllText(manifest, m.ToJsonString());
        Assert.That(Run("check", file, "--baseline", dir).Code, Is.Zero, "another commit of the same release compares");

        (code, _, err) = Run("check", file, "--baseline", TempDir);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("is not a baseline folder"));
    }

    [Test]
    public void Regression_UnknownMetric_OneLineErrorNamingTheFile_Exit2()
    {
        string file = Write("s.yaml", Scenario.Replace("expect: {load: []}", "expect:\n  regression: {modification_delay.p98: 5%}", StringComparison.Ordinal));
        (int code, _, string err) = Run("check", file);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.StartWith($"error: {file}:5:16: 'regression' in expect: there is no baseline metric 'modification_delay.p98'. Did you mean 'modification_delay.p9"));

        (code, _, err) = Run("check", file.Replace("s.yaml", "t.yaml", StringComparison.Ordinal), "--regression", "modification_delay=5%");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("A delay needs its statistic, e.g. 'modification_delay.p99'"));

        file = Write("t.yaml", Scenario.Replace("expect: {load: []}", "expect:\n  regression: {ihs_share: lots}", StringComparison.Ordinal));
        (code, _, err) = Run("check", file);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain($"{file}:5:27").And.Contain("'lots' for 'ihs_share' is not a tolerance"));
    }

    [Test]
    public void Compare_PairedDifferences_StudentTInterval()
    {
        // Differences 1, 2, 3: mean 2, s = 1, t(0.975, 2) = 4.302653 → half-width 4.302653 / √3 = 2.48414.
        BaselineVerdict v = BaselineMetrics.Compare("modification_delay.mean", [100, 100, 100], [101, 102, 103], 0.01);
        Assert.That(v.Difference, Is.EqualTo(2).Within(1e-12));
        Assert.That(v.CiLow, Is.EqualTo(2 - 2.48414).Within(1e-4));
        Assert.That(v.CiHigh, Is.EqualTo(2 + 2.48414).Within(1e-4));
        Assert.That(v.Passed, Is.True, "2% worse, over the 1% tolerance, but the interval includes no change");

        Assert.That(BaselineMetrics.Compare("modification_delay.mean", [100, 100, 100], [102, 102.1, 101.9], 0.01).Passed, Is.False, "2% worse and significant");
        Assert.That(BaselineMetrics.Compare("session_establishment_ratio", [1, 1], [0.99, 0.99], 0.001).Passed, Is.False, "a ratio 1 point lower: worse");
        Assert.That(BaselineMetrics.Compare("session_establishment_ratio", [0.9, 0.9], [0.99, 0.99], 0.001).Passed, Is.True, "higher is better");
        Assert.That(BaselineMetrics.Compare("media_added_delay.p99", [double.NaN], [double.NaN], 0.02).Passed, Is.True, "no samples either side");
        Assert.That(BaselineMetrics.Compare("media_added_delay.p99", [double.NaN], [5], 0.02).Passed, Is.False, "samples now, none before");
    }
}
