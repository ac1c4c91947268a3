namespace CpmSim.Core.Kernel;

/// <summary>Receives the events scheduled for it. One object serves many events: the payload and
/// argument say which.</summary>
public interface IEventTarget
{
    void OnEvent(Simulation simulation, object? payload, long arg);
}
