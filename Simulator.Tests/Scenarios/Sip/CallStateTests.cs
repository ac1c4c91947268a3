using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Sip;

/// <summary>Leak accounting derived from the call-state tables a node registers (SipNode.Register).</summary>
public class CallStateTests
{
    [Test]
    public void HeldState_AnEntryLeftInARegisteredTable_IsCounted()
    {
        var node = Start(out _);

        node.OpenCall(forgetIndexEntry: false);
        Assert.That(node.HeldState, Is.EqualTo(2), "the call and its index entry");
        node.EndCall();
        Assert.That(node.HeldState, Is.Zero);

        node.OpenCall(forgetIndexEntry: true); // a node writer forgets to remove the index entry
        node.EndCall();
        Assert.That(node.HeldState, Is.EqualTo(1), "the leak is seen without the node summing anything");
    }

    [Test]
    public void Crash_EveryRegisteredTableIsCleared()
    {
        var node = Start(out _);
        node.OpenCall(forgetIndexEntry: false);

        node.Crash();

        Assert.That(node.HeldState, Is.Zero);
    }

    private static Holder Start(out Simulation simulation)
    {
        simulation = new Simulation(1);
        var network = new SimNetwork(simulation);
        var node = new Holder("holder");
        network.Add(node);
        return node;
    }

    /// <summary>A node with one table of calls and one index, registered once.</summary>
    private sealed class Holder : SipNode
    {
        private readonly SlotTable<long> _calls;
        private readonly Dictionary<long, int> _byId;
        private bool _forget;
        private int _slot;

        public Holder(string name)
            : base(name)
        {
            _calls = Register(new SlotTable<long>());
            _byId = Register(new Dictionary<long, int>());
        }

        public void OpenCall(bool forgetIndexEntry)
        {
            _forget = forgetIndexEntry;
            _slot = _calls.Add();
            _calls[_slot] = 42;
            _byId[42] = _slot;
        }

        public void EndCall()
        {
            if (!_forget)
            {
                _byId.Remove(42);
            }

            _calls.Remove(_slot);
        }

        protected override void OnRequest(SipRequest request, NodeId from)
        {
        }
    }
}
