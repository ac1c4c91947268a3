using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Cpm;

namespace CpmSim.Scenarios.Scenario;

/// <summary>A scenario made runnable: the simulation, its network of CPM nodes, and the originating client.</summary>
public sealed record BuiltScenario(ScenarioDefinition Definition, Simulation Simulation, SimNetwork Network, CpmClient Client)
{
    public IReadOnlyDictionary<string, string> RoleOfNode { get; } = Definition.RoleOfNode();
}
