using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using CpmSim.Cli;

namespace CpmSim.Tests.Cli;

public class CheckCommandTests : CliTestFixture
{
    private const string Broken = "name: broken\nextends: r01\nnodes:\n  isf: {reattempt: false}\n";
    private const string Invalid = "name: bad\nextends: r01\nnodes: {isf: {reatempt: false}}\n";

    private string Write(string name, string text)
    {
        string path = Path.Combine(TempDir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static XElement Case(XDocument report, string suite, string name) =>
        report.Descendants("testsuite").Single(s => (string?)s.Attribute("name") == suite).Elements("testcase").Single(c => (string?)c.Attribute("name") == name);

    [Test]
    public void Check_FlowDoesNotConform_FailureAndSystemOutSayTheSame()
    {
        string broken = Write("broken.yaml", Broken);
        string junit = Path.Combine(TempDir, "report.xml");

        (int code, string output, _) = Run("check", broken, "--junit", junit);

        Assert.That(code, Is.EqualTo(1));
        XElement flow = Case(XDocument.Load(junit), broken, "flow r01");
        Assert.That((string?)flow.Element("failure")?.Attribute("message"), Does.StartWith("flow 'r01' does not conform: step 9-11"));
        Assert.That((string?)flow.Element("system-out"), Does.StartWith("flow r01 does not conform: step 9-11").And.Not.Contain("flow r01 conforms"));
        Assert.That(output, Does.Not.Contain("flow r01 conforms"));
    }

    [Test]
    public void Check_Junit_OneSuitePerInputAndOneCasePerCheckWithItsDuration()
    {
        string tight = Write("tight.yaml", "name: tight\nextends: load-r01\nworkload: {sessions: 1000}\nexpect:\n  load: [\"modification_delay.p99 < 1ms\", \"sessions_started >= 1\"]\n");
        string junit = Path.Combine(TempDir, "report.xml");

        (int code, _, _) = Run("check", tight, "--variant", "r01", "--junit", junit);

        Assert.That(code, Is.EqualTo(1));
        XDocument report = XDocument.Load(junit);
        Assert.That(report.Root!.Elements("testsuite").Select(s => (string?)s.Attribute("name")), Is.EqualTo(new[] { tight, "builtin:r01" }));
        Assert.That(report.Descendants("testsuite").First().Elements("testcase").Select(c => (string?)c.Attribute("name")),
            Is.EqualTo(new[] { "flow r01", "strict r01", "outcome Success", "load: modification_delay.p99 < 1ms", "load: sessions_started >= 1" }));
        Assert.That(Case(report, tight, "load: modification_delay.p99 < 1ms").Element("failure"), Is.Not.Null, "a violated bound fails");
        Assert.That((string?)Case(report, tight, "load: modification_delay.p99 < 1ms").Element("system-out"), Does.Contain("VIOLATED"));
        Assert.That(Case(report, tight, "load: sessions_started >= 1").Element("failure"), Is.Null);
        Assert.That((string?)Case(report, tight, "load: sessions_started >= 1").Element("system-out"), Does.EndWith(" ok"));
        Assert.That(Case(report, "builtin:r01", "flow r01").Element("failure"), Is.Null);

        var times = report.Descendants("testcase").Select(c => double.Parse((string)c.Attribute("time")!, NumberStyles.Float, CultureInfo.InvariantCulture)).ToList();
        Assert.That(times, Has.All.GreaterThan(0), "every check took the time of the run it was made on");
        XElement suite = report.Root.Elements("testsuite").First();
        Assert.That((int)suite.Attribute("tests")!, Is.EqualTo(5));
        Assert.That((int)suite.Attribute("failures")!, Is.EqualTo(1));
        Assert.That((int)suite.Attribute("errors")!, Is.EqualTo(0));
        Assert.That((double)suite.Attribute("time")!, Is.GreaterThanOrEqualTo(suite.Elements("testcase").Sum(c => (double)c.Attribute("time")!) - 1e-5));
    }

    [Test]
    public void Check_InvalidFileAmongGood_ErrorCaseTheOthersRunAndTheReportIsWrittenExit2()
    {
        string bad = Write("bad.yaml", Invalid);
        string broken = Write("broken.yaml", Broken);
        string junit = Path.Combine(TempDir, "report.xml");

        (int code, string output, string error) = Run("check", bad, broken, "--variant", "r01", "--junit", junit);

        Assert.That(code, Is.EqualTo(2), "an invalid input outranks a failed check");
        Assert.That(error, Does.StartWith("error: ").And.Contain("bad.yaml:3:15: unknown key 'reatempt'").And.Not.Contain("   at "));
        Assert.That(output, Does.Contain("PASS  r01").And.Contain("FAIL  broken").And.Contain("1 passed, 1 failed, 1 could not be checked"));
        XDocument report = XDocument.Load(junit);
        XElement invalid = Case(report, bad, "load scenario").Element("error")!;
        Assert.That((string?)invalid.Attribute("type"), Is.EqualTo("invalid-input"));
        Assert.That((string?)invalid.Attribute("message"), Does.StartWith("bad.yaml:3:15: unknown key 'reatempt'").Or.Contain("bad.yaml:3:15: unknown key 'reatempt'"));
        Assert.That(report.Root!.Elements("testsuite"), Has.Exactly(3).Items);
        Assert.That((int)report.Root.Attribute("errors")!, Is.EqualTo(1));
        Assert.That((int)report.Root.Attribute("failures")!, Is.EqualTo(2));
    }

    [Test]
    public void Check_MissingFile_Exit2WithTheErrorOnStderrAndTheInputListedAsAnError()
    {
        (int code, string output, string error) = Run("check", "missing.yaml");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.StartWith("error: missing.yaml").And.Not.Contain("   at "));
        Assert.That(output, Does.Contain("ERROR").And.Contain("missing.yaml").And.Contain("0 passed, 0 failed, 1 could not be checked"));
    }

    [Test]
    public void Check_RunThatThrows_ErrorCaseAndTheReportIsStillWritten()
    {
        string good = Write("good.yaml", "name: good\nextends: r01\n");
        string crash = Write("crash.yaml", "name: crash\nextends: r01\nlinks: []\n");
        string junit = Path.Combine(TempDir, "x.xml");

        (int code, string output, string error) = Run("check", good, crash, "--junit", junit);

        // Today the run throws (internal error, 70); once validation rejects a network without links it is bad input (2).
        Assert.That(code, Is.EqualTo(70).Or.EqualTo(2));
        Assert.That(error, Does.Not.Contain("   at "));
        Assert.That(output, Does.Contain("PASS  good"));
        XDocument report = XDocument.Load(junit);
        Assert.That(Case(report, good, "flow r01").Elements().Select(e => e.Name.LocalName), Is.EqualTo(new[] { "system-out" }));
        XElement crashed = report.Descendants("testsuite").Single(s => (string?)s.Attribute("name") == crash);
        Assert.That(crashed.Elements("testcase").Single().Element("error"), Is.Not.Null);
        if (code == 70)
        {
            Assert.That(error, Does.StartWith("internal error: ").And.Contain("please report it with this command line: cpmsim check " + good + " " + crash + " --junit " + junit));
        }
    }

    [Test]
    public void Check_Junit_IsUtf8WithoutByteOrderMark()
    {
        string junit = Path.Combine(TempDir, "report.xml");

        Run("check", "--variant", "r01", "--junit", junit);

        byte[] bytes = File.ReadAllBytes(junit);
        Assert.That(bytes.Take(5), Is.EqualTo("<?xml"u8.ToArray()));
    }

    [Test]
    public void Check_Junit_ReadByJunitparserAsWritten()
    {
        string python = JunitParser();
        string bad = Write("bad.yaml", Invalid);
        string broken = Write("broken.yaml", Broken);
        string junit = Path.Combine(TempDir, "report.xml");
        Run("check", broken, bad, "--variant", "r01", "--junit", junit);

        const string Script = """
            import re, sys
            from junitparser import JUnitXml
            xml = JUnitXml.fromfile(sys.argv[1])
            for suite in xml:
                for case in suite:
                    kinds = [type(r).__name__ for r in case.result]
                    print("|".join([suite.name, case.classname, case.name, "%.6f" % case.time, ",".join(kinds) or "passed", re.split("[:;]", case.system_out or "")[0]]))
            xml.update_statistics()
            print("total|%d|%d|%d" % (xml.tests, xml.failures, xml.errors))
            """;
        (int exit, string output, string error) = Exec(python, "-c", Script, junit);

        Assert.That(exit, Is.EqualTo(0), error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines.Select(l => l.StartsWith("total|", StringComparison.Ordinal) ? l : string.Join('|', l.Split('|').Where((_, i) => i != 3))), Is.EqualTo(new[]
        {
            $"{broken}|cpmsim.broken|flow r01|Failure|flow r01 does not conform",
            $"{broken}|cpmsim.broken|strict r01|passed|flow r01 does not conform",
            $"{broken}|cpmsim.broken|outcome Success|Failure|flow r01 does not conform",
            $"{bad}|cpmsim.bad|load scenario|Error|{bad}",
            "builtin:r01|cpmsim.r01|flow r01|passed|flow r01 conforms",
            "builtin:r01|cpmsim.r01|strict r01|passed|flow r01 conforms",
            "builtin:r01|cpmsim.r01|outcome Success|passed|flow r01 conforms",
            "builtin:r01|cpmsim.r01|fingerprint tnk|passed|fingerprint tnk",
            "builtin:r01|cpmsim.r01|fingerprint tnkds|passed|fingerprint tnkds",
            "total|9|2|1",
        }));
        Assert.That(lines.SkipLast(1).Select(l => double.Parse(l.Split('|')[3], CultureInfo.InvariantCulture)), Has.All.GreaterThan(0));
    }

    /// <summary>The python3 that imports junitparser, installed by the project's script when missing; Inconclusive only when it cannot be.</summary>
    private static string JunitParser()
    {
        string? root = TestContext.CurrentContext.TestDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "CpmSim.sln")))
        {
            root = Path.GetDirectoryName(root);
        }

        Assert.That(root, Is.Not.Null, "the repository root (CpmSim.sln) is above the test directory");
        string script = Path.Combine(root!, ".ci", "junitparser");
        (int exit, string output, string error) = Exec("bash", script);
        if (exit != 0)
        {
            Assert.Inconclusive($"junitparser is not available and {script} could not install it: {error.Trim()}");
        }

        return output.Trim().Split('\n')[^1];
    }
}
