using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Scenarios.Scenario;

public class ScenarioOverridesTests
{
    private static ScenarioDefinition Load(params (string Path, string Value)[] overrides) =>
        ScenarioLoader.Load("builtin:load-r01", BuiltIn.ScenarioText("load-r01")!, [.. overrides.Select(o => new KeyValuePair<string, string>(o.Path, o.Value))]);

    [Test]
    public void Load_PathIntoAListAndAMissingMapping_SetAsIfTheFileSaidIt()
    {
        string firstLink = ScenarioLoader.LoadBuiltIn("load-r01").Links[0].ToString();

        ScenarioDefinition s = Load(("links.0.latency", "7ms"), ("nodes.smsc.processing.servers", "3"), ("nodes.smsc.processing.time", "exp(mean=1ms)"), ("workload.sessions", "123"));

        Assert.That(s.Links[0].ToString(), Is.Not.EqualTo(firstLink).And.Contain("7ms"));
        Assert.That(s.Nodes.Single(n => n.Name == "smsc").Processing!.Servers, Is.EqualTo(3), "a processing mapping created for a node without one");
        Assert.That(s.Workload!.Sessions, Is.EqualTo(123));
    }

    [TestCase("links.99.latency", "'links' is a list of")]
    [TestCase("name.first", "'name' is a single value, not a mapping")]
    [TestCase("nodes.iwf-smz.processing.servers", "there is no 'nodes.iwf-smz'")]
    [TestCase("nodes..servers", "is not a key path")]
    public void Load_PathThatCannotNameAKey_ErrorSaysWhy(string path, string message)
    {
        var e = Assert.Throws<FileErrorException>(() => Load((path, "1")));

        Assert.That(e!.Errors.Select(x => x.Message), Has.Some.Contain(message));
    }

    [Test]
    public void ResolvedYaml_LoadR01WithAnOverride_LoadsBackToTheSameScenarioWithoutExtends()
    {
        string yaml = ScenarioLoader.ResolvedYaml("builtin:load-r01", BuiltIn.ScenarioText("load-r01")!, [new("workload.arrivals", "poisson(60/s)")]);

        ScenarioDefinition again = ScenarioLoader.Load("resolved.yaml", yaml);

        Assert.That(yaml, Does.Not.Contain("extends"));
        Assert.That(again.Name, Is.EqualTo("load-r01"));
        Assert.That(again.Nodes.Select(n => n.Name), Is.EqualTo(ScenarioLoader.LoadBuiltIn("load-r01").Nodes.Select(n => n.Name)));
        Assert.That(again.Workload!.Arrivals.ToString(), Does.Contain("60"));
    }
}
