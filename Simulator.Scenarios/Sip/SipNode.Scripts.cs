using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Processes;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// User agents written as scripts: a process sends a request on a leg and awaits its end on a
/// <see cref="SimSignal{T}"/> of <see cref="UacEvent"/> — the leg's final response or its time-out
/// resumes it at once, inside the event that brought it (no event of its own), so a script acts
/// exactly where a callback would. The node routes what arrives to the right signal: its response
/// handler calls <see cref="CompleteLeg(ref UacLeg, SipResponse, NodeId, SimSignal{UacEvent})"/>,
/// its <see cref="OnLegTimedOut"/> calls <see cref="ExpireLeg(ref UacLeg, LegTimeout, SimSignal{UacEvent})"/>, its own timers
/// (<see cref="Pause{TKind}(SimTime, TKind, CallRef, SimSignal{UacEvent})"/>) resume with <see cref="UacEvent.Elapsed"/>.
/// </summary>
public abstract partial class SipNode
{
    /// <summary>
    /// Sends a request on a caller's leg (as <see cref="SendOnLeg(ref UacLeg, SipRequest, LegRef)"/>) for
    /// a script to await its end: returns <paramref name="signal"/>, which
    /// <see cref="CompleteLeg(ref UacLeg, SipResponse, NodeId, SimSignal{UacEvent})"/> or
    /// <see cref="ExpireLeg(ref UacLeg, LegTimeout, SimSignal{UacEvent})"/> resumes.
    /// </summary>
    protected SimSignal<UacEvent> SendOnLegAwaited(ref UacLeg leg, SipRequest request, LegRef reference, SimSignal<UacEvent> signal)
    {
        SendOnLeg(ref leg, request, reference);
        return signal;
    }

    /// <summary>
    /// Completes the leg's outstanding request with its final response (<see cref="CompleteLeg(ref UacLeg, SipResponse, NodeId, out AnsweredRequest)"/>:
    /// the dialog set up, a 2xx ACKed) and resumes the script awaiting it with the answer, now. False
    /// (and no resume) for a response that completes nothing: the caller answers it as a stray. The
    /// leg may have moved once this returns (the script ran): do not use the reference after.
    /// </summary>
    protected bool CompleteLeg(ref UacLeg leg, SipResponse response, NodeId from, SimSignal<UacEvent> signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (!CompleteLeg(ref leg, response, from, out _))
        {
            return false;
        }

        signal.Resume(UacEvent.Answer(response, IsTransportFailure));
        return true;
    }

    /// <summary>
    /// The leg's request timed out (<see cref="OnLegTimedOut"/>, by <paramref name="timeout"/>): gives it up,
    /// notes it, and resumes the script awaiting it with <see cref="UacEvent.TimedOut"/>, now. False when
    /// it was answered meanwhile.
    /// </summary>
    protected bool ExpireLeg(ref UacLeg leg, LegTimeout timeout, SimSignal<UacEvent> signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (!ExpireLeg(ref leg, out AnsweredRequest request))
        {
            return false;
        }

        NoteLegTimeout(request.Session, timeout, $" to {request.Kind}");
        signal.Resume(UacEvent.TimedOut);
        return true;
    }

    /// <summary>
    /// A script's pause: starts a timer of this node's own <paramref name="kind"/> (so the run's events
    /// are the node's, as a callback node's would be) and returns <paramref name="signal"/>; the node's
    /// <see cref="OnNodeTimer"/> resumes it with <see cref="UacEvent.Elapsed"/> (see <see cref="Elapse"/>).
    /// </summary>
    protected SimSignal<UacEvent> Pause<TKind>(SimTime delay, TKind kind, CallRef call, SimSignal<UacEvent> signal)
        where TKind : struct, Enum
    {
        StartNodeTimer(delay, kind, call);
        return signal;
    }

    /// <summary>As <see cref="Pause{TKind}(SimTime, TKind, CallRef, SimSignal{UacEvent})"/>, the timer started for a leg.</summary>
    protected SimSignal<UacEvent> Pause<TKind>(SimTime delay, TKind kind, LegRef leg, SimSignal<UacEvent> signal)
        where TKind : struct, Enum
    {
        StartNodeTimer(delay, kind, leg);
        return signal;
    }

    /// <summary>A script's pause is over: resumes it (when it waits), now.</summary>
    protected static void Elapse(SimSignal<UacEvent> signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (signal.IsWaiting)
        {
            signal.Resume(UacEvent.Elapsed);
        }
    }
}
