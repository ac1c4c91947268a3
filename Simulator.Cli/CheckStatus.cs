namespace CpmSim.Cli;

/// <summary>How one check of <c>cpmsim check</c> ended: JUnit's passed, <c>&lt;failure&gt;</c> or <c>&lt;error&gt;</c>.</summary>
internal enum CheckStatus
{
    /// <summary>The expectation holds.</summary>
    Passed,

    /// <summary>The expectation does not hold (exit code 1).</summary>
    Failed,

    /// <summary>The check could not be made: the input is invalid (exit code 2) or cpmsim failed (exit code 70).</summary>
    Error,
}
