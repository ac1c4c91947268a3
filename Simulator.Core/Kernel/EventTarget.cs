namespace CpmSim.Core.Kernel;

/// <summary>
/// An <see cref="IEventTarget"/> as a base class: the simulation calls it through a plain virtual
/// call instead of an interface dispatch, which matters when many kinds of target share the run
/// loop (every node of a network). Nodes derive from it; any other target may too.
/// </summary>
public abstract class EventTarget : IEventTarget
{
    void IEventTarget.OnEvent(Simulation simulation, object? payload, long arg) => OnEvent(simulation, payload, arg);

    /// <summary>One of the events scheduled for this target fired.</summary>
    protected internal abstract void OnEvent(Simulation simulation, object? payload, long arg);
}
