namespace CpmSim.Core.Tracing;

/// <summary>Receives trace records as they happen.</summary>
public interface ITraceSink
{
    void Record(TraceRecord record);
}
