namespace CpmSim.Scenarios.Sip;

/// <summary>How a request a proxy passed on failed at its next hop (see <see cref="ForwardFailure"/>).</summary>
public enum ForwardFailureKind : byte
{
    /// <summary>The reliable transport could not deliver it (RFC 3261 §8.1.3.1, §18.4).</summary>
    TransportError,

    /// <summary>The next hop answered 503 Service Unavailable: it did not process the request (RFC 3261 §21.5.4, RFC 3263 §4.3).</summary>
    ServiceUnavailable,

    /// <summary>An INVITE got no response at all before Timer B (the next hop may still have taken it).</summary>
    TimedOut,
}
