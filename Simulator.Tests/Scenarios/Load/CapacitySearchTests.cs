using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Load;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Workloads;

namespace CpmSim.Tests.Scenarios.Load;

public class CapacitySearchTests
{
    private const double StepRate = 2;

    // Only the ISF does work: one server, 5 ms per message. Each session brings m messages to the
    // ISF (counted from the replayed trace), so the ISF saturates at 1 / (m · 5 ms) sessions/s.
    private const string Yaml = """
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

    private static readonly SimTime Step = SimTime.FromSeconds(30L);

    private ScenarioDefinition _scenario = null!;
    private double _capacity;
    private int _messages;
    private IReadOnlyList<CapacityStep> _steps = [];
    private double? _doc;

    [OneTimeSetUp]
    public void Search()
    {
        _scenario = ScenarioLoader.Load("bottleneck.yaml", Yaml);
        ReplayResult one = ReplayRunner.Run(_scenario);
        _messages = one.Records.Count(r => r.ToNode == "isf" && r.Kind == CpmSim.Scenarios.Flows.FlowItemKind.Send && !r.Lost);
        _capacity = 1 / (_messages * 0.005);
        double[] rates = [.. Enumerable.Range(1, 20).Select(i => i * StepRate)];
        (_steps, _doc) = CapacitySearch.Run(_scenario, rates, Step, 0.001, seed: 1);
    }

    [Test]
    public void Search_SingleBottleneckOfKnownCapacity_DocWithinOneStepAndNeverAbove()
    {
        Assert.That(_messages, Is.InRange(8, 20), "the ISF sees each session's requests, responses and ACKs");
        Assert.That(_doc, Is.Not.Null);
        Assert.That(_doc!.Value, Is.LessThanOrEqualTo(_capacity).And.GreaterThan(_capacity - StepRate), $"capacity {_capacity:F2} sessions/s from m = {_messages}");
        Assert.That(_steps[^1].Passed, Is.False, "the search went past the capacity");
        Assert.That(_steps.Count, Is.LessThan(20), "it stopped once two steps had certainly failed");
    }

    [Test]
    public void Search_OneRunOverTheStair_AttemptsBelongToTheStepTheyStartedIn()
    {
        // Evenly spaced arrivals: a step of 30 s at r/s starts r·30 attempts (±1 at the boundary).
        foreach (CapacityStep s in _steps)
        {
            Assert.That(s.Attempts, Is.EqualTo(s.Saps * 30).Within(1), $"step {s.Index}");
            Assert.That(s.ToSeconds - s.FromSeconds, Is.EqualTo(30));
        }

        Assert.That(_steps.Where(s => s.Passed).All(s => s.Pending == 0), Is.True, "a passing step has every attempt ended");
    }

    [Test]
    public void Doc_SustainedTenStepsLong_AndDocPlusOneStepIsNot()
    {
        // The DOC must hold for a run ten times as long as a step; one step more must not. Below the
        // capacity the ISF's queue stays short; above it the backlog grows without bound.
        double doc = _doc!.Value;
        double IhsShareAt(double rate)
        {
            WorkloadDefinition w = _scenario.Workload! with { Arrivals = new ConstantArrivals(rate), Sessions = (long)Math.Round(rate * 10 * Step.TotalSeconds) };
            return LoadRunner.Run(_scenario, new LoadOptions { Workload = w, Seed = 1, StepSampleEvery = 0 }).IhsShare;
        }

        Assert.That(IhsShareAt(doc), Is.LessThanOrEqualTo(0.001), $"DOC {doc}/s over {10 * Step.TotalSeconds} s");
        Assert.That(IhsShareAt(doc + StepRate), Is.GreaterThan(0.001), $"DOC + one step, {doc + StepRate}/s over {10 * Step.TotalSeconds} s");
    }
}
