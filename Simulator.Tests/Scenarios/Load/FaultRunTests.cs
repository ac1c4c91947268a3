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
    public void CrashedIsfOverUdp_CoreFailsOverAtTimerB_SessionsStartedDuringTheCrashSucceed()
    {
        // Two ISFs; isf-1 crashes from 20 s to 80 s. Over UDP nothing tells the core: its INVITE to isf-1
        // goes unanswered until Timer B (32 s), and the core then sends it to isf-2 on a branch of its own
        // and avoids isf-1 for 30 s. The caller waits (it got 100 Trying): every session that started
        // during the crash is set up through isf-2.
        (RunMetrics m, BuiltScenario built) = RunBuilt("""
            name: crash-isf-udp
            extends: load-r01
            transport: udp
            nodes:
              isf: {instances: 2}
            faults:
              - {at: 20s, for: 60s, node: isf-1, crash: true}
            workload:
              arrivals: poisson(5/s)
              sessions: 400
              warm-up: 0s
            """);

        SipCore core = built.Network.Nodes.OfType<SipCore>().Single();
        Assert.That(core.Health.Failovers, Is.GreaterThan(0), "INVITEs to the crashed isf-1 went to isf-2 after Timer B");
        Assert.That(built.Network.TransportErrors, Is.Zero, "UDP: no transport error tells anyone");
        var during = m.Sessions!.Where(r => r.InviteSentNs >= 20_500_000_000 && r.InviteSentNs < 80_000_000_000).ToList();
        Assert.That(during, Has.Count.GreaterThan(100));
        Assert.That(during.Where(r => !Timeline.IsHandled(r.Outcome)).Select(r => $"{r.Session}:{r.Outcome}/{r.FailureStatus}@{r.InviteSentNs / 1e9:F1}"), Is.Empty);
        Assert.That(m.Outcomes.Values.Sum(), Is.EqualTo(m.SessionsStarted));
    }

    [Test]
    public void OverloadedIsfAnswers503_CoreFailsOverToTheOtherIsf_FewerSessionsRejected()
    {
        // Two ISFs with one place in their queue: an INVITE that finds one full is answered 503 (it was
        // not processed). The core sends it to the other ISF instead of passing the 503 on; with
        // avoid-failed: 0s the core does not fail over, and more sessions end rejected.
        string Yaml(string avoid) => $$"""
            name: overload-isf
            extends: load-r01
            nodes:
              isf: {instances: 2, processing: {servers: 1, time: const(1us), per-kind: {INVITE: const(300ms)}, queue: 1, overload: reject} }
              sip-core: {avoid-failed: {{avoid}}}
            workload:
              arrivals: poisson(2/s)
              sessions: 1000
              warm-up: 0s
            """;
        (RunMetrics m, BuiltScenario built) = RunBuilt(Yaml("100ms"));
        (RunMetrics without, _) = RunBuilt(Yaml("0s"));

        SipCore core = built.Network.Nodes.OfType<SipCore>().Single();
        Assert.That(built.Network.TransportErrors, Is.Zero, "no transport error: the ISFs answer 503");
        Assert.That(core.Health.Failovers, Is.GreaterThan(0), "INVITEs an ISF refused with 503 went to the other ISF");
        int Rejected503(RunMetrics r) => r.Sessions!.Count(x => x.Outcome == SessionOutcome.SetupRejected && x.FailureStatus == StatusCodes.ServiceUnavailable);
        Assert.That(Rejected503(without), Is.GreaterThan(0), "the ISFs are overloaded");
        Assert.That(Rejected503(m), Is.LessThan(Rejected503(without)), $"{core.Health.Failovers} failovers, {Rejected503(without)} rejected without");
        Assert.That(m.Outcomes.Values.Sum(), Is.EqualTo(m.SessionsStarted));
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
