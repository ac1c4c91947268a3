namespace CpmSim.Core.Network;

/// <summary>What a node does with a message that finds its ingress queue full.</summary>
public enum OverloadPolicy
{
    /// <summary>Discard silently (the sender may retransmit).</summary>
    Drop,

    /// <summary>Hand it to <see cref="Node.OnOverload"/>, which may answer (e.g. 503 Service Unavailable).</summary>
    Reject,
}
