using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Scenarios.Flows;

public class FlowMixTests
{
    private static RunMetrics Run(ScenarioDefinition scenario) => LoadRunner.Run(scenario, new LoadOptions
    {
        Workload = scenario.Workload! with { Sessions = 2500, WarmUp = CpmSim.Core.Kernel.SimTime.FromSeconds(5L) },
        Seed = 3,
        StepSampleEvery = 10,
    });

    [Test]
    public void Run_LoadR01WithItsDeclaredFlows_EverySampledSessionExplained()
    {
        ScenarioDefinition scenario = ScenarioLoader.LoadBuiltIn("load-r01");
        Assert.That(scenario.FlowMix.Select(f => f.Name), Is.EqualTo(new[] { "r01", "no-alternative", FlowMix.NoModification }));

        RunMetrics m = Run(scenario);

        Assert.That(m.SampledSessions, Is.GreaterThan(100));
        Assert.That(m.SampledConforming, Is.EqualTo(m.SampledSessions), string.Join("\n", m.FlowMismatches));
        Assert.That(m.FlowCounts["unexplained"], Is.Zero);
        Assert.That(new[] { m.FlowCounts["r01"], m.FlowCounts["no-alternative"], m.FlowCounts[FlowMix.NoModification] }, Has.All.GreaterThan(0L),
            "files through r01, files rejected for recipients without MMS (20%), sessions without a file (50%)");
        Assert.That(m.FlowCounts.Values.Sum(), Is.EqualTo(m.SampledSessions));
        Assert.That(m.StepDelays, Is.Not.Empty, "step delays still come from the r01 sessions");

        var csv = new StringWriter();
        FlowMix.Write(new LoadReport(scenario.Name, [m]), csv);
        string[] lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("flow,declared,sessions,share,share_mean,share_ci95_low,share_ci95_high"));
        Assert.That(lines.Skip(1).Select(l => l.Split(',')[0]), Is.EqualTo(new[] { "r01", "no-alternative", FlowMix.NoModification, "unexplained" }));
        Assert.That(lines.Skip(1).Sum(l => double.Parse(l.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(1.0).Within(1e-5));
    }

    [Test]
    public void Run_MixWithoutNoModification_SessionsWithoutAFileUnexplainedWithTheirFirstMismatch()
    {
        ScenarioDefinition scenario = ScenarioLoader.Load("mix.yaml", "name: mix\nextends: load-r01\nflows: [r01, no-alternative]\n");

        RunMetrics m = Run(scenario);

        Assert.That(m.FlowCounts["unexplained"], Is.GreaterThan(0));
        Assert.That(m.SampledConforming, Is.EqualTo(m.FlowCounts["r01"] + m.FlowCounts["no-alternative"]));
        Assert.That(m.FlowMismatches, Has.Count.InRange(1, FlowMix.MismatchesKept));
        Assert.That(m.FlowMismatches[0], Does.Contain("matches no declared flow").And.Contain("r01: no modification was sent"));
    }

    [TestCase("flows: [r01, no-alternativ]", "'flow: no-alternativ' names neither a built-in flow", "did you mean 'no-alternative'?")]
    [TestCase("flows: [r01, r01]", "'flows' names flow 'r01' twice.", null)]
    [TestCase("flows: r01", "'flows' must be a list of flow names.", "no-modification")]
    public void Load_BadFlowList_ErrorAtItsLine(string line, string message, string? hint)
    {
        var e = Assert.Throws<FileErrorException>(() => ScenarioLoader.Load("mix.yaml", $"name: mix\nextends: load-r01\n{line}\n"));

        FileError error = e!.Errors.Single();
        Assert.That((error.File, error.Line), Is.EqualTo(("mix.yaml", 3)));
        Assert.That(error.Message, Does.StartWith(message));
        if (hint is not null)
        {
            Assert.That(error.Hint, Does.Contain(hint));
        }
    }
}
