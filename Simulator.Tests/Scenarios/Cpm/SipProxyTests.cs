using CpmSim.Core.Network;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Cpm;

public class SipProxyTests
{
    [Test]
    public void OnRequest_ViaAtTheModelsCapacity_Answers483InsteadOfCrashing()
    {
        // The model's header lists hold NodeList.Capacity hops; a request that arrives with a full Via
        // is answered as an exhausted Max-Forwards is (RFC 3261 §16.3), never forwarded.
        ScenarioDefinition r01 = ScenarioLoader.LoadBuiltIn("r01");
        BuiltScenario built = ScenarioBuilder.Build(r01, 1);
        var probe = new Probe("probe");
        NodeId probeId = built.Network.Add(probe);
        Node core = built.Network["sip-core"];
        built.Network.ConnectBoth(probeId, core.Id);

        SipRequest invite = built.Network.Shared<SipMessagePools>().Request();
        invite.Method = SipMethod.Invite;
        invite.CSeq = 1;
        invite.CSeqMethod = SipMethod.Invite;
        invite.Transaction = 77;
        invite.RequestUri = "tel:+15550100";
        invite.InterworkingDecided = true; // the core would pass it on to the ISF
        NodeId other = built.Network["cpm-server"].Id;
        invite.Via = NodeList.Of(other, other, other, other, other, other, other, probeId);
        Assert.That(invite.Via.Count, Is.EqualTo(NodeList.Capacity));
        built.Network.Send(probeId, core.Id, invite);
        built.Simulation.Run();

        Assert.That(probe.Statuses, Does.Contain(StatusCodes.TooManyHops));
    }

    private sealed class Probe(string name) : SipNode(name)
    {
        public List<int> Statuses { get; } = [];

        protected override void OnRequest(SipRequest request, NodeId from)
        {
        }

        protected override void OnRelayResponse(SipResponse response, NodeId from) => Statuses.Add(response.Status);
    }
}
