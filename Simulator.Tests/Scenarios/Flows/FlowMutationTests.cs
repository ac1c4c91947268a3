using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Scenarios.Flows;

/// <summary>Break one behaviour of the r01 network and the matcher must name the exact step that differs.</summary>
public class FlowMutationTests
{
    private static FlowMismatch Mutated(string yaml)
    {
        ScenarioDefinition scenario = ScenarioLoader.Load("mutant.yaml", "name: mutant\nextends: r01\n" + yaml);
        ReplayResult result = ReplayRunner.Run(scenario);
        Assert.That(result.Match, Is.Not.Null);
        Assert.That(result.Match!.Conforms, Is.False, "the mutant must not conform to r01");
        return result.Match.Mismatch!;
    }

    [Test]
    public void Match_IsfForwardsTheRejectionInsteadOfReattempting_ReportsStep9To11()
    {
        FlowMismatch m = Mutated("nodes:\n  isf: {reattempt: false}\n");

        Assert.That(m.Expected.Step, Is.EqualTo("9-11"));
        Assert.That(m.Expected.Name, Is.EqualTo("interworking selection"));
        Assert.That(m.Saw!.ToString(), Is.EqualTo("Rejected Isf → Core (488 (warning 304))"));
    }

    [Test]
    public void Match_CoreSkipsTheIsf_ReportsStep4()
    {
        FlowMismatch m = Mutated("nodes:\n  sip-core: {isf: [], locations: {\"tel:+15550100\": iwf-sms}}\n");

        Assert.That(m.Expected.Step, Is.EqualTo("4"));
        Assert.That(m.Expected.ToString(), Is.EqualTo("Modification Core → Isf"));
        Assert.That(m.Saw!.ToString(), Is.EqualTo("Modification Core → IwfA (re-INVITE)"));
        Assert.That(m.AtNs, Is.GreaterThan(1_000_000_000));
    }

    [Test]
    public void Match_IwfAAcceptsTheFile_ReportsStep7()
    {
        FlowMismatch m = Mutated("nodes:\n  iwf-sms: {media: [chat, file]}\n");

        Assert.That(m.Expected.Step, Is.EqualTo("7"));
        Assert.That(m.Saw!.Name, Is.EqualTo("OK"));
    }

    [Test]
    public void Match_IwfBAnswersWithoutConverting_ReportsStep14()
    {
        FlowMismatch m = Mutated("nodes:\n  iwf-mms: {confirm: immediate}\n");

        Assert.That(m.Expected.Step, Is.EqualTo("14"));
        Assert.That(m.Saw!.ToString(), Is.EqualTo("OK IwfB → Core (200)"));
    }

    [Test]
    public void Match_NoMmsIwfReachable_ReportsWhereTheFlowStops()
    {
        FlowMismatch m = Mutated("recipients:\n  \"tel:+15550100\": [sms]\n");

        Assert.That(m.Expected.Step, Is.EqualTo("9-11"));
        Assert.That(m.Expected.Name, Is.EqualTo("new invitation created"));
    }
}
