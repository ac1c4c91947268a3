namespace CpmSim.Scenarios.Sip;

/// <summary>
/// A message as the standard's flows speak of it: <see cref="Word"/> is the seed's word
/// (<c>Invitation</c>, <c>Modification</c>, <c>Rejected</c>, <c>OK</c>, <c>NonCpmInvitation</c>, ...) and
/// <see cref="Rendering"/> the protocol rendering (<c>INVITE</c>, <c>re-INVITE</c>, <c>488</c>, ...).
/// </summary>
public interface IFlowMessage
{
    string Word { get; }

    string Rendering { get; }

    /// <summary>True for messages the flows never number: ACKs and provisional responses.</summary>
    bool Unnumbered { get; }

    /// <summary>A copy resent over unreliable transport: it takes a step only when the original was lost.</summary>
    bool IsRetransmission => false;
}
