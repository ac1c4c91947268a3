using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// One dialog a node holds as caller (user agent client): its outstanding request with Timer B, and
/// the dialog once a 2xx has set it up. A value inside the node's call state; <see cref="SipNode"/>
/// sends on it and completes it (always through a <c>ref</c> to the stored leg).
/// </summary>
public struct UacLeg
{
    /// <summary>The dialog, once established.</summary>
    public Dialog Dialog;

    /// <summary>The headers of the request awaiting its final response (valid while <see cref="HasOutstanding"/>).</summary>
    public RequestHeaders Outstanding;

    /// <summary>The Request-URI of the outstanding request.</summary>
    public string? OutstandingUri;

    /// <summary>Whether the outstanding request is in a dialog (a re-INVITE rather than an initial INVITE).</summary>
    public bool OutstandingInDialog;

    public bool HasOutstanding;

    public EventHandle TimerB;

    /// <summary>What a caller learns when its leg's request is answered or times out.</summary>
    public readonly AnsweredRequest Answered => new(Outstanding, OutstandingUri ?? string.Empty, OutstandingInDialog);
}

/// <summary>The request a final response (or Timer B) completed, as the leg kept it.</summary>
public readonly record struct AnsweredRequest(RequestHeaders Headers, string RequestUri, bool InDialog)
{
    /// <summary>How the request is named in a trace: <c>INVITE</c> or <c>re-INVITE</c>, ...</summary>
    public string Kind => SipRequest.KindOf(Headers.Method, InDialog);
}
