namespace CpmSim.Scenarios.Files;

/// <summary>An input file (scenario, flow) has errors; <see cref="Errors"/> lists every one found.</summary>
public sealed class FileErrorException : Exception
{
    public FileErrorException(IReadOnlyList<FileError> errors)
        : base(Format(errors)) => Errors = errors;

    public FileErrorException()
        : this([])
    {
    }

    public FileErrorException(string message)
        : this([new FileError("<input>", 0, 0, message)])
    {
    }

    public FileErrorException(string message, Exception innerException)
        : base(message, innerException) => Errors = [];

    public IReadOnlyList<FileError> Errors { get; }

    private static string Format(IReadOnlyList<FileError> errors) =>
        errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} errors:" + Environment.NewLine + string.Join(Environment.NewLine, errors);
}
