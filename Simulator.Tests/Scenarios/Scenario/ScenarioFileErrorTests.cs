using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Scenarios.Scenario;

/// <summary>Every error path of scenario files: the message names the file, the line, the column and the key.</summary>
public class ScenarioFileErrorTests
{
    private static IReadOnlyList<FileError> Errors(string yaml, string file = "bad.yaml")
    {
        var e = Assert.Throws<FileErrorException>(() => ScenarioBuilder.Build(ScenarioLoader.Load(file, yaml)));
        return e!.Errors;
    }

    private static FileError Single(string yaml) => Errors(yaml).Single();

    [Test]
    public void Load_UnknownTopLevelKey_SaysDidYouMeanWithPosition()
    {
        FileError e = Single("name: x\nextends: r01\nsesion: {}\n");

        Assert.That((e.File, e.Line, e.Column), Is.EqualTo(("bad.yaml", 3, 1)));
        Assert.That(e.Message, Does.Contain("unknown key 'sesion'"));
        Assert.That(e.Hint, Does.Contain("did you mean 'session'?"));
        Assert.That(e.ToString(), Does.StartWith("bad.yaml:3:1: unknown key 'sesion' in the scenario."));
    }

    [Test]
    public void Load_BadWarmUp_NamesBothAcceptedForms()
    {
        FileError e = Single("name: x\nextends: load-r01\nworkload:\n  warm-up: autoo\n");

        Assert.That((e.Line, e.Column), Is.EqualTo((4, 12)));
        Assert.That(e.Message, Does.Contain("'warm-up' in workload").And.Contain("'autoo'"));
        Assert.That(e.Hint, Does.Contain("10s").And.Contain("'auto'"));
    }

    [Test]
    public void Load_UnknownNodeKey_NamesTheNodeAndAllowedKeys()
    {
        FileError e = Single("name: x\nextends: r01\nnodes:\n  isf: {reatempt: false}\n");

        Assert.That((e.Line, e.Column), Is.EqualTo((4, 9)));
        Assert.That(e.Message, Is.EqualTo("unknown key 'reatempt' in node 'isf'."));
        Assert.That(e.Hint, Does.Contain("did you mean 'reattempt'?").And.Contain("preference"));
    }

    [Test]
    public void Load_BadKind_ListsTheKinds()
    {
        FileError e = Single("name: x\nextends: r01\nnodes:\n  extra: {kind: routr}\n");

        Assert.That((e.Line, e.Column), Is.EqualTo((4, 17)));
        Assert.That(e.Message, Does.Contain("'kind' in node 'extra'").And.Contain("not 'routr'"));
        Assert.That(e.Hint, Is.EqualTo("did you mean 'sip-core'?").Or.Null);
    }

    [Test]
    public void Load_BadTimeUnit_QuotesTheTextAndAcceptedUnits()
    {
        FileError e = Single("name: x\nextends: r01\nsession:\n  modify-after: 5 parsecs\n");

        Assert.That((e.Line, e.Column), Is.EqualTo((4, 17)));
        Assert.That(e.Message, Does.Contain("'modify-after' in session").And.Contain("'5 parsecs'").And.Contain("ns, us (or µs), ms, s, min, h"));
    }

    [Test]
    public void Load_BadSize_NamesKeyAndForm()
    {
        FileError e = Single("name: x\nextends: r01\nnodes:\n  iwf-mms: {max-file-size: huge}\n");

        Assert.That(e.Line, Is.EqualTo(4));
        Assert.That(e.Message, Does.Contain("'max-file-size' in node 'iwf-mms' must be a size such as 300KB"));
    }

    [Test]
    public void Load_BadDistribution_NamesKey()
    {
        FileError e = Single("name: x\nextends: r01\nlink-defaults: {latency: gauss(1ms)}\n");

        Assert.That((e.Line, e.Column), Is.EqualTo((3, 26)));
        Assert.That(e.Message, Does.StartWith("'latency' in link-defaults:").And.Contain("gauss(1ms)"));
    }

    [Test]
    public void Load_UnknownNodeReference_SuggestsTheNearestName()
    {
        FileError e = Single("name: x\nextends: r01\nnodes:\n  cpm-client: {proxy: cpm-servr}\n");

        Assert.That((e.Line, e.Column), Is.EqualTo((4, 23)));
        Assert.That(e.Message, Is.EqualTo("'proxy' names node 'cpm-servr', which is not declared under 'nodes'."));
        Assert.That(e.Hint, Is.EqualTo("did you mean 'cpm-server'?"));
    }

