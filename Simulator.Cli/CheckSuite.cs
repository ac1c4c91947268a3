namespace CpmSim.Cli;

/// <summary>The checks of one input (a scenario file or a built-in scenario): a JUnit <c>&lt;testsuite&gt;</c>.</summary>
/// <param name="Name">The input as given: the file path, or <c>builtin:NAME</c>.</param>
/// <param name="ClassName">The JUnit class name of its test cases: <c>cpmsim.</c> and the scenario's name.</param>
/// <param name="Cases">One per check, in the order they were made.</param>
/// <param name="Time">Wall time for the whole input: loading, building and every run.</param>
/// <param name="Timestamp">When checking the input started.</param>
/// <param name="Properties">Scenario name, source and seed, when the input could be loaded.</param>
internal sealed record CheckSuite(string Name, string ClassName, IReadOnlyList<CheckCase> Cases, TimeSpan Time, DateTimeOffset Timestamp, IReadOnlyList<KeyValuePair<string, string>> Properties)
{
    public int Failures => Cases.Count(c => c.Status == CheckStatus.Failed);

    public int Errors => Cases.Count(c => c.Status == CheckStatus.Error);
}
