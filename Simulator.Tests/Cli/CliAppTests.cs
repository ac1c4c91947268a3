using System.CommandLine;
using System.Text.Json;
using System.Xml.Linq;
using CpmSim.Cli;
using CpmSim.Core.Network;
using CpmSim.Core.Random;
using CpmSim.Scenarios.Files;

namespace CpmSim.Tests.Cli;

public class CliAppTests : CliTestFixture
{
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
        string path = Path.Combine(TempDir, "sub", "r01.csv");
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
    [TestCase("frobnicate")]
    [TestCase("run")]
    [TestCase("run", "missing.yaml")]
    [TestCase("run", "--variant", "load-r01", "--rate", "fast")]
    [TestCase("run", "--variant", "load-r01", "--rate", "-5/s")]
    [TestCase("run", "--variant", "load-r01", "--seed", "x")]
    [TestCase("sweep", "missing.yaml")]
    [TestCase("merge", "missing-shard-dir", "--out", "merged")]
    [TestCase("capacity", "--variant", "r01", "--from", "ten")]
    public void Run_BadInput_ExitCode2WithAOneParagraphErrorAndNoStackTrace(params string[] args)
    {
        (int code, string output, string error) = Run(args);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.StartWith("error: "));
        Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(output, Is.Empty);
    }

    [Test]
    public void Run_CommandThrowsAnUnexpectedException_Exit70WithOneLineAndTheCommandLine()
    {
        var boom = new Command("boom") { new Argument<string>("FILE") };
        boom.SetAction(new Func<ParseResult, int>(_ => throw new InvalidOperationException("the heap\nis broken")));
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = CliApp.Run(["boom", "a b.yaml"], stdout, stderr, [boom]);

        Assert.That(code, Is.EqualTo(70).And.EqualTo(CliApp.ExitInternalError));
        Assert.That(stderr.ToString(), Is.EqualTo(
            "internal error: InvalidOperationException: the heap is broken — this is a bug in cpmsim; please report it with this command line: cpmsim boom 'a b.yaml'" + Environment.NewLine));
        Assert.That(stdout.ToString(), Is.Empty);
    }

    [Test]
    public void Run_UserInputExceptionReachesTheTop_Exit2WithItsMessage()
    {
        var commands = new[]
        {
            Throwing("file", new FileErrorException([new FileError("s.yaml", 3, 7, "unknown key 'x'")])),
            Throwing("dist", new DistributionFormatException("'exp(mean=)' has an empty value", "exp(mean=)", 9)),
            Throwing("parallel", new AggregateException(new DistributionFormatException("'gamma(shape=0)' needs shape > 0", "gamma(shape=0)", 0))),
        };
        foreach ((string name, string expected) in new[] { ("file", "error: s.yaml:3:7: unknown key 'x'"), ("dist", "error: 'exp(mean=)' has an empty value"), ("parallel", "error: 'gamma(shape=0)' needs shape > 0") })
        {
            var stderr = new StringWriter();

            int code = CliApp.Run([name], new StringWriter(), stderr, commands);

            Assert.That(code, Is.EqualTo(2), name);
            Assert.That(stderr.ToString(), Does.StartWith(expected).And.Not.Contain("internal error").And.Not.Contain("   at "), name);
        }

        static Command Throwing(string name, Exception e)
        {
            var c = new Command(name);
            c.SetAction(new Func<ParseResult, int>(_ => throw e));
            return c;
        }
    }

    [Test]
    public void Replay_UnknownIsfPolicy_Exit2WithPlaceAndDidYouMean()
    {
        string scenario = Path.Combine(TempDir, "policy.yaml");
        File.WriteAllText(scenario, "name: policy\nextends: r01\nnodes:\n  isf: {kind: isf, policy: preferenc}\n");

        (int code, _, string error) = Run("replay", scenario);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("policy.yaml:4:28: 'policy' in node 'isf' must be one of preference").And.Contain("did you mean 'preference'?"));
    }

    [Test]
    public void Run_ScenarioWhoseRunThrows_OneLineOnStderrAndNoStackTrace()
    {
        // No links: the client's first INVITE has no path. Until validation catches this it is an internal error (70); then it is bad input (2).
        string scenario = Path.Combine(TempDir, "no-links.yaml");
        File.WriteAllText(scenario, "name: no-links\nextends: r01\nlinks: []\n");

        (int code, _, string error) = Run("replay", scenario);

        Assert.That(code, Is.EqualTo(70).Or.EqualTo(2));
        Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
        if (code == 70)
        {
            Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
            Assert.That(error, Does.StartWith("internal error: ").And.Contain("please report it with this command line: cpmsim replay "));
        }
    }

    [Test]
    public void Help_Root_DocumentsEveryExitCode()
    {
        (int code, string output, _) = Run("--help");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("1 a check failed (check) or the trace does not conform (replay)").And.Contain("2 bad input").And.Contain("70 internal error"));
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
        string junit = Path.Combine(TempDir, "report.xml");
        (int code, string output, _) = Run("check", "--all", "--junit", junit);

        int builtIns = CpmSim.Scenarios.Scenario.BuiltIn.ScenarioNames.Count;
        Assert.That(builtIns, Is.GreaterThanOrEqualTo(9));
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain($"{builtIns} passed, 0 failed"));
        XElement suites = XDocument.Load(junit).Root!;
        Assert.That(suites.Elements("testsuite").Count(), Is.EqualTo(builtIns), "one testsuite per scenario");
        Assert.That((int)suites.Attribute("tests")!, Is.EqualTo(suites.Descendants("testcase").Count()).And.GreaterThan(builtIns));
        Assert.That((int)suites.Attribute("failures")!, Is.EqualTo(0));
        Assert.That((int)suites.Attribute("errors")!, Is.EqualTo(0));
    }

    [Test]
    public void Check_ScenarioThatDoesNotConform_Exit1WithTheMismatchAndAFailureInJunit()
    {
        string scenario = Path.Combine(TempDir, "broken.yaml");
        File.WriteAllText(scenario, "name: broken\nextends: r01\nnodes:\n  isf: {reattempt: false}\n");
        string junit = Path.Combine(TempDir, "report.xml");

        (int code, string output, _) = Run("check", scenario, "--variant", "r01", "--junit", junit);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.Contain("FAIL  broken").And.Contain("step 9-11: expected action 'interworking selection' at Isf"));
        Assert.That(output, Does.Contain("1 passed, 1 failed"));
        XElement failure = XDocument.Load(junit).Descendants("failure").Single(f => (string?)f.Attribute("type") == "flow");
        Assert.That((string)failure.Attribute("message")!, Does.Contain("step 9-11"));
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
        string scenario = Path.Combine(TempDir, "tight.yaml");
        File.WriteAllText(scenario, "name: tight\nextends: load-r01\nworkload: {sessions: 1000}\nexpect:\n  load: [\"modification_delay.p99 < 100ms\", \"sessions_started >= 1\"]\n");

        (int code, string output, _) = Run("check", scenario);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.Match(@"load: modification_delay\.p99 < 100ms: \d+(\.\d+)? VIOLATED"));
        Assert.That(output, Does.Contain("load: sessions_started >= 1:").And.Contain(" ok"));
    }

    [Test]
    public void Check_BadLoadBound_Exit2WithPosition()
    {
        string scenario = Path.Combine(TempDir, "bad-bound.yaml");
        File.WriteAllText(scenario, "name: b\nextends: load-r01\nexpect:\n  load:\n    - \"modification_delay.p98 < 1s\"\n");

        (int code, _, string error) = Run("check", scenario);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("bad-bound.yaml:5:7:").And.Contain("STAT one of mean, p50, p90, p99, p999, max"));
    }

    [TestCase("--seed", "x", "expected a whole number ≥ 0")]
    [TestCase("--replications", "two", "expected a whole number")]
    public void Run_UnparsableNumber_NamesTheKindOfValueNotADotNetType(string option, string value, string expected)
    {
        (int code, _, string error) = Run("run", "--variant", "load-r01", option, value);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain($"'{value}' for option '{option}' — {expected}"));
        Assert.That(error, Does.Not.Contain("System."));
    }

    [Test]
    public void Run_RateWrittenAsInScenarioFilesOrAsANumber_IsTheSameRate()
    {
        string Summary(string rate)
        {
            string dir = Path.Combine(TempDir, "rate-" + rate.Replace('/', '-'));
            (int code, _, string error) = Run("run", "--variant", "load-r01", "--sessions", "1000", "--rate", rate, "--no-plots", "--out", dir);
            Assert.That(code, Is.EqualTo(0), error);
            return File.ReadAllText(Path.Combine(dir, "summary.csv"));
        }

        string perSecond = Summary("50/s");
        Assert.That(perSecond, Does.Not.Contain("\nsessions_started,sessions,0,"), "sessions were measured after the warm-up");

        Assert.That(Summary("50"), Is.EqualTo(perSecond));
        Assert.That(Summary("3000/min"), Is.EqualTo(perSecond));
        Assert.That(Summary("60/s"), Is.Not.EqualTo(perSecond), "the rate is applied");
    }

    [Test]
    public void Run_OutputDirectoryNotWritable_FailsBeforeSimulating()
    {
        string file = Path.Combine(TempDir, "a-file");
        File.WriteAllText(file, "x");

        (int code, string output, string error) = Run("run", "--variant", "load-r01", "--sessions", "200", "--out", Path.Combine(file, "out"));

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.StartWith("error: cannot write to '").And.Contain("(--out)").And.Contain("Hint:"));
        Assert.That(output, Is.Empty, "nothing was simulated");
    }

    [Test]
    public void Run_WritesTheDocumentedFilesAndPlots()
    {
        string dir = Path.Combine(TempDir, "run");

        (int code, string output, string error) = Run("run", "--variant", "load-r01", "--sessions", "1000", "--out", dir);

        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(error, Is.Empty);
        Assert.That(File.ReadLines(Path.Combine(dir, "summary.csv")).First(), Is.EqualTo("metric,unit,mean,ci95_low,ci95_high,p50,p90,p99,p999,max,n,steady_state"));
        foreach (string f in new[] { "nodes.csv", "steps.csv", "latency-histogram.csv" })
        {
            Assert.That(new FileInfo(Path.Combine(dir, f)).Length, Is.GreaterThan(0), f);
        }

        Assert.That(Directory.GetFiles(dir, "*.png"), Is.Not.Empty);
        Assert.That(Directory.GetFiles(dir, "*.svg"), Has.Length.EqualTo(Directory.GetFiles(dir, "*.png").Length));
        Assert.That(output, Does.Match(@"1 replication\(s\), [1-9][\d,]* measured sessions"));
    }

    [Test]
    public void Run_TwoSessionsHeld10000HoursWithPlots_FewEventsBoundedPlotAndTheSameCsvAsWithoutPlots()
    {
        // Before issue 18 a queue sample every 100 ms and a progress event every second of virtual
        // time ran while a session was open: 36 million events for this run, and a plot of 360
        // million points. Now the run's events are the model's, the plot has a bounded number of
        // points, and summary.csv and nodes.csv are the same with plots and progress or without. No
        // session timers: their refreshes (every 15 min of the 10000 h) are model events of their own.
        string scenario = Path.Combine(TempDir, "long.yaml");
        File.WriteAllText(scenario, "name: long\nextends: load-r01\ntimers: {session-expires: none}\nworkload:\n  sessions: 2\n  warm-up: 0s\n  behaviour:\n    file-probability: 1\n    holding-time: const(10000h)\n");
        string plots = Path.Combine(TempDir, "plots");
        string bare = Path.Combine(TempDir, "bare");

        (int code, string output, string error) = Run("run", scenario, "--out", plots);
        (int bareCode, _, string bareError) = Run("run", scenario, "--no-plots", "--out", bare);

        Assert.That((code, bareCode), Is.EqualTo((0, 0)), error + bareError);
        string summary = File.ReadAllText(Path.Combine(plots, "summary.csv"));
        long events = long.Parse(summary.Split('\n').Single(l => l.StartsWith("events,", StringComparison.Ordinal)).Split(',')[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(events, Is.InRange(100, 2_000), output);
        Assert.That(new FileInfo(Path.Combine(plots, "queue-length.svg")).Length, Is.LessThan(1_000_000), "a bounded plot");
        Assert.That(File.ReadAllText(Path.Combine(bare, "summary.csv")), Is.EqualTo(summary));
        Assert.That(File.ReadAllText(Path.Combine(bare, "nodes.csv")), Is.EqualTo(File.ReadAllText(Path.Combine(plots, "nodes.csv"))));
    }

    [Test]
    public void Run_EverySessionInsideTheWarmUp_WarnsThatNothingWasMeasured()
    {
        // load-r01 has a 10 s warm-up; 200 sessions at 40/s arrive within 5 s.
        (int code, string output, string error) = Run("run", "--variant", "load-r01", "--sessions", "200");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("0 measured sessions"));
        Assert.That(error, Does.StartWith("warning: no session was measured: every session started within the warm-up (10s)").And.Contain("--sessions"));
    }

    [Test]
    public void Sweep_GivenAScenarioFile_SaysToRunItOrNameItInAGrid()
    {
        string scenario = Path.Combine(TempDir, "mine.yaml");
        File.WriteAllText(scenario, "name: mine\nextends: load-r01\nworkload: {sessions: 100}\n");

        (int code, string output, string error) = Run("sweep", scenario, "--out", Path.Combine(TempDir, "sweep"));

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("mine.yaml:2:").And.Contain("this is a scenario file, not a sweep").And.Contain("cpmsim run"));
        Assert.That(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1), "one error, not one per key");
        Assert.That(output, Is.Empty);
    }

    // Issue 18, defect 4: inputs accepted at load that crashed the run (exit 134). Each now fails at
    // load with exit 2, the place and the limit, or runs to the end with exit 0.
    [TestCase("replay", "name: x\nextends: r01\nnodes:\n  cpm-client: {instances: 2}\n", "x.yaml:4:27: node 'cpm-client' is the cpm-client, which has one instance")]
    [TestCase("check", "name: x\nextends: r01\nnodes:\n  cpm-client: {instances: 2}\n", "x.yaml:4:27: node 'cpm-client' is the cpm-client, which has one instance")]
    [TestCase("check", "name: x\nextends: r01\ntimers: {t1: 40100h}\n", "x.yaml:3:14: 't1' in timers is 40100h, too long")]
    [TestCase("run", "name: x\nextends: load-r01\nworkload:\n  behaviour:\n    holding-time: exp(mean=2562048h)\n", "x.yaml:5:19: 'holding-time' in behaviour: 'exp(mean=2562048h)' has '2562048h', beyond the clock's range: a time must lie within ±2562047h")]
    [TestCase("run", "name: x\nextends: load-r01\nworkload:\n  behaviour:\n    chat-messages: const(3000000000)\n", "x.yaml:5:20: 'chat-messages' in behaviour: 'const(3000000000)' plans 3000000000 chat messages per session on average, above the limit of 1000000")]
    public void Command_ScenarioPastALimit_Exit2WithThePlaceTheLimitAndTheFix(string command, string yaml, string expected)
    {
        string file = Path.Combine(TempDir, "x.yaml");
        File.WriteAllText(file, yaml);

        (int code, string output, string error) = Run(command, file, "--sessions", "50", "--no-plots");
        if (command != "run")
        {
            (code, output, error) = Run(command, file);
        }

        Assert.That(code, Is.EqualTo(2), error);
        Assert.That(error, Does.StartWith("error: ").And.Contain(expected));
        Assert.That(error, Does.Contain("Hint: ").Or.Contain("Accepted forms: "), "says what to write instead");
        Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(output, command == "check" ? Does.Contain("1 could not be checked") : Is.Empty, "check lists the invalid file on stdout; the others print nothing");
    }

    [Test]
    public void Run_HoldingTimesPastTheEndOfTheClock_RunsToTheEnd()
    {
        // exp(mean=2562047h) is legal; about a third of its draws lie past the clock's range and used
        // to throw OverflowException (exit 134). They saturate at the end of the clock. No session
        // timers: years-long sessions would be refreshed every 15 min (~10^7 refreshes each).
        string file = Path.Combine(TempDir, "hold.yaml");
        File.WriteAllText(file, "name: hold\nextends: load-r01\ntimers: {session-expires: none}\nworkload:\n  warm-up: 0s\n  behaviour:\n    holding-time: exp(mean=2562047h)\n");

        (int code, string output, string error) = Run("run", file, "--sessions", "50", "--no-plots");

        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("50 measured sessions"));
    }

    [Test]
    public void Replay_FileLargerThanALinkCanSerialiseWithinTheClock_ArrivesAndIsNotShownLost()
    {
        // 2000 MB on 1 bit/s: 507 years of serialisation; the overflow made the MSRP SEND "lost" on a
        // loss-free link. It now arrives at the end of the clock.
        string file = Path.Combine(TempDir, "big.yaml");
        File.WriteAllText(file, "name: big\nextends: r01\nnodes:\n  iwf-mms: {max-file-size: 3000MB}\nsession: {file-size: 2000MB}\n" +
            "links:\n  - {between: [cpm-client, cpm-server], latency: const(20ms)}\n  - {between: [cpm-server, sip-core]}\n  - {between: [sip-core, isf]}\n" +
            "  - {between: [sip-core, iwf-sms]}\n  - {between: [sip-core, iwf-mms]}\n  - {between: [iwf-mms, mmsc], latency: const(10ms)}\n" +
            "  - {between: [iwf-sms, smsc], latency: const(10ms)}\n  - {between: [smsc, sms-user]}\n  - {between: [mmsc, sms-user]}\n" +
            "  - {between: [cpm-client, iwf-sms]}\n  - {between: [cpm-client, iwf-mms], bandwidth: 1bps}\n");

        (int code, string output, string error) = Run("replay", file, "--format", "csv");

        Assert.That(code, Is.EqualTo(0), error);
        string send = output.Split('\n').Single(l => l.StartsWith(",send,Orig,IwfB,MsrpSend,", StringComparison.Ordinal));
        Assert.That(send, Does.EndWith(",9223372036854775,cpm-client,iwf-mms,1"), "received at the end of the clock (in microseconds), not lost");
        Assert.That(Run("replay", file).Out, Does.Contain("MSRP SEND file(2000MB)").And.Not.Contain("(lost)"));
    }

    [Test]
    public void Replay_SeedInTheFileAtTheTopOfItsRange_SameAsTheSeedOption()
    {
        // --seed took 18446744073709551615; the file's seed: refused it.
        string withSeed = Path.Combine(TempDir, "with-seed.yaml");
        string without = Path.Combine(TempDir, "without.yaml");
        File.WriteAllText(withSeed, "name: s\nextends: full-story\nseed: 18446744073709551615\n");
        File.WriteAllText(without, "name: s\nextends: full-story\n");

        (int code, string fromFile, string error) = Run("replay", withSeed);
        string fromOption = Run("replay", without, "--seed", "18446744073709551615").Out;

        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(fromFile, Does.Contain("seed 18446744073709551615,"));
        Assert.That(fromFile, Is.EqualTo(fromOption));
    }
}
