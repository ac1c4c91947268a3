namespace CpmSim.Core.Processes;

/// <summary>Thrown at the <c>await</c> where an interrupted process waits (<see cref="SimTask.Interrupt"/>).</summary>
public sealed class InterruptedException : Exception
{
    public InterruptedException()
        : this(null)
    {
    }

    public InterruptedException(object? cause)
        : base(cause is null ? "The process was interrupted." : $"The process was interrupted: {cause}.")
        => Cause = cause;

    public InterruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What the interrupter passed (for a preemption, a <see cref="Preempted"/>).</summary>
    public object? Cause { get; }
}
