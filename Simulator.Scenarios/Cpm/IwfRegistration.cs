using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Cpm;

/// <summary>An IWF as the ISF knows it: where it is and what it can carry.</summary>
public sealed record IwfRegistration(NodeId Node, string Name, IwfProfile Profile, BalancePolicy Balance = BalancePolicy.SessionHash);
