using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Scenarios.Scenario;

/// <summary>
/// The model is checked before the first event: every hop a node will use has a link, every node is
/// connected, references name nodes of the right kind — reported at the user's file, never as the
/// network's run-time "no link or route" error.
/// </summary>
public class TopologyCheckTests
{
    /// <summary>The links of the built-in r01, which every built-in scenario inherits.</summary>
    private static readonly string[] R01Links =
    [
        "cpm-client, cpm-server", "cpm-server, sip-core", "sip-core, isf", "sip-core, iwf-sms", "sip-core, iwf-mms",
        "iwf-sms, smsc", "iwf-mms, mmsc", "smsc, sms-user", "mmsc, sms-user", "cpm-client, iwf-sms", "cpm-client, iwf-mms",
        "cpm-server, iwf-sms", "cpm-server, iwf-mms",
    ];

    private static IReadOnlyList<FileError> Errors(string yaml)
    {
        var e = Assert.Throws<FileErrorException>(() => ScenarioBuilder.Build(ScenarioLoader.Load("bad.yaml", yaml)));
        return e!.Errors;
    }

    [Test]
    public void Build_ExtendsWithItsOwnOneLinkList_ReportsEveryMissingHopAtTheUsersLinksList()
    {
        IReadOnlyList<FileError> errors = Errors("extends: r01\nlinks:\n  - {between: [cpm-client, cpm-server]}\n");

        Assert.That(errors.Select(e => (e.File, e.Line, e.Column)).Distinct(), Is.EqualTo(new[] { ("bad.yaml", 3, 3) }));
        Assert.That(errors.Select(e => e.Message), Has.Some.Contains("no link between 'cpm-server' and 'sip-core'"));
        Assert.That(errors[0].Hint, Does.Contain("replaces the one of the scenario it extends"));
    }

    [Test]
    public void Build_EmptyLinks_IsAnErrorAtTheLinksList()
    {
        IReadOnlyList<FileError> errors = Errors("extends: r01\nlinks: []\n");

        Assert.That(errors, Has.All.Matches<FileError>(e => e!.File == "bad.yaml"));
        Assert.That(errors.Select(e => e.Message), Has.Some.Contains("no link between 'cpm-client' and 'cpm-server'"));
    }

    [Test]
    public void Build_NodeAddedWithoutLinks_IsAnErrorAtThatNode()
    {
        FileError e = Errors("extends: r01\nnodes:\n  extra: {kind: isf}\n").Single();

        Assert.That((e.File, e.Line, e.Column), Is.EqualTo(("bad.yaml", 3, 3)));
        Assert.That(e.Message, Does.Contain("no link between 'sip-core' and 'extra'"));
    }

    [Test]
    public void Build_UnusedNodeWithoutLinks_SaysItHasNoLinks()
    {
        FileError e = Errors("extends: r01\nnodes:\n  bob: {kind: non-cpm-user}\n  smsc: {users: sms-user}\n  mmsc: {users: sms-user}\n").Single();

        Assert.That((e.File, e.Line), Is.EqualTo(("bad.yaml", 3)));
        Assert.That(e.Message, Is.EqualTo("node 'bob' has no links."));
    }

    [Test]
    public void Build_CentreChangedToTheWrongKind_PointsAtTheUsersExtendsLineAndNamesTheBuiltIn()
    {
        IReadOnlyList<FileError> errors = Errors("extends: r01\nnodes:\n  mmsc: {kind: smsc}\n");

        Assert.That(errors, Is.Not.Empty);
        Assert.That(errors, Has.All.Matches<FileError>(e => e!.File == "bad.yaml" && e.Line == 1 && e.Column == 10));
        Assert.That(errors.Select(e => e.Message), Has.Some.Contains("declared at builtin:r01:25:3"));
    }

    [Test]
    public void Build_ServerNamesANodeOfAnotherKind_SaysWhichKindItNeeds()
    {
        FileError e = Errors("extends: r01\nnodes:\n  iwf-sms: {server: isf}\n").Single();

        Assert.That(e.File, Is.EqualTo("bad.yaml"));
        Assert.That(e.Message, Does.Contain("'server: isf' names a isf").And.Contain("must be a node of kind smsc"));
    }

    [Test]
    public void Build_IsfListsANodeThatIsNoIwf_IsAnError()
    {
        IReadOnlyList<FileError> errors = Errors("extends: r01\nnodes:\n  isf: {iwfs: [smsc]}\n");

        Assert.That(errors.Select(e => e.Message), Has.Some.Contains("'iwfs' names 'smsc', a smsc, not an iwf"));
        Assert.That(errors.Select(e => e.Message), Has.Some.Contains("has no IWF to select"));
    }

    [Test]
    public void Load_InstancesThatWouldMakeAMillionLinks_IsAnErrorNamingTheLimit()
    {
        var e = Assert.Throws<FileErrorException>(() => ScenarioLoader.Load("bad.yaml", "extends: r01\nnodes:\n  sip-core: {instances: 1000}\n  isf: {instances: 1000}\n"));

        FileError error = e!.Errors.Single();
        Assert.That((error.File, error.Line), Is.EqualTo(("bad.yaml", 1)));
        Assert.That(error.Message, Does.Contain("1000 × 1000 instances").And.Contain("limit of 100000 links"));
    }

    /// <summary>
    /// The run-time "no link or route" error is unreachable from a scenario file: every built-in scenario
    /// with each of r01's links removed, or kept in one direction only, either fails to build with
    /// errors in the user's file or replays its session to the end.
    /// </summary>
    [Test]
    public void Build_AnyLinkRemovedOrOneWay_IsReportedBeforeTheRunOrTheReplayRuns()
    {
        int reported = 0;
        foreach (string scenario in BuiltIn.ScenarioNames)
        {
            for (int drop = 0; drop < R01Links.Length; drop++)
            {
                foreach (string? oneWay in new[] { null, "forward", "backward" })
                {
                    var lines = R01Links.Where((_, i) => i != drop).Select(l => $"  - {{between: [{l}]}}").ToList();
                    string[] ends = R01Links[drop].Split(", ");
                    if (oneWay is not null)
                    {
                        lines.Add(oneWay == "forward" ? $"  - {{from: {ends[0]}, to: {ends[1]}}}" : $"  - {{from: {ends[1]}, to: {ends[0]}}}");
                    }

                    string yaml = $"extends: {scenario}\nlinks:\n{string.Join('\n', lines)}\n";
                    ScenarioDefinition def = ScenarioLoader.Load("bad.yaml", yaml);
                    BuiltScenario built;
                    try
                    {
                        built = ScenarioBuilder.Build(def);
                    }
                    catch (FileErrorException e)
                    {
                        Assert.That(e.Errors, Has.All.Matches<FileError>(x => x!.File == "bad.yaml"), yaml);
                        reported++;
                        continue;
                    }

                    Assert.DoesNotThrow(() => ReplayRunner.Run(built), yaml);
                }
            }
        }

        Assert.That(reported, Is.GreaterThan(BuiltIn.ScenarioNames.Count * R01Links.Length));
    }
}
