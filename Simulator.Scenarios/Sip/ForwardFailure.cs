using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// A request a proxy passed on failed at its next hop <paramref name="To"/> (see
/// <see cref="SipNode.OnForwardFailed"/>). <paramref name="Upstream"/> is the branch of the server
/// transaction it serves — the one the caller's answer goes back on, whatever branch a fail-over attempt
/// uses downstream (RFC 3261 §16.6 step 8: each request a proxy sends has a branch of its own);
/// <paramref name="Tried"/> is what the proxy recorded of the targets it tried for the request (0 on
/// the first attempt; see <see cref="SipNode.ForwardAgain"/>).
/// </summary>
public readonly record struct ForwardFailure(NodeId To, ForwardFailureKind Kind, long Upstream, long Tried);
