namespace CpmSim.Tests.Scenarios.Load;

/// <summary>
/// Chaos cases that failed before their defect was fixed, kept as scenario files in
/// <c>Scenarios/Load/ChaosCases/</c> and checked for every chaos property (<see cref="ChaosTests.RunAndCheck"/>).
/// Each broke "one transaction, one final answer" over UDP: late INVITE copies handled as new requests
/// after their transaction was answered, copies of a request in progress refused with 503 under
/// overload, and round-robin proxies sending the copies of one request to different instances; and,
/// over TCP, a core that re-sent a timed-out INVITE to another ISF on the same branch. Cases
/// with faults (issue 16) come from <see cref="ChaosFaultTests"/>.
/// </summary>
public class ChaosRegressionTests
{
    private static IEnumerable<string> Cases() =>
        Directory.EnumerateFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "ChaosCases"), "*.yaml").Order(StringComparer.Ordinal).Select(Path.GetFileName)!;

    [TestCaseSource(nameof(Cases))]
    public void Run_CaseThatOnceFailed_EveryChaosPropertyHolds(string file)
    {
        string yaml = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "ChaosCases", file));

        // A node that crashed forgot its transactions: one final answer per transaction is not required then (ChaosFaultTests).
        ChaosTests.RunAndCheck(yaml, oneFinalAnswer: !yaml.Contains("crash: true", StringComparison.Ordinal));
    }
}
