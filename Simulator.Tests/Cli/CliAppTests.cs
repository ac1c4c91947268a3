using System.Text.Json;
using System.Xml.Linq;
using CpmSim.Cli;

namespace CpmSim.Tests.Cli;

public class CliAppTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "cpmsim-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public void Replay_CsvFormat_HasTheExactHeaderAndStepColumn()
    {
        (int code, string output, _) = Run("replay", "--variant", "r01", "--format", "csv");
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(code, Is.EqualTo(0));
        Assert.That(lines[0], Is.EqualTo("step,kind,from_role,to_role,message,sip,sent_us,received_us,from_node,to_node,session"));
        string seven = lines.Single(l => l.StartsWith("7,", StringComparison.Ordinal));
        Assert.That(seven, Is.EqualTo("7,send,IwfA,Core,Rejected,488 (warning 304),1120000,1125000,iwf-sms,sip-core,1"));
        Assert.That(lines.Count(l => l.StartsWith("9-11,action,Isf,Isf,", StringComparison.Ordinal)), Is.EqualTo(3));
        Assert.That(lines.Where(l => l.Contains(",ACK,", StringComparison.Ordinal)), Has.All.StartWith(",send,"), "ACKs have no step");
        Assert.That(lines.Single(l => l.StartsWith("23,", StringComparison.Ordinal)), Does.StartWith("23,state,Orig,IwfB,session,file(120KB),"));
    }

    [Test]
    public void Replay_JsonFormat_IsValidJsonWithRecords()
    {
        (int code, string output, _) = Run("replay", "--variant", "pre-r01", "--format", "json");
        using JsonDocument doc = JsonDocument.Parse(output);

        Assert.That(code, Is.EqualTo(0));
        Assert.That(doc.RootElement.GetProperty("conforms").GetBoolean(), Is.True);
        Assert.That(doc.RootElement.GetProperty("records").GetArrayLength(), Is.GreaterThan(28));
    }

    [Test]
    public void Replay_Table_ShowsStepsTimesAndConformance()
    {
        (int code, string output, _) = Run("replay", "--variant", "r01");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("flow r01: conforms"));
        Assert.That(output, Does.Contain("modification: sent at 1.08s, answered at 1.2s: 120ms"));
        Assert.That(output, Does.Match(@"9-11\s+1\.13s\s+Isf\s+\(interworking selection\)"));
    }

    [Test]
    public void Replay_OutFile_WritesTheFileAndASummary()
    {
        string path = Path.Combine(_dir, "sub", "r01.csv");
        (int code, string output, _) = Run("replay", "--variant", "r01", "--format", "csv", "--out", path);

        Assert.That(code, Is.EqualTo(0));
        Assert.That(File.ReadAllLines(path)[0], Does.StartWith("step,kind,"));
        Assert.That(output, Does.Contain("wrote csv to").And.Contain("flow r01: conforms"));
    }

    [Test]
    public void Replay_SameSeedTwice_ByteIdenticalCsv()
    {
        string first = Run("replay", "--variant", "full-story", "--format", "csv", "--seed", "5").Out;
        string second = Run("replay", "--variant", "full-story", "--format", "csv", "--seed", "5").Out;

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first.Split('\n'), Has.Length.GreaterThan(100));
    }

    [TestCase("replay", "--variant", "r1")]
    [TestCase("replay", "missing.yaml")]
    [TestCase("replay")]
    [TestCase("replay", "--variant", "r01", "--format", "xml")]
    [TestCase("replay", "--variant", "r01", "--seed", "minus-one")]
    [TestCase("check")]
    [TestCase("check", "missing.yaml")]
    [TestCase("frobnicate")]
    public void Run_BadInput_ExitCode2WithAOneParagraphErrorAndNoStackTrace(params string[] args)
    {
        (int code, string output, string error) = Run(args);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.StartWith("error: "));
        Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(output, Is.Empty);
    }

    [Test]
    public void Replay_UnknownVariant_SuggestsTheNearest()
    {
        (_, _, string error) = Run("replay", "--variant", "r1");

        Assert.That(error, Does.Contain("there is no built-in scenario 'r1'").And.Contain("did you mean 'r01'?"));
    }

    [Test]
    public void Check_AllBuiltIns_PassWithExit0AndJunitReport()
    {
        string junit = Path.Combine(_dir, "report.xml");
        (int code, string output, _) = Run("check", "--all", "--junit", junit);

        int builtIns = CpmSim.Scenarios.Scenario.BuiltIn.ScenarioNames.Count;
        Assert.That(builtIns, Is.GreaterThanOrEqualTo(9));
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain($"{builtIns} passed, 0 failed"));
        XElement suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.That((int)suite.Attribute("tests")!, Is.EqualTo(builtIns));
        Assert.That((int)suite.Attribute("failures")!, Is.EqualTo(0));
        Assert.That(suite.Elements("testcase").Count(), Is.EqualTo(builtIns));
    }

    [Test]
    public void Check_ScenarioThatDoesNotConform_Exit1WithTheMismatchAndAFailureInJunit()
    {
        string scenario = Path.Combine(_dir, "broken.yaml");
        File.WriteAllText(scenario, "name: broken\nextends: r01\nnodes:\n  isf: {reattempt: false}\n");
        string junit = Path.Combine(_dir, "report.xml");

        (int code, string output, _) = Run("check", scenario, "--variant", "r01", "--junit", junit);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.Contain("FAIL  broken").And.Contain("step 9-11: expected action 'interworking selection' at Isf"));
        Assert.That(output, Does.Contain("1 passed, 1 failed"));
        XElement failure = XDocument.Load(junit).Descendants("failure").Single();
        Assert.That((string)failure.Attribute("message")!, Does.Contain("step 9-11"));
    }

    [Test]
    public void Check_BadFileAmongGood_Exit2AndNothingRuns()
    {
        string bad = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(bad, "name: bad\nextends: r01\nnodes: {isf: {reatempt: false}}\n");

        (int code, string output, string error) = Run("check", bad, "--variant", "r01");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("bad.yaml:3:15: unknown key 'reatempt'"));
    }

    [Test]
    public void Variants_ListsEveryBuiltInWithADescription()
    {
        (int code, string output, _) = Run("variants");

        Assert.That(code, Is.EqualTo(0));
        foreach (string v in new[] { "r01", "pre-r01", "iwfa-accepts", "no-alternative", "iwfb-rejects", "iwfb-timeout", "port-zero", "controlling", "full-story" })
        {
            Assert.That(output, Does.Match($@"(?m)^{v}\s+\S.+$"));
        }
    }

    [Test]
    public void Version_PrintsTheVersion()
    {
        (int code, string output, _) = Run("--version");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(output.Trim(), Does.Match(@"^\d+\.\d+\.\d+"));
    }

    [Test]
    public void Check_LoadBoundViolated_Exit1AndTheMeasuredValue()
    {
        string scenario = Path.Combine(_dir, "tight.yaml");
        File.WriteAllText(scenario, "name: tight\nextends: load-r01\nworkload: {sessions: 1000}\nexpect:\n  load: [\"modification_delay.p99 < 100ms\", \"sessions_started >= 1\"]\n");

        (int code, string output, _) = Run("check", scenario);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.Match(@"load: modification_delay\.p99 < 100ms: \d+(\.\d+)? VIOLATED"));
        Assert.That(output, Does.Contain("load: sessions_started >= 1:").And.Contain(" ok"));
    }

    [Test]
    public void Check_BadLoadBound_Exit2WithPosition()
    {
        string scenario = Path.Combine(_dir, "bad-bound.yaml");
        File.WriteAllText(scenario, "name: b\nextends: load-r01\nexpect:\n  load:\n    - \"modification_delay.p98 < 1s\"\n");

        (int code, _, string error) = Run("check", scenario);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("bad-bound.yaml:5:7:").And.Contain("STAT one of mean, p50, p90, p99, p999, max"));
    }
}
