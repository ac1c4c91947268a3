using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Sip.Transactions;

/// <summary>A stateful proxy for the transaction tests: every initial request goes to <see cref="Next"/>.</summary>
internal sealed class TestProxy(string name) : SipProxy(name)
{
    public NodeId Next { get; set; }

    protected override (NodeId Next, bool InterworkingDecided) ChooseNextHop(SipRequest request, NodeId from) => (Next, false);
}
