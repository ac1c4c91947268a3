using CpmSim.Core.Kernel;

namespace CpmSim.Core.Processes;

/// <summary>A process failed and nobody awaited it: thrown by <see cref="Simulation.Run"/>, naming the process.</summary>
public sealed class SimProcessException : Exception
{
    public SimProcessException()
    {
    }

    public SimProcessException(string message)
        : base(message)
    {
    }

    public SimProcessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SimProcessException(string processName, SimTime time, Exception innerException)
        : base($"Process '{processName}' failed at {time}: {innerException?.GetType().Name}: {innerException?.Message}", innerException)
    {
        ProcessName = processName;
        Time = time;
    }

    /// <summary>The name of the process that failed.</summary>
    public string? ProcessName { get; }

    /// <summary>When it failed.</summary>
    public SimTime Time { get; }
}
