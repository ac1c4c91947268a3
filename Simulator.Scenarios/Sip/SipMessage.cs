using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// An abstract SIP message: the headers the model needs (Call-ID, CSeq, Via), an optional SDP body,
/// and the simulation session it belongs to. Not wire text. Messages are pooled: a node takes a fresh
/// one from <see cref="SipMessagePools"/>, and the network recycles it once it has been handled (see
/// <see cref="Message"/> on ownership). While a node holds a message it may change it and send it on
/// — a proxy forwards the request it received with its own Via and Route changes — unless the message
/// is retained (traced, or kept for retransmission): then it forwards a copy.
/// </summary>
public abstract class SipMessage : Message, IFlowMessage
{
    /// <summary>
    /// The headers (<see cref="SipHeaders"/>): one value, copied in one assignment. The properties
    /// below read and write its fields.
    /// </summary>
    public SipHeaders Headers;

    /// <summary>The dialog (Call-ID).</summary>
    public CallId CallId { get => Headers.CallId; set => Headers.CallId = value; }

    /// <summary>The simulated session this message belongs to.</summary>
    public long Session { get => Headers.Session; set => Headers.Session = value; }

    public int CSeq { get => Headers.CSeq; set => Headers.CSeq = value; }

    public SipMethod CSeqMethod { get => Headers.CSeqMethod; set => Headers.CSeqMethod = value; }

    /// <summary>The transaction (Via branch), unique per request and shared by its responses.</summary>
    public long Transaction { get => Headers.Transaction; set => Headers.Transaction = value; }

    /// <summary>
    /// The From tag: the tag of the side that sent the request (responses echo it). A user agent
    /// makes its tag from the handle of its call state, so a response (or, with <see cref="ToTag"/>,
    /// an in-dialog request) finds that state without a look-up — as real SIP stacks use tags. 0: none.
    /// </summary>
    public long FromTag { get => Headers.FromTag; set => Headers.FromTag = value; }

    /// <summary>The To tag: the answering side's tag, set by its 2xx and carried by in-dialog requests. 0: none yet.</summary>
    public long ToTag { get => Headers.ToTag; set => Headers.ToTag = value; }

    /// <summary>The nodes the request passed, newest last: responses retrace them (the list itself, changed in place).</summary>
    public ref NodeList Via => ref Headers.Via;

    /// <summary>The SDP body; <see cref="Sdp.None"/> when there is none. A field, so that reading it copies nothing.</summary>
    public Sdp Body;

    /// <summary>A copy resent over unreliable transport (and the hops it takes).</summary>
    public bool IsRetransmission { get; set; }

    public override long SessionId => Session;

    public override string? DialogId => CallId.ToString();

    public override int SizeBytes => 450 + (Body.IsNone ? 0 : Body.SizeBytes);

    public abstract string Word { get; }

    public abstract string Rendering { get; }

    public abstract bool Unnumbered { get; }

    /// <summary>A copy of this message marked as a retransmission.</summary>
    public abstract SipMessage AsRetransmission();

    public override string Label => Body.IsNone ? Rendering : $"{Rendering} [{Body}]";

    /// <summary>Copies the headers, the body and the retransmission mark of <paramref name="other"/>.</summary>
    protected void CopyHeaders(SipMessage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Headers = other.Headers;
        Body = other.Body;
        IsRetransmission = other.IsRetransmission;
    }

    /// <summary>Clears every field before the message goes back to its pool.</summary>
    protected override void Reset()
    {
        Headers = default;
        Body = Sdp.None;
        IsRetransmission = false;
    }
}
