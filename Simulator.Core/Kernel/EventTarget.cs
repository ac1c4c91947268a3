namespace CpmSim.Core.Kernel;

/// <summary>
/// Receives the events scheduled for it. One object serves many events: the payload and argument
/// say which, so scheduling needs no closure per event. A base class rather than an interface: the
/// run loop calls it with a plain virtual call, no interface dispatch or type test per event (which
/// matters when many kinds of target share the loop, as the nodes of a network do).
/// </summary>
public abstract class EventTarget
{
    /// <summary>One of the events scheduled for this target fired.</summary>
    protected internal abstract void OnEvent(Simulation simulation, object? payload, long arg);

    /// <summary>
    /// Folds what this event is (beyond its time and number, which the kernel adds) into the run's
    /// fingerprint, before <see cref="OnEvent"/> runs. Nodes add their name and the message; other
    /// targets add nothing by default.
    /// </summary>
    protected internal virtual void AddToFingerprint(Fingerprint fingerprint, object? payload, long arg)
    {
    }
}
