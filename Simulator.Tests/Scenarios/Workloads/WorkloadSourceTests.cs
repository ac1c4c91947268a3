using CpmSim.Core.Kernel;
using CpmSim.Core.Random;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Tests.Scenarios.Workloads;

public class WorkloadSourceTests
{
    private static WorkloadSource Source(UserBehaviour behaviour)
    {
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn("load-r01");
        BuiltScenario built = ScenarioBuilder.Build(s, 1);
        WorkloadDefinition w = s.Workload! with { Behaviour = behaviour };
        return new WorkloadSource(built.Simulation, built.Client, s.Session, w);
    }

    [Test]
    public void DrawPlan_ChatCountAboveTheLimit_IsCutToTheLimit()
    {
        // const(3000000000) built in code (a scenario file rejects it): the plan used to allocate one
        // entry per message and threw OutOfMemoryException; now the count stops at the documented limit.
        WorkloadSource source = Source(new UserBehaviour { ChatMessages = DistributionParser.Parse("const(3000000000)") });

        SessionPlan plan = source.DrawPlan();

        Assert.That(plan.ChatMessages, Has.Count.EqualTo(UserBehaviour.MaxChatMessages));
    }

    [Test]
    public void DrawPlan_HoldingTimeDrawnPastTheClock_IsSaturatedNotAnOverflow()
    {
        // exp(mean=2562047h): about 37% of the draws lie beyond SimTime.MaxValue.
        WorkloadSource source = Source(new UserBehaviour { HoldingTime = DistributionParser.Parse("exp(mean=2562047h)") });

        SimTime[] holding = [.. Enumerable.Range(0, 200).Select(_ => source.DrawPlan().ModifyAfter)];

        Assert.That(holding, Has.Some.EqualTo(SimTime.MaxValue));
        Assert.That(holding, Has.All.GreaterThanOrEqualTo(SimTime.Zero));
    }
}
