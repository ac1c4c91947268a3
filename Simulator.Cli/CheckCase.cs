namespace CpmSim.Cli;

/// <summary>
/// One check of a scenario (flow conformance, outcome, one load bound; or the error that prevented the checks):
/// a JUnit <c>&lt;testcase&gt;</c>. <paramref name="Output"/> is the verdict line, which says the same as the failure.
/// </summary>
/// <param name="Name">A stable name, e.g. <c>flow r01</c>, <c>outcome Success</c>, <c>load: modification_delay.p99 &lt; 1s</c>.</param>
/// <param name="Status">Passed, failed or error.</param>
/// <param name="Time">Wall time of the run the check was made on (checks sharing one run share its time).</param>
/// <param name="Output">The verdict, one line.</param>
/// <param name="Type">For a failure or error: its kind (<c>flow</c>, <c>outcome</c>, <c>load</c>, <c>invalid-input</c>, an exception type).</param>
/// <param name="Message">For a failure or error: one line.</param>
/// <param name="Detail">For a failure or error: the full text (all errors of a file; the stack trace of an internal error).</param>
internal sealed record CheckCase(string Name, CheckStatus Status, TimeSpan Time, string Output, string? Type = null, string? Message = null, string? Detail = null);
