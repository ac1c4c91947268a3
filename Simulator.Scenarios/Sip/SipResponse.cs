using System.Globalization;
using CpmSim.Core.Kernel;
using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// A SIP response. It retraces the request's Via stack. A 2xx to an initial INVITE carries the
/// record-route set and the answerer's contact, from which the caller builds the dialog's route set.
/// </summary>
public sealed class SipResponse : SipMessage
{
    private static readonly string[] Codes = new string[700];

    public int Status { get; set; }

    /// <summary>SIP warning code, e.g. 304 (media type not available) with a 488; 0 when there is none.</summary>
    public int Warning { get; set; }

    public NodeList RecordRoute;

    /// <summary>Retry-After of a 503, or of a 500 to an INVITE that found another pending (RFC 3261 §14.2): when the sender may try again.</summary>
    public SimTime? RetryAfter { get; set; }

    /// <summary>The node that answered (the dialog's remote target for the caller).</summary>
    public NodeId Contact { get; set; } = NodeId.None;

    public override string Kind => StatusText(Status);

    public override string Word => Status switch
    {
        StatusCodes.Trying => "Trying",
        StatusCodes.Ringing => "Ringing",
        _ when StatusCodes.RefusesOffer(Status) => "Rejected",
        StatusCodes.RequestTimeout or StatusCodes.ServerTimeout => "Timeout",
        _ when StatusCodes.IsSuccess(Status) => Body.HasRejected ? "Rejected" : "OK", // an answer that sets a stream's port to 0 rejects it
        _ => "Failure",
    };

    public override string Rendering => Warning != 0 ? $"{Status} (warning {Warning})" : RetryAfter is { } r ? $"{Status} (retry after {r})" : Kind;

    /// <summary>Provisional responses and answers to session refreshes (UPDATE) never carry a step number.</summary>
    public override bool Unnumbered => StatusCodes.IsProvisional(Status) || CSeqMethod == SipMethod.Update;

    public override SipMessage AsRetransmission()
    {
        SipResponse copy = Copy(null);
        copy.IsRetransmission = true;
        return copy;
    }

    /// <summary>A copy of this response, from <paramref name="pools"/> (or a new object when null).</summary>
    public SipResponse Copy(SipMessagePools? pools)
    {
        SipResponse c = pools?.Response() ?? new SipResponse();
        c.CopyHeaders(this);
        c.Status = Status;
        c.Warning = Warning;
        c.RecordRoute = RecordRoute;
        c.RetryAfter = RetryAfter;
        c.Contact = Contact;
        return c;
    }

    /// <summary>
    /// The response as passed on by a node that removed itself from the top of the Via stack: this
    /// object when the caller holds it and it is not retained, else a copy.
    /// </summary>
    public SipResponse Popped(SipMessagePools? pools)
    {
        SipResponse p = IsRetained ? Copy(pools) : this;
        p.Via.RemoveLast();
        return p;
    }

    /// <summary>A response to <paramref name="request"/>.</summary>
    public static SipResponse To(SipRequest request, int status, NodeId contact, SipMessagePools? pools, Sdp body = default, int warning = 0, SimTime? retryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestHeaders h = request.AnswerHeaders;
        return To(h, status, contact, pools, body, warning, retryAfter);
    }

    /// <summary>A response to the request whose headers were kept.</summary>
    public static SipResponse To(in RequestHeaders request, int status, NodeId contact, SipMessagePools? pools, Sdp body = default, int warning = 0, SimTime? retryAfter = null)
    {
        SipResponse r = pools?.Response() ?? new SipResponse();
        r.Headers = request.Headers;
        r.Status = status;
        r.Warning = warning;
        r.RecordRoute = request.RecordRoute;
        r.Contact = contact;
        r.Body = body;
        r.RetryAfter = retryAfter;
        return r;
    }

    /// <summary>The status code as text, made once per code.</summary>
    public static string StatusText(int status)
    {
        if ((uint)status >= (uint)Codes.Length)
        {
            return status.ToString(CultureInfo.InvariantCulture);
        }

        return Codes[status] ??= status.ToString(CultureInfo.InvariantCulture);
    }

    protected override void Reset()
    {
        base.Reset();
        Status = 0;
        Warning = 0;
        RecordRoute = default;
        RetryAfter = null;
        Contact = NodeId.None;
    }
}
