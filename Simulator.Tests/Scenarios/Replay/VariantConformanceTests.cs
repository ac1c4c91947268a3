using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Scenarios.Replay;

public class VariantConformanceTests
{
    private static readonly string[] Variants = ["r01", "pre-r01", "iwfa-accepts", "no-alternative", "iwfb-rejects", "iwfb-timeout", "port-zero", "controlling", "full-story"];

    [Test]
    public void BuiltIn_ScenarioNames_IncludeEveryNamedVariant()
    {
        Assert.That(BuiltIn.ScenarioNames, Is.SupersetOf(Variants));
    }

    [TestCaseSource(nameof(Variants))]
    public void Replay_EachVariant_ConformsToItsFlowAndMeetsItsExpectations(string variant)
    {
        ReplayResult result = ReplayRunner.Run(ScenarioLoader.LoadBuiltIn(variant));

        Assert.That(result.Match, Is.Not.Null, "every built-in variant names its expected flow");
        Assert.That(result.Match!.Mismatch, Is.Null, () => result.Match.Mismatch!.ToString());
        Assert.That(result.Failures(), Is.Empty);
        Assert.That(result.Match.Numbered.Count(), Is.EqualTo(result.Match.Flow.Steps.Count), "every step of the flow is labelled exactly once");
    }

    [Test]
    public void Replay_R01_NumberedSendsAreTheSixteenMessagesOfTheSeedInOrder()
    {
        // DESIGN §3, the seed's C.4.3.1 table: steps 2-8, 12, 13, 15, 16, 18-22.
        string[] expected =
        [
            "2 Modification Orig>Srv", "3 Modification Srv>Core", "4 Modification Core>Isf", "5 Modification Isf>Core",
            "6 Modification Core>IwfA", "7 Rejected IwfA>Core", "8 Rejected Core>Isf", "12 Invitation Isf>Core",
            "13 Invitation Core>IwfB", "15 NonCpmInvitation IwfB>NonCpm", "16 NonCpmAck NonCpm>IwfB", "18 OK IwfB>Core",
            "19 OK Core>Isf", "20 OK Isf>Core", "21 OK Core>Srv", "22 OK Srv>Orig",
        ];

        ReplayResult result = ReplayRunner.Run(ScenarioLoader.LoadBuiltIn("r01"));
        var sends = result.Records.Where(r => r.Step is not null && r.Kind == FlowItemKind.Send)
            .Select(r => $"{r.Step} {r.Name} {r.FromRole}>{r.ToRole}").ToList();

        Assert.That(sends, Is.EqualTo(expected));
    }

    [Test]
    public void Replay_R01_ActionsAndStatesCarryTheirStepNumbers()
    {
        ReplayResult result = ReplayRunner.Run(ScenarioLoader.LoadBuiltIn("r01"));
        var others = result.Records.Where(r => r.Step is not null && r.Kind != FlowItemKind.Send)
            .Select(r => $"{r.Step} {r.Name} {r.FromRole}").ToList();

        Assert.That(others, Is.EqualTo(new[]
        {
            "1 session Orig", "9-11 rejection identified Isf", "9-11 interworking selection Isf", "9-11 new invitation created Isf",
            "14 converted to non-CPM invitation IwfB", "17 converted non-CPM ack to OK IwfB", "23 session Orig",
        }));
        ObservedRecord step23 = result.Records.Single(r => r.Step == "23");
        Assert.That((step23.ToRole, step23.Rendering), Is.EqualTo(("IwfB", "file(120KB)")));
    }

    [Test]
    public void Replay_R01_AcksAndProvisionalResponsesAreInTheTraceWithoutStep()
    {
        ReplayResult result = ReplayRunner.Run(ScenarioLoader.LoadBuiltIn("r01"));
        var unnumbered = result.Records.Where(r => r.Unnumbered).ToList();

        Assert.That(unnumbered.Select(r => r.Name).Distinct(), Is.EquivalentTo(new[] { "ACK", "Trying" }));
        Assert.That(unnumbered.Select(r => r.Step), Is.All.Null);
        // The hop-by-hop ACK for the 488 (Core → IwfA) lies between steps 7 and 8.
        int seven = result.Records.ToList().FindIndex(r => r.Step == "7");
        Assert.That(result.Records[seven + 1], Has.Property(nameof(ObservedRecord.Name)).EqualTo("ACK").And.Property(nameof(ObservedRecord.ToRole)).EqualTo("IwfA"));
    }

    [Test]
    public void Replay_R01VersusPreR01_SameSeed_ModificationCompletesSoonerWithR01()
    {
        ReplayResult r01 = ReplayRunner.Run(ScenarioLoader.LoadBuiltIn("r01"), seed: 7);
        ReplayResult pre = ReplayRunner.Run(ScenarioLoader.LoadBuiltIn("pre-r01"), seed: 7);

        Assert.That(r01.Session.ModificationSentNs, Is.EqualTo(pre.Session.ModificationSentNs), "same seed and parameters: the modification starts at the same time");
        Assert.That(r01.Session.NewSessionNs, Is.LessThan(pre.Session.NewSessionNs), "the file's stream is usable sooner");
        Assert.That(pre.Session.ModificationAnsweredNs, Is.LessThan(pre.Session.NewSessionNs), "before R01 the re-INVITE's answer is the rejection; the new invitation comes after it");
        Assert.That((r01.Session.Outcome, pre.Session.Outcome), Is.EqualTo((SessionOutcome.Success, SessionOutcome.Success)));
    }

    [Test]
    public void Replay_R01_ConstantLatencies_StepTimesFollowFromTheLinkLatencies()
    {
        // r01.yaml: access link 20 ms, core links 5 ms, IWF-MMSC 10 ms; processing takes no time.
        // Modification sent at establishment (80 ms) + modify-after 1 s = 1.08 s; answered after
        // 20 (Orig→Srv) + 5·4 (Srv→Core→Isf→Core→IwfA) + 5·2 (488 back to Isf) + 5·2 (INVITE to IwfB)
        // + 10·2 (MMSC round trip) + 5·2 (OK to Isf) + 5·2 (OK to Srv) + 20 (to Orig) = 120 ms.
        ReplayResult result = ReplayRunner.Run(ScenarioLoader.LoadBuiltIn("r01"));

        Assert.That(result.Session.ModificationSentNs, Is.EqualTo(1_080_000_000));
        Assert.That(result.Session.ModificationDelayNs, Is.EqualTo(120_000_000));
        Assert.That(result.Session.SessionRequestDelayNs, Is.EqualTo(80_000_000));
    }
}
