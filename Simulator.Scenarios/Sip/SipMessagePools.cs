using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>The SIP message pools of one simulation (<c>network.Shared&lt;SipMessagePools&gt;()</c>).</summary>
public sealed class SipMessagePools
{
    public MessagePool<SipRequest> Requests { get; } = new();

    public MessagePool<SipResponse> Responses { get; } = new();

    public SipRequest Request() => Requests.Rent();

    public SipResponse Response() => Responses.Rent();
}
