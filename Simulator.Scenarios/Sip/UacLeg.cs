using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// One dialog a node holds as caller (user agent client): its outstanding request (in a client transaction), and
/// the dialog once a 2xx has set it up, which this node then refreshes (RFC 4028, refresher=uac). A value inside the node's call state; <see cref="SipNode"/>
/// sends on it and completes it (always through a <c>ref</c> to the stored leg).
/// </summary>
public struct UacLeg
{
    /// <summary>The dialog, once established.</summary>
    public Dialog Dialog;

    /// <summary>The request awaiting its final response (valid while <see cref="HasOutstanding"/>).</summary>
    public AnsweredRequest Outstanding;

    public bool HasOutstanding;

    /// <summary>The session refresh timer: when to send the next UPDATE, or (while <see cref="RefreshTransaction"/> is set) Timer F of the one sent.</summary>
    public EventHandle RefreshTimer;

    /// <summary>The transaction of the UPDATE awaiting its answer; 0: none.</summary>
    public long RefreshTransaction;

    /// <summary>When the session expires at the far end unless a refresh succeeds before (RFC 4028): the last 2xx to the INVITE or UPDATE plus the session interval.</summary>
    public long SessionExpiresNs;

    /// <summary>Refreshes refused in a row (a 2xx resets it): without a Retry-After, each retry waits twice as long as the one before.</summary>
    public int RefreshFailures;
}

/// <summary>What a caller keeps of a request it sent until the final response (or Timer B) completes it.</summary>
public readonly record struct AnsweredRequest(CallId CallId, long Session, long Transaction, int CSeq, SipMethod Method, bool InDialog, string RequestUri)
{
    /// <summary>The request as it was sent.</summary>
    public static AnsweredRequest Of(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(request.CallId, request.Session, request.Transaction, request.CSeq, request.Method, request.InDialog, request.RequestUri);
    }

    /// <summary>How the request is named in a trace: <c>INVITE</c> or <c>re-INVITE</c>, ...</summary>
    public string Kind => SipRequest.KindOf(Method, InDialog);
}
