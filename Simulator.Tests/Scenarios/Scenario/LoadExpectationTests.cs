using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Scenarios.Scenario;

/// <summary>Load bounds are checked when the file is read, before any workload runs.</summary>
public class LoadExpectationTests
{
    private static FileError Error(string yaml)
    {
        var e = Assert.Throws<FileErrorException>(() => ScenarioLoader.Load("bad.yaml", yaml));
        return e!.Errors.Single();
    }

    [Test]
    public void Load_MisspeltMetric_SaysDidYouMeanAtTheBound()
    {
        FileError e = Error("extends: load-r01\nexpect:\n  load: [\"modifcation_delay.p99 < 800ms\"]\n");

        Assert.That((e.File, e.Line, e.Column), Is.EqualTo(("bad.yaml", 3, 10)));
        Assert.That(e.Message, Does.Contain("no metric 'modifcation_delay'").And.Contain("Did you mean 'modification_delay'?"));
    }

    [Test]
    public void Load_BoundWithoutWorkload_IsAnInputError()
    {
        FileError e = Error("extends: r01\nexpect:\n  load: [\"modification_delay.p99 < 800ms\"]\n");

        Assert.That(e.Message, Does.Contain("no 'workload' to run"));
    }

    [Test]
    public void Load_BoundWithARateWithoutWorkload_IsAccepted() =>
        Assert.That(ScenarioLoader.Load("ok.yaml", "extends: r01\nexpect:\n  load: [\"modification_delay.p99 < 800ms at 60/s\"]\n").Expect.Load, Has.Count.EqualTo(1));

    [TestCase("session_establishment_ratio.p99 >= 99%", "has no 'p99'")]
    [TestCase("modification_delay.p99 < 800", "must be a time with its unit")]
    [TestCase("modification_delay < 80%", "must be a time with its unit")]
    [TestCase("session_establishment_ratio >= 800ms", "not a delay")]
    [TestCase("retransmissions < 5%", "not a ratio")]
    [TestCase("modification_delay.p42 < 800ms", "STAT one of")]
    [TestCase("events < NaN", "must be a number")]
    public void TryParse_StatisticOrUnitThatDoesNotFitTheMetric_IsAnError(string bound, string expected)
    {
        Assert.That(LoadExpectation.TryParse(bound, "x:1:1", out _, out string? error), Is.False);
        Assert.That(error, Does.Contain(expected));
    }

    [Test]
    public void Metrics_AreTheRowsOfALoadReportAndDoc()
    {
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn("load-r01");
        var w = s.Workload! with { Sessions = 3, Duration = null };
        var report = new LoadReport(s.Name, [LoadRunner.Run(s, new LoadOptions { Workload = w, StepSampleEvery = 0 })]);

        // The fault metrics are rows only of a scenario with faults (so a fault-free summary is as it was).
        Assert.That(LoadExpectation.Metrics.Except(LoadExpectation.FaultMetrics), Is.EqualTo(report.Rows.Select(r => r.Metric).Append("doc")));
    }

    [Test]
    public void Metrics_OfAScenarioWithFaults_AreTheRowsOfItsLoadReportAndDoc()
    {
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn("faults-demo");
        var w = s.Workload! with { Sessions = 3, Duration = null };
        var report = new LoadReport(s.Name, [LoadRunner.Run(s, new LoadOptions { Workload = w, StepSampleEvery = 0 })]);

        Assert.That(LoadExpectation.Metrics, Is.EquivalentTo(report.Rows.Select(r => r.Metric).Append("doc")));
    }

    [TestCase("recovery_time < 10s", 10_000.0)]
    [TestCase("recovery_time.max <= 2min", 120_000.0)]
    public void TryParse_RecoveryTime_IsATimeInMilliseconds(string text, double ms)
    {
        Assert.That(LoadExpectation.TryParse(text, "f:1:1", out LoadExpectation? e, out string? error), Is.True, error);
        Assert.That(e!.Value, Is.EqualTo(ms));
    }

    [TestCase("recovery_time < 10", "a time")]
    [TestCase("recovery_time.p99 < 10s", "has no 'p99'")]
    [TestCase("recovery_tme < 10s", "Did you mean 'recovery_time'?")]
    [TestCase("fault_success_ratio >= 5s", "not a delay")]
    public void TryParse_BadFaultBound_SaysWhatIsWrong(string text, string expected)
    {
        Assert.That(LoadExpectation.TryParse(text, "f:1:1", out _, out string? error), Is.False);
        Assert.That(error, Does.Contain(expected));
    }
}
