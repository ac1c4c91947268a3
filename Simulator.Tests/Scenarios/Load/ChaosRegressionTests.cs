namespace CpmSim.Tests.Scenarios.Load;

/// <summary>
/// Chaos cases that failed before their defect was fixed, kept as scenario files in
/// <c>Scenarios/Load/ChaosCases/</c> and checked for every chaos property (<see cref="ChaosTests.RunAndCheck"/>).
/// Each broke "one transaction, one final answer" over UDP: late INVITE copies handled as new requests
/// after their transaction was answered, copies of a request in progress refused with 503 under
/// overload, and round-robin proxies sending the copies of one request to different instances.
/// </summary>
public class ChaosRegressionTests
{
    private static IEnumerable<string> Cases() =>
        Directory.EnumerateFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "ChaosCases"), "*.yaml").Order(StringComparer.Ordinal).Select(Path.GetFileName)!;

    [TestCaseSource(nameof(Cases))]
    public void Run_CaseThatOnceFailed_EveryChaosPropertyHolds(string file) =>
        ChaosTests.RunAndCheck(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "ChaosCases", file)));
}
