using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Scenarios.Scenario;

/// <summary>The scenario-file reference must document every key the loader accepts.</summary>
public class ScenarioReferenceDocTests
{
    private static string Doc()
    {
        string? dir = TestContext.CurrentContext.TestDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "CpmSim.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        Assert.That(dir, Is.Not.Null, "the repository root (CpmSim.sln) is above the test directory");
        return File.ReadAllText(Path.Combine(dir!, "docs", "scenario-files.md"));
    }

    [Test]
    public void Reference_DocumentsEveryAcceptedKey()
    {
        string doc = Doc();
        IEnumerable<string> keys = ScenarioLoader.TopKeys
            .Concat(ScenarioLoader.ProcessingKeys)
            .Concat(ScenarioLoader.SessionKeys)
            .Concat(ScenarioLoader.LinkKeys)
            .Concat(ScenarioLoader.ExpectKeys)
            .Concat(ScenarioLoader.WorkloadKeys)
            .Concat(ScenarioLoader.BehaviourKeys)
            .Concat(ScenarioLoader.PopulationKeys)
            .Concat(ScenarioLoader.StepKeys)
            .Concat(ScenarioLoader.CapacityKeys)
            .Concat(["instances", "balance", "session-hash", "round-robin"])
            .Concat(ScenarioLoader.KindKeys.Values.SelectMany(k => k))
            .Concat(ScenarioLoader.Kinds.Keys)
            .Concat(ScenarioLoader.Outcomes.Keys);

        Assert.That(keys.Distinct().Where(k => !doc.Contains($"`{k}`", StringComparison.Ordinal)), Is.Empty);
    }
}
