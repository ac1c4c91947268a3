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

    /// <summary>The hash of <see cref="FingerprintName"/>, kept by the kernel once computed (0: not yet).</summary>
    internal long FingerprintKey;

    /// <summary>What ingredient <c>n</c> of a fingerprint names this target by: a node's name; by default the type's name.</summary>
    protected internal virtual string FingerprintName => GetType().Name;

    /// <summary>
    /// What this event is beyond its number, time and target (which the kernel adds), as one number the
    /// kernel combines with those and folds into the run's fingerprint, before <see cref="OnEvent"/> runs;
    /// called only when an ingredient needs it (<see cref="Fingerprint.AtTarget"/>). Nodes return what
    /// happens and the message's ingredients (see <see cref="Fingerprint.Combine"/>); other targets 0 by default.
    /// </summary>
    protected internal virtual long FingerprintOf(Fingerprint fingerprint, object? payload, long arg) => 0;

    /// <summary>
    /// Set by targets whose events may have been stopped without a cancel (<see cref="TimerQueue"/>):
    /// the kernel asks <see cref="StillDue"/> before firing such an event. One field read per event.
    /// </summary>
    internal bool ChecksBeforeFiring;

    /// <summary>
    /// For a target that <see cref="ChecksBeforeFiring"/>: false when the event (of this argument and
    /// sequence) was stopped, and is then neither fired nor counted, as a cancelled event is not.
    /// </summary>
    internal virtual bool StillDue(long arg, long sequence) => true;
}
