namespace CpmSim.Cli;

/// <summary>An error for the user: printed as one paragraph on stderr, never as a stack trace.</summary>
public sealed class CliException : Exception
{
    public CliException(string message, int exitCode = CliApp.ExitBadInput)
        : base(message) => ExitCode = exitCode;

    public CliException()
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int ExitCode { get; } = CliApp.ExitBadInput;
}
