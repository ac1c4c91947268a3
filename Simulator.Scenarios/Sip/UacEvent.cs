using CpmSim.Core.Kernel;

namespace CpmSim.Scenarios.Sip;

/// <summary>What resumed a user agent's script waiting at its <c>SimSignal&lt;UacEvent&gt;</c>.</summary>
public enum UacEventKind : byte
{
    /// <summary>A final response to the awaited request came (or was made of a transport error: <see cref="UacEvent.IsTransportFailure"/>).</summary>
    Answered,

    /// <summary>The awaited request got no final response in time (Timer B or C of an INVITE, a BYE's Timer F): status 408, made, never sent.</summary>
    TimedOut,

    /// <summary>A timer the script waited for fired.</summary>
    Elapsed,

    /// <summary>The call ended under the script (the far end released it, or its dialog is gone): the script stops.</summary>
    Ended,
}

/// <summary>
/// What a user agent written as a script (a process, <c>Simulator.Core.Processes</c>) gets back from
/// an <c>await</c> on its signal: the end of a request it sent on a leg
/// (<see cref="SipNode.SendOnLegAwaited"/>)
/// — the response's status and Retry-After, kept by value (the response itself goes back to its
/// pool); the SDP of a 2xx is the leg's <see cref="Dialog.Media"/>, where completing the leg put it —
/// or a time-out, a timer, or the end of the call. Small on purpose: a signal keeps one, per leg of
/// every session in progress.
/// </summary>
public readonly record struct UacEvent(UacEventKind Kind, int Status, SimTime? RetryAfter, bool IsTransportFailure)
{
    public static UacEvent Elapsed => new(UacEventKind.Elapsed, 0, null, false);

    public static UacEvent Ended => new(UacEventKind.Ended, 0, null, false);

    /// <summary>The 408 of a request that timed out.</summary>
    public static UacEvent TimedOut => new(UacEventKind.TimedOut, StatusCodes.RequestTimeout, null, false);

    /// <summary>The final response <paramref name="response"/>, by value (its SDP stays with the leg's dialog).</summary>
    public static UacEvent Answer(SipResponse response, bool transportFailure)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new(UacEventKind.Answered, response.Status, response.RetryAfter, transportFailure);
    }

    /// <summary>The call ended under the script: it stops.</summary>
    public bool IsEnded => Kind == UacEventKind.Ended;

    /// <summary>The request timed out (no final response at all).</summary>
    public bool IsTimeout => Kind == UacEventKind.TimedOut;

    /// <summary>A 2xx answer.</summary>
    public bool IsSuccess => Kind == UacEventKind.Answered && StatusCodes.IsSuccess(Status);
}
