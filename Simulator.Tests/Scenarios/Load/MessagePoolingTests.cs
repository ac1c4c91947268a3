using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Sip;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Tests.Scenarios.Load;

/// <summary>
/// Pooled messages change nothing but speed: a run where every session is traced (every message
/// retained, proxies forward copies) and a run where none is (messages recycled and forwarded in
/// place) must produce the same sessions, event for event.
/// </summary>
public class MessagePoolingTests
{
    private static RunMetrics Run(string scenario, int sampleEvery, long sessions, double rate)
    {
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn(scenario);
        WorkloadDefinition w = s.Workload! with { Sessions = sessions, Arrivals = new PoissonArrivals(rate), WarmUp = SimTime.Zero };
        return LoadRunner.Run(s, new LoadOptions { Workload = w, Seed = 11, RecordSessions = true, StepSampleEvery = sampleEvery });
    }

    private static string Fingerprint(RunMetrics m) =>
        string.Join("\n", m.Sessions!.OrderBy(r => r.Session).Select(r =>
            FormattableString.Invariant($"{r.Session} {r.Outcome} {r.FailureStatus} {r.InviteSentNs} {r.EstablishedNs} {r.ModificationSentNs} {r.ModificationAnsweredNs} {r.NewSessionNs} {r.ReleasedNs} {r.ChatMessagesSent}")))
        + FormattableString.Invariant($"\nevents {m.EventsProcessed} retransmissions {m.Retransmissions} lost {m.LostMessages}");

    [TestCase("load-r01", 400, 60.0)]
    [TestCase("load-pre-r01", 400, 60.0)]
    [TestCase("load-overload-udp", 300, 80.0)] // UDP past capacity: retransmissions keep and resend messages
    public void Run_TracedEverySessionOrNone_SameSessionsEventForEvent(string scenario, long sessions, double rate)
    {
        RunMetrics traced = Run(scenario, sampleEvery: 1, sessions, rate);
        RunMetrics pooled = Run(scenario, sampleEvery: 0, sessions, rate);

        Assert.That(traced.SampledSessions, Is.GreaterThan(0), "the traced run did trace");
        Assert.That(Fingerprint(pooled), Is.EqualTo(Fingerprint(traced)));
    }

    [Test]
    public void Pools_SteadyLoad_MakeNoMoreMessagesForMoreSessions()
    {
        // At one load the messages in transit at once stay the same however long the run: a run of
        // three times the sessions makes no more pooled messages than the short one.
        (long Requests, long Responses) Created(long sessions)
        {
            ScenarioDefinition s = ScenarioLoader.LoadBuiltIn("r01");
            BuiltScenario built = ScenarioBuilder.Build(s, 5);
            var workload = new WorkloadDefinition { Arrivals = new ConstantArrivals(200), Sessions = sessions };
            new WorkloadSource(built.Simulation, built.Client, s.Session, workload).Start(built.Simulation);
            built.Simulation.Run();
            SipMessagePools pools = built.Network.Shared<SipMessagePools>();
            Assert.That(built.Client.ActiveSessions, Is.Zero);
            return (pools.Requests.Created, pools.Responses.Created);
        }

        (long r1, long s1) = Created(2_000);
        (long r3, long s3) = Created(6_000);

        Assert.That((r3, s3), Is.EqualTo((r1, s1)));
        Assert.That(r1, Is.LessThan(2_000), "far fewer messages made than sessions run");
    }
}
