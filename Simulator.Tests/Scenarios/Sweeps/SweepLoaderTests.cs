using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Sweeps;

namespace CpmSim.Tests.Scenarios.Sweeps;

public class SweepLoaderTests
{
    private const string PathSweep = """
        name: paths
        seed: 5
        replications: 1
        grid:
          scenario: [load-r01]
          rate: [60/s]
          sessions: [900]
          nodes.iwf-sms.processing.servers: [1, 4]
          link-defaults.latency: [5ms, 20ms]
        """;

    [Test]
    public void Load_KeyPathsInTheGrid_EveryCombinationWithItsValuesAppliedToTheScenario()
    {
        SweepDefinition sweep = SweepLoader.Load("paths.yaml", PathSweep);

        Assert.That(sweep.Parameters, Is.EqualTo(new[] { "nodes.iwf-sms.processing.servers", "link-defaults.latency" }));
        Assert.That(sweep.Points.Select(p => string.Join('|', p.Values)), Is.EqualTo(new[] { "1|5ms", "1|20ms", "4|5ms", "4|20ms" }));
        ScenarioDefinition last = SweepRunner.Load(sweep, sweep.Points[3]);
        Assert.That(last.Nodes.Single(n => n.Name == "iwf-sms").Processing!.Servers, Is.EqualTo(4));
        Assert.That(last.DefaultLatency!.ToString(), Does.Contain("20ms"));
        ScenarioDefinition first = SweepRunner.Load(sweep, sweep.Points[0]);
        Assert.That(first.Nodes.Single(n => n.Name == "iwf-sms").Processing!.Servers, Is.EqualTo(1));
        Assert.That(first.Nodes.Single(n => n.Name == "isf").Processing!.Servers, Is.EqualTo(2), "keys not swept keep the scenario's values (extends merged)");
    }

    [Test]
    public void Run_ServersSwept_TheBottleneckWithMoreServersIsFaster()
    {
        SweepDefinition sweep = SweepLoader.Load("paths.yaml", PathSweep.Replace("link-defaults.latency: [5ms, 20ms]", string.Empty, StringComparison.Ordinal));

        RunTable table = SweepRunner.Run(sweep, parallel: 2);

        var writer = new StringWriter();
        table.WriteRuns(writer);
        string[] lines = writer.ToString().Split('\n');
        Assert.That(lines[0], Does.StartWith("run,point,scenario,rate,sessions,mms_share,nodes.iwf-sms.processing.servers,replication,seed,"));
        int delay = Array.IndexOf(lines[0].Split(','), "modification_delay_mean_ms");
        double one = double.Parse(lines[1].Split(',')[delay], System.Globalization.CultureInfo.InvariantCulture);
        double four = double.Parse(lines[2].Split(',')[delay], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(four, Is.LessThan(one), "one SMS IWF server at 60/s queues; four do not");
    }

    [TestCase("nodes.iwf-smz.processing.servers: [1]", 6, "there is no 'nodes.iwf-smz'", "did you mean 'nodes.iwf-sms'?")]
    [TestCase("nodes.iwf-sms.processing.serverz: [1]", 6, "unknown key 'serverz' in processing of node 'iwf-sms'", "did you mean 'servers'?")]
    [TestCase("rates: [1/s]", 6, "unknown key 'rates'", "did you mean 'rate'?")]
    [TestCase("link-defaults.latency: [5ms, 5xs]", 6, "'link-defaults.latency: 5xs' does not fit scenario 'load-r01'", null)]
    public void Load_PathThatNamesNoKeyOrBadValue_ErrorAtItsPlaceWithAHint(string line, int lineNumber, string message, string? hint)
    {
        var e = Assert.Throws<FileErrorException>(() => SweepLoader.Load("bad.yaml", PathSweep.Replace("link-defaults.latency: [5ms, 20ms]", line, StringComparison.Ordinal)));

        FileError error = e!.Errors.Single();
        Assert.That((error.File, error.Line), Is.EqualTo(("bad.yaml", lineNumber + 3)));
        Assert.That(error.Message, Does.Contain(message));
        if (hint is not null)
        {
            Assert.That(error.Hint, Does.Contain(hint));
        }
    }
}
