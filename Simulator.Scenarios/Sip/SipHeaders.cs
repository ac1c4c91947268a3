namespace CpmSim.Scenarios.Sip;

/// <summary>
/// The headers every SIP message carries, as far as the model needs them — Call-ID, CSeq (number and
/// method), the Via stack with its branch, the From and To tags — and the simulated session: one value,
/// so that a copy of a message, a response made to a request, or what a server keeps of a request
/// takes them in one assignment (<see cref="SipMessage.Headers"/>, <see cref="RequestHeaders.Headers"/>).
/// </summary>
public struct SipHeaders
{
    /// <summary>The dialog (Call-ID).</summary>
    public CallId CallId;

    /// <summary>The simulated session the message belongs to.</summary>
    public long Session;

    public int CSeq;

    /// <summary>The CSeq's method: a request's own method; for a response, that of the request it answers.</summary>
    public SipMethod CSeqMethod;

    /// <summary>The transaction (Via branch), unique per request and shared by its responses.</summary>
    public long Transaction;

    /// <summary>The From tag: the tag of the side that sent the request (responses echo it). 0: none.</summary>
    public long FromTag;

    /// <summary>The To tag: the answering side's tag, set by its 2xx and carried by in-dialog requests. 0: none yet.</summary>
    public long ToTag;

    /// <summary>The nodes the request passed, newest last: responses retrace them.</summary>
    public NodeList Via;
}
