using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Sip;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Tests.Scenarios.Load;

/// <summary>Load runs with faults: what nodes do about them, and what the run measures.</summary>
public class FaultRunTests
{
    private static (RunMetrics Metrics, BuiltScenario Built) RunBuilt(string yaml)
    {
        ScenarioDefinition s = ScenarioLoader.Load("faults.yaml", yaml);
        WorkloadDefinition w = s.Workload!;

        // The same run twice: once through the load runner (metrics), once on a network we can inspect.
        RunMetrics m = LoadRunner.Run(s, new LoadOptions { Workload = w, RecordSessions = true, StepSampleEvery = 0 });
        BuiltScenario built = ScenarioBuilder.Build(s);
        foreach (Isf isf in built.Network.Nodes.OfType<Isf>())
        {
            w.Population?.Register(isf.Recipients, built.Simulation.Random.Seed);
        }

        var source = new WorkloadSource(built.Simulation, built.Client, s.Session, w);
        source.Start(built.Simulation);
        built.Simulation.Run();
        Assert.That(built.Network.Nodes.OfType<SipNode>().Sum(n => n.HeldState), Is.Zero, "no call state left");
        Assert.That(built.Simulation.PendingCount, Is.Zero);
        return (m, built);
    }

    [Test]
    public void FaultsDemo_CrashedMmsIwf_SessionsFailOverAndSucceed()
    {
        string yaml = BuiltInText("faults-demo").Replace("sessions: 3600", "sessions: 2400", StringComparison.Ordinal);
        (RunMetrics m, BuiltScenario built) = RunBuilt(yaml);
        var isf = built.Network.Nodes.OfType<Isf>().Single();
        var crashed = (Iwf)built.Network["iwf-mms-1"];

        Assert.That(crashed.Crashes, Is.EqualTo(1));
        Assert.That(isf.Health.Failovers, Is.GreaterThan(0), "legs toward iwf-mms-1 failed over");
        Assert.That(built.Network.TransportErrors, Is.GreaterThan(0));

        // Every session that needed an MMS IWF during the crash got one: nothing failed.
        Assert.That(m.Outcomes.Values.Sum(), Is.EqualTo(m.SessionsStarted));
        Assert.That(m.Sessions!.Count(r => !Timeline.IsHandled(r.Outcome)), Is.Zero, string.Join(", ", m.Sessions!.Where(r => !Timeline.IsHandled(r.Outcome)).Take(5).Select(r => $"{r.Session}:{r.Outcome}/{r.FailureStatus}")));
        FaultImpact f = m.Faults.Single();
        Assert.That((f.SuccessRatioDuring, f.RecoveryTimeSeconds), Is.EqualTo((1.0, 0.0)));
        Assert.That(f.SessionsAffected, Is.GreaterThan(1000).And.LessThan(m.Sessions!.Count));
    }

    [Test]
    public void CrashWithoutAnotherInstance_SetupsFailDuringIt_AndRestartedNodeAnswers481()
    {
        // The only SMS IWF (every chat goes through it) crashes for 5 s at 20 s. During the crash new
        // invitations meet a transport error at the core, which answers 503: setup-rejected. Sessions
        // whose chat stood before the crash lost their dialog there: a modification after the restart
        // is answered 481 (network-failure).
        (RunMetrics m, BuiltScenario built) = RunBuilt("""
            name: crash-sms
            extends: load-r01
            faults:
              - {at: 20s, for: 5s, node: iwf-sms, crash: true}
            workload:
              arrivals: poisson(20/s)
              sessions: 1000
              warm-up: 0s
            """);

        var rejected = m.Sessions!.Where(r => r.Outcome == SessionOutcome.SetupRejected).ToList();
        Assert.That(rejected, Is.Not.Empty);
        Assert.That(rejected.All(r => r.FailureStatus == 503 && r.InviteSentNs >= 19_000_000_000 && r.InviteSentNs < 25_000_000_000), Is.True);
        var lost = m.Sessions!.Where(r => r.Outcome == SessionOutcome.NetworkFailure).ToList();
        Assert.That(lost, Is.Not.Empty);
        Assert.That(lost.All(r => r.FailureStatus is 481 or 503 && r.InviteSentNs < 25_000_000_000), Is.True, string.Join(", ", lost.Take(5).Select(r => $"{r.Session}:{r.FailureStatus}@{r.InviteSentNs / 1e9:F1}")));
        Assert.That(m.Outcomes.Values.Sum(), Is.EqualTo(m.SessionsStarted));

        FaultImpact f = m.Faults.Single();
        Assert.That(f.SuccessRatioBefore, Is.EqualTo(1.0));
        Assert.That(f.SuccessRatioDuring, Is.LessThan(0.5));
        Assert.That(f.RecoveryTimeSeconds, Is.GreaterThanOrEqualTo(0).And.LessThan(60));
    }

    [Test]
    public void NoFaults_FaultsListEmpty_OutputsAsWithoutTheKey()
    {
        string plain = BuiltInText("load-r01");
        string Files(string yaml)
        {
            ScenarioDefinition s = ScenarioLoader.Load("x.yaml", yaml);
            RunMetrics m = LoadRunner.Run(s, new LoadOptions { Workload = s.Workload! with { Sessions = 300 }, StepSampleEvery = 7 });
            string dir = Path.Combine(Path.GetTempPath(), "cpmsim-nofaults-" + Guid.NewGuid().ToString("N"));
            try
            {
                return string.Join("\n", LoadReportWriter.WriteAll(new LoadReport(s.Name, [m]), dir).Select(f => Path.GetFileName(f) + "\n" + File.ReadAllText(f)));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        Assert.That(Files(plain + "\nfaults: []\n"), Is.EqualTo(Files(plain)));
    }

    private static string BuiltInText(string name) => BuiltIn.ScenarioText(name)!;
}
