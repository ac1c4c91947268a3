namespace CpmSim.Core.Network;

/// <summary>A topology description is inconsistent; <see cref="Errors"/> lists every problem found.</summary>
public sealed class TopologyException : Exception
{
    public TopologyException(IReadOnlyList<string> errors)
        : base($"The topology has {errors.Count} problem(s):" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e))) => Errors = errors;

    public TopologyException()
        : this([])
    {
    }

    public TopologyException(string message)
        : this([message])
    {
    }

    public TopologyException(string message, Exception innerException)
        : base(message, innerException) => Errors = [message];

    public IReadOnlyList<string> Errors { get; }
}