    [Test]
    public void Load_LinkToUnknownNodeAndToItself_BothReported()
    {
        IReadOnlyList<FileError> errors = Errors("name: x\nextends: r01\nlinks:\n  - {between: [isf, isf]}\n  - {from: isf, to: ghost}\n");

        Assert.That(errors.Select(e => (e.Line, e.Message)), Is.EquivalentTo(new[]
        {
            (4, "link isf-isf connects a node to itself."),
            (5, "'to' names node 'ghost', which is not declared under 'nodes'."),
        }));
    }

    [Test]
    public void Load_ManyErrors_AllReportedAtOnce()
    {
        IReadOnlyList<FileError> errors = Errors("name: x\nextends: r01\nnodes:\n  isf: {reatempt: false}\n  mmsc: {accepts: maybe}\nsession: {modify-after: soon}\n");

        Assert.That(errors, Has.Count.EqualTo(3));
        Assert.That(errors.Select(e => e.Line), Is.EquivalentTo(new[] { 4, 5, 6 }));
    }

    [Test]
    public void Load_YamlSyntaxError_HasPosition()
    {
        FileError e = Single("name: x\nnodes: [a\n");

        Assert.That(e.Message, Does.StartWith("YAML syntax error"));
        Assert.That(e.Line, Is.EqualTo(3));
    }

    [Test]
    public void Load_MissingNodesAndSession_SaysWhatToAdd()
    {
        IReadOnlyList<FileError> errors = Errors("name: x\n");

        Assert.That(errors.Select(e => e.Message), Has.Some.StartsWith("the scenario needs 'nodes'").And.Some.StartsWith("the scenario needs 'session'"));
    }

    [Test]
    public void Load_ExtendsUnknownScenario_ListsBuiltIns()
    {
        FileError e = Single("name: x\nextends: r02\n");

        Assert.That((e.Line, e.Column), Is.EqualTo((2, 10)));
        Assert.That(e.Message, Does.Contain("'extends: r02'"));
        Assert.That(e.Hint, Does.Contain("r01"));
    }

    [Test]
    public void Load_UnknownFlow_SuggestsBuiltInFlow()
    {
        FileError e = Single("name: x\nextends: r01\nflow: r1\n");

        Assert.That(e.Line, Is.EqualTo(3));
        Assert.That(e.Hint, Does.StartWith("did you mean 'r01'?"));
    }

    [Test]
    public void Load_FlowRoleWithoutNode_SaysWhichRole()
    {
        FileError e = Single("name: x\nextends: r01\nflow: full-story\n");

        Assert.That(e.Message, Is.EqualTo("the flow 'full-story' uses role 'NonCpmA', but 'roles' does not say which node plays it."));
        Assert.That(e.Hint, Is.EqualTo("add 'NonCpmA: NODE' under 'roles'."));
    }

