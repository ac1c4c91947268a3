using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Random;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Sip.Transactions;

/// <summary>
/// Two user agents (and optionally a proxy or a B2BUA between them) on links of 10 ms, over UDP (datagram
/// links, retransmitting transactions) or TCP (reliable links): the bench for the transaction layer's tests.
/// </summary>
internal sealed class TransactionBench
{
    public TransactionBench(bool udp, bool withProxy = false, bool withB2bua = false)
    {
        Simulation = new Simulation(1);
        Network = new SimNetwork(Simulation);
        Uac = new TestUac("uac");
        Uas = new TestUas("uas");
        NodeId uac = Network.Add(Uac);
        NodeId uas = Network.Add(Uas);
        var options = new LinkOptions { Latency = new ConstantDistribution(SimTime.FromMilliseconds(10).Nanoseconds), Reliable = !udp };
        if (withProxy)
        {
            Proxy = new TestProxy("proxy") { Next = uas };
            NodeId proxy = Network.Add(Proxy);
            (UacOut, UacIn) = Network.ConnectBoth(uac, proxy, options);
            (ProxyOut, ProxyIn) = Network.ConnectBoth(proxy, uas, options);
            Uac.FirstHop = proxy;
        }
        else if (withB2bua)
        {
            B2bua = new TestB2bua("b2bua") { Next = uas };
            NodeId b2bua = Network.Add(B2bua);
            (UacOut, UacIn) = Network.ConnectBoth(uac, b2bua, options);
            (ProxyOut, ProxyIn) = Network.ConnectBoth(b2bua, uas, options);
            Uac.FirstHop = b2bua;
            Uac.Target = b2bua;
        }
        else
        {
            (UacOut, UacIn) = Network.ConnectBoth(uac, uas, options);
            Uac.FirstHop = uas;
        }

        if (!withB2bua)
        {
            Uac.Target = uas;
        }

        foreach (SipNode n in Network.Nodes.OfType<SipNode>())
        {
            n.UnreliableTransport = udp;
        }
    }

    public Simulation Simulation { get; }

    public SimNetwork Network { get; }

    public TestUac Uac { get; }

    public TestUas Uas { get; }

    public TestProxy? Proxy { get; }

    public TestB2bua? B2bua { get; }

    /// <summary>Uac → next hop.</summary>
    public Link UacOut { get; }

    /// <summary>Next hop → uac.</summary>
    public Link UacIn { get; }

    /// <summary>Proxy (or B2BUA) → uas.</summary>
    public Link? ProxyOut { get; }

    /// <summary>Uas → proxy (or B2BUA).</summary>
    public Link? ProxyIn { get; }

    public static SimTime Ms(long ms) => SimTime.FromMilliseconds(ms);

    public static SimTime S(long s) => SimTime.FromSeconds(s);

    /// <summary>Loses the given messages (1 = the first sent after this call) on <paramref name="link"/>.</summary>
    public static void Lose(Link link, params int[] which) => link.AddFaultLoss(new ScriptedLoss(which));

    /// <summary>Loses every message on <paramref name="link"/> from now on.</summary>
    public static void LoseAll(Link link) => link.AddFaultLoss(LossModel.Bernoulli(1));

    /// <summary>A loss process that drops the listed messages by number.</summary>
    private sealed class ScriptedLoss(int[] which) : LossModel
    {
        private int _n;

        public override double MeanLoss => 0;

        public override LossModel Fresh() => this;

        public override bool Lose(RandomStream random) => Array.IndexOf(which, ++_n) >= 0;
    }
}
