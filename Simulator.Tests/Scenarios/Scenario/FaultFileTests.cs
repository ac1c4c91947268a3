using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Scenarios.Scenario;

/// <summary>The <c>faults:</c> list of scenario files: what it reads, and one clear error per mistake, at its place.</summary>
public class FaultFileTests
{
    private const string Head = "name: x\nextends: load-instances\nfaults:\n";

    private static IReadOnlyList<FileError> Errors(string faults) =>
        Assert.Throws<FileErrorException>(() => ScenarioLoader.Load("bad.yaml", Head + faults))!.Errors;

    [Test]
    public void Load_EveryKindOfFault_IsReadAndResolved()
    {
        ScenarioDefinition s = ScenarioLoader.Load("ok.yaml", Head + """
              - {at: 60s, for: 30s, link: [sip-core, isf], down: true}
              - {at: 100s, for: 20s, node: iwf-sms-1, crash: true}
              - {at: 150s, for: 60s, node: mmsc, silent: true}
              - {at: 0s, link: [cpm-client, cpm-server], loss: "gilbert(p=1%, r=30%, bad-loss=50%)"}
              - {at: 200s, for: 10s, link: [sip-core, isf], delay: +300ms}
              - {at: 250s, for: 30s, partition: [[cpm-client, cpm-server, sip-core], [isf, iwf-sms, iwf-mms]]}
            """);

        Assert.That(s.Faults.Select(f => f.Kind), Is.EqualTo(new[] { FaultKind.LinkDown, FaultKind.NodeCrash, FaultKind.NodeSilent, FaultKind.LinkLoss, FaultKind.LinkDelay, FaultKind.Partition }));
        FaultDefinition down = s.Faults[0];
        Assert.That((down.At, down.EndNs), Is.EqualTo((SimTime.FromSeconds(60), SimTime.FromSeconds(90).Nanoseconds)));
        Assert.That(down.Links, Has.Count.EqualTo(4 * 2 * 2), "4 core instances × 2 ISF instances, both directions");
        Assert.That(s.Faults[1].Nodes, Is.EqualTo(new[] { "iwf-sms-1" }), "one instance");
        Assert.That(s.Faults[3].For, Is.Null, "lasts to the end of the run");
        Assert.That(s.Faults[3].Loss!.MeanLoss, Is.EqualTo(0.01 * 0.5 / 0.31).Within(1e-12));
        Assert.That(s.Faults[4].Delay, Is.EqualTo(SimTime.FromMilliseconds(300)));
        Assert.That(s.Faults[5].Links.All(l => new[] { "cpm-client", "cpm-server" }.Contains(l.From) || l.From.StartsWith("sip-core", StringComparison.Ordinal) != l.To.StartsWith("sip-core", StringComparison.Ordinal) || l.From.StartsWith("isf", StringComparison.Ordinal) || l.From.StartsWith("iwf", StringComparison.Ordinal)), Is.True);
        Assert.That(s.Faults[5].Links, Does.Contain(("sip-core-1", "isf-2")).And.Contain(("isf-2", "sip-core-1")).And.Not.Contain(("cpm-server", "sip-core-1")));
        Assert.That(s.Faults[0].Location, Is.EqualTo("ok.yaml:4:5"));
    }

    [Test]
    public void Load_UnknownNode_DidYouMeanAtItsPlace()
    {
        FileError e = Errors("  - {at: 1s, node: iwf-smss, crash: true}\n").Single();

        Assert.That((e.Line, e.Column), Is.EqualTo((4, 20)));
        Assert.That(e.Message, Does.Contain("'node' in a fault names node 'iwf-smss'"));
        Assert.That(e.Hint, Does.Contain("did you mean 'iwf-sms'?"));
    }

    [Test]
    public void Load_NoLinkBetweenTheNodes_SaysSo()
    {
        FileError e = Errors("  - {at: 1s, link: [cpm-client, mmsc], down: true}\n").Single();

        Assert.That(e.Message, Does.Contain("there is no link between 'cpm-client' and 'mmsc'"));
        Assert.That(e.Line, Is.EqualTo(4));
    }

    [TestCase("  - {at: 1s, node: isf, link: [isf, sip-core], crash: true}\n", "one target")]
    [TestCase("  - {at: 1s, down: true}\n", "needs a target")]
    [TestCase("  - {at: 1s, node: isf}\n", "needs what happens to it")]
    [TestCase("  - {at: 1s, node: isf, crash: true, silent: true}\n", "does one thing")]
    [TestCase("  - {at: 1s, node: isf, down: true}\n", "'down' does not apply to a node fault")]
    [TestCase("  - {at: 1s, node: isf, crash: false}\n", "'crash: false' is no fault")]
    [TestCase("  - {for: 1s, node: isf, crash: true}\n", "needs 'at'")]
    [TestCase("  - {at: 1s, for: 0s, node: isf, crash: true}\n", "'for' in a fault must be longer than 0")]
    [TestCase("  - {at: 1s, node: cpm-client, crash: true}\n", "cannot crash")]
    [TestCase("  - {at: 1s, link: [isf, sip-core], loss: \"gilbert(p=1%, q=3%, bad-loss=50%)\"}\n", "unknown parameter 'q=3%'")]
    [TestCase("  - {at: 1s, link: [isf, sip-core], loss: \"gilbert(p=1%, bad-loss=50%)\"}\n", "needs r=")]
    [TestCase("  - {at: 1s, link: [isf, sip-core], loss: 150%}\n", "'loss' in a fault")]
    [TestCase("  - {at: 1s, link: [isf, sip-core], delay: fast}\n", "e.g. +300ms")]
    [TestCase("  - {at: 1s, partition: [[isf], [isf, sip-core]]}\n", "in two groups")]
    [TestCase("  - {at: 1s, partition: [[mmsc], [smsc]]}\n", "no link joins two groups")]
    [TestCase("  - {at: 1s, partition: [isf, sip-core]}\n", "two or more groups")]
    [TestCase("  - {at: 1s, node: isf, crash: true, when: 3s}\n", "unknown key 'when' in a fault")]
    public void Load_BadFault_OneClearError(string fault, string expected)
    {
        IReadOnlyList<FileError> errors = Errors(fault);

        Assert.That(errors.Select(e => e.Message + " " + e.Hint), Has.Some.Contains(expected));
        Assert.That(errors.All(e => e.File == "bad.yaml" && e.Line == 4), Is.True, string.Join("\n", errors));
    }

    [Test]
    public void Load_FaultsNotAList_SaysWhatItShouldBe()
    {
        FileError e = Assert.Throws<FileErrorException>(() => ScenarioLoader.Load("bad.yaml", "name: x\nextends: r01\nfaults: {at: 1s}\n"))!.Errors.Single();

        Assert.That(e.Line, Is.EqualTo(3));
        Assert.That(e.Message, Does.Contain("'faults' must be a list"));
    }
}
