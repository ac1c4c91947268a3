using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Scenarios.Load;

public class CapacitySearchTests
{
    [Test]
    public void Search_SingleBottleneckWithFixedServiceTime_FindsTheAnalyticCapacityWithinOneStep()
    {
        // Only the ISF does work: one server, 5 ms per message. Each session brings m messages to the
        // ISF (counted from the replayed trace), so the ISF saturates at 1 / (m · 5 ms) sessions/s.
        const string yaml = """
            name: bottleneck
            extends: r01
            nodes:
              isf: {processing: {servers: 1, time: const(5ms)}}
            session: {modify-after: 500ms, release-after: 500ms}
            workload:
              arrivals: constant(10/s)
              sessions: 10
              delay-threshold: 2s
            """;
        ScenarioDefinition scenario = ScenarioLoader.Load("bottleneck.yaml", yaml);
        ReplayResult one = ReplayRunner.Run(scenario);
        int m = one.Records.Count(r => r.ToNode == "isf" && r.Kind == CpmSim.Scenarios.Flows.FlowItemKind.Send && !r.Lost);
        double capacity = 1 / (m * 0.005);
        const double step = 2;
        double[] rates = [.. Enumerable.Range(1, 20).Select(i => i * step)];

        (IReadOnlyList<CapacityStep> steps, double? doc) = CapacitySearch.Run(scenario, rates, SimTime.FromSeconds(30L), 0.001, seed: 1, parallel: 2);

        Assert.That(m, Is.InRange(8, 20), "the ISF sees each session's requests, responses and ACKs");
        Assert.That(doc, Is.Not.Null);
        Assert.That(doc!.Value, Is.EqualTo(capacity).Within(step), $"capacity {capacity:F2} sessions/s from m = {m}");
        Assert.That(steps[^1].Passed, Is.False, "the search went past the capacity");
    }
}
