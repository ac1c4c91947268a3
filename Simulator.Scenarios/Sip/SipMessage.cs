using System.Collections.Immutable;
using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// An abstract SIP message: the headers the model needs (Call-ID, CSeq, Via), an optional SDP body,
/// and the simulation session it belongs to. Not wire text. Messages are immutable once sent:
/// a proxy forwards a copy with its own Via/Route changes.
/// </summary>
public abstract class SipMessage : Message, IFlowMessage
{
    protected SipMessage()
    {
    }

    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    protected SipMessage(SipMessage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        CallId = other.CallId;
        Session = other.Session;
        CSeq = other.CSeq;
        CSeqMethod = other.CSeqMethod;
        Via = other.Via;
        Body = other.Body;
        Transaction = other.Transaction;
        IsRetransmission = other.IsRetransmission;
    }

    /// <summary>The dialog (Call-ID).</summary>
    public required string CallId { get; init; }

    /// <summary>The simulated session this message belongs to.</summary>
    public required long Session { get; init; }

    public required int CSeq { get; init; }

    public required SipMethod CSeqMethod { get; init; }

    /// <summary>The transaction (Via branch), unique per request and shared by its responses.</summary>
    public required long Transaction { get; init; }

    /// <summary>The nodes the request passed, newest on top: responses retrace them.</summary>
    public ImmutableStack<NodeId> Via { get; init; } = [];

    public Sdp? Body { get; init; }

    /// <summary>A copy resent over unreliable transport (and the hops it takes).</summary>
    public bool IsRetransmission { get; init; }

    public override long SessionId => Session;

    public override string? DialogId => CallId;

    public override int SizeBytes => 450 + (Body?.SizeBytes ?? 0);

    public abstract string Word { get; }

    public abstract string Rendering { get; }

    public abstract bool Unnumbered { get; }

    /// <summary>A copy of this message marked as a retransmission.</summary>
    public abstract SipMessage AsRetransmission();

    public override string Label => Body is null ? Rendering : $"{Rendering} [{Body}]";
}