    [Test]
    public void Load_ErrorInheritedFromBase_IsReportedAgainstTheBaseFile()
    {
        string dir = Path.Combine(Path.GetTempPath(), "cpmsim-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "base.yaml"), "name: b\nextends: r01\nnodes:\n  mmsc: {answers: sometimes}\n");
            File.WriteAllText(Path.Combine(dir, "child.yaml"), "name: c\nextends: base.yaml\n");
            var e = Assert.Throws<FileErrorException>(() => ScenarioLoader.LoadFile(Path.Combine(dir, "child.yaml")));

            FileError error = e!.Errors.Single();
            Assert.That(error.File, Does.EndWith("base.yaml"));
            Assert.That((error.Line, error.Column), Is.EqualTo((4, 19)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void LoadFile_Missing_SaysNotFoundWithHint()
    {
        var e = Assert.Throws<FileErrorException>(() => ScenarioLoader.LoadFile("/nonexistent/x.yaml"));

        Assert.That(e!.Message, Does.StartWith("/nonexistent/x.yaml: scenario file not found."));
    }

    [Test]
    public void Build_TwoCoresWithoutNamingOne_AsksToNameIt()
    {
        IReadOnlyList<FileError> errors = Errors("name: x\nextends: r01\nnodes:\n  core-2: {kind: sip-core}\n");

        Assert.That(errors.Select(e => e.Message), Has.All.Contains("there are 2 nodes of kind sip-core"));
        Assert.That(errors.Select(e => e.Hint), Has.All.Contains("sip-core, core-2"));
        Assert.That(errors.Select(e => (e.File, e.Line)), Has.All.EqualTo(("bad.yaml", 2)), "the nodes that need a core are declared in the base: the user's 'extends:' line");
        Assert.That(errors.Select(e => e.Message), Has.All.Contains("(inherited through 'extends': declared at builtin:r01:"));
    }

    [Test]
    public void Build_DuplicateLink_NamesTheLink()
    {
        IReadOnlyList<FileError> errors = Errors("name: x\nextends: r01\nlinks:\n  - {between: [isf, sip-core]}\n  - {from: isf, to: sip-core}\n");

        Assert.That(errors.Single().Message, Is.EqualTo("There is already a link isf->sip-core. (Parameter 'to')"));
        Assert.That(errors.Single().Line, Is.EqualTo(5));
    }

    [Test]
    public void Load_CpmClientWithInstances_NamesThePlaceAndTheFix()
    {
        // Accepted at load before, then the builder's "exactly one cpm-client" error escaped replay and check.
        FileError e = Single("name: x\nextends: r01\nnodes:\n  cpm-client: {instances: 2}\n");

        Assert.That((e.File, e.Line, e.Column), Is.EqualTo(("bad.yaml", 4, 27)));
        Assert.That(e.Message, Does.Contain("node 'cpm-client' is the cpm-client").And.Contain("'instances: 2' is not supported"));
        Assert.That(e.Hint, Does.StartWith("remove 'instances' from it"));
    }

    [Test]
    public void Load_SecondCpmClient_NamesItAndTheFirst()
    {
        FileError e = Single("name: x\nextends: r01\nnodes:\n  bob: {kind: cpm-client}\n");

        Assert.That((e.Line, e.Column), Is.EqualTo((4, 3)));
        Assert.That(e.Message, Does.Contain("node 'bob' is a second cpm-client, after 'cpm-client'"));
    }

    [Test]
    public void Load_T1WhoseTimerBPassesTheClock_NamesTheLimit()
    {
        FileError e = Single("name: x\nextends: r01\ntimers: {t1: 40100h}\n");

        Assert.That((e.Line, e.Column), Is.EqualTo((3, 14)));
        Assert.That(e.Message, Does.Contain("'t1' in timers is 40100h, too long").And.Contain("64·T1").And.Contain("at most 144115188.075855871s (about 40031h)"));
    }

    [Test]
    public void Load_T1AtItsLimit_LoadsWithTimerBWithinTheClock()
    {
        ScenarioDefinition d = ScenarioLoader.Load("ok.yaml", "name: x\nextends: r01\ntimers: {t1: 144115188.075855871s}\n");

        Assert.That(d.Timers.T1, Is.EqualTo(CpmSim.Scenarios.Sip.SipTimers.MaxT1));
        Assert.That(d.Timers.TimerB.Nanoseconds, Is.EqualTo(64 * (long.MaxValue / 64)));
    }

    [Test]
    public void Load_HoldingTimeBeyondTheClock_SaysOutOfRangeNotUnknownUnit()
    {
        FileError e = Single("name: x\nextends: load-r01\nworkload:\n  behaviour:\n    holding-time: exp(mean=2562048h)\n");

        Assert.That((e.Line, e.Column), Is.EqualTo((5, 19)));
        Assert.That(e.Message, Does.Contain("beyond the clock's range: a time must lie within ±2562047h").And.Not.Contain("unknown unit"));
    }

    [Test]
    public void Load_SeedAtTheTopOfTheUnsignedRange_IsTheSeed()
    {
        // --seed takes any ulong; the file's seed: took only up to long.MaxValue.
        ScenarioDefinition d = ScenarioLoader.Load("ok.yaml", "name: x\nextends: r01\nseed: 18446744073709551615\n");

        Assert.That(d.Seed, Is.EqualTo(ulong.MaxValue));
    }

    [TestCase("-1")]
    [TestCase("18446744073709551616")]
    [TestCase("1.5")]
    public void Load_SeedOutsideTheUnsignedRange_NamesTheRange(string seed)
    {
        FileError e = Single($"name: x\nextends: r01\nseed: {seed}\n");

        Assert.That((e.Line, e.Column), Is.EqualTo((3, 7)));
        Assert.That(e.Message, Is.EqualTo($"'seed' in the scenario must be a whole number from 0 to 18446744073709551615, not '{seed}'."));
    }

    [Test]
    public void Load_ChatMessagesAboveTheLimit_NamesTheLimit()
    {
        // Accepted before, then a session's plan of 3e9 messages threw OutOfMemoryException mid-run.
        FileError e = Single("name: x\nextends: load-r01\nworkload:\n  behaviour:\n    chat-messages: const(3000000000)\n");

        Assert.That((e.Line, e.Column), Is.EqualTo((5, 20)));
        Assert.That(e.Message, Does.Contain("'const(3000000000)' plans 3000000000 chat messages per session on average, above the limit of 1000000"));
        Assert.That(e.Hint, Does.Contain("at most 1000000"));
    }
}
