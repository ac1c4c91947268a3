using CpmSim.Core.Network;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Scenarios.Kinds;

/// <summary>
/// What a node kind's <see cref="NodeKind.Wire"/> sees once every node of the scenario exists: the node,
/// its definition, the other nodes, and a way to resolve a reference key to the node (or instances)
/// it names — or to the only node of the needed kind when the key is left out.
/// </summary>
public sealed class NodeWiring
{
    private readonly List<FileError> _errors;

    internal NodeWiring(ScenarioDefinition scenario, NodeDefinition definition, Node node, IReadOnlyList<(NodeDefinition Definition, Node Node)> nodes, List<FileError> errors)
    {
        Scenario = scenario;
        Definition = definition;
        Node = node;
        Nodes = nodes;
        _errors = errors;
    }

    public ScenarioDefinition Scenario { get; }

    /// <summary>The node being wired, as declared.</summary>
    public NodeDefinition Definition { get; }

    /// <summary>The node being wired, as the factory made it.</summary>
    public Node Node { get; }

    /// <summary>Every node of the scenario (instances one by one), in declaration order.</summary>
    public IReadOnlyList<(NodeDefinition Definition, Node Node)> Nodes { get; }

    /// <summary>The values of the node's keys.</summary>
    public NodeOptions Options => Definition.Options;

    /// <summary>
    /// The node(s) <paramref name="key"/> names — every instance of the named group, with that group's
    /// <c>balance:</c> — or, when the key is left out, those of the only declared node of
    /// <paramref name="kind"/>. A name of another kind, or a choice among several nodes of the kind, is an
    /// error (reported with the node's place) and gives <see cref="Balancer.None"/>.
    /// </summary>
    /// <param name="role">How errors name what the key is for, key first: <c>core (SIP/IP core)</c>.</param>
    public Balancer One(string key, NodeKind kind, string role)
    {
        ArgumentNullException.ThrowIfNull(kind);
        string? named = Options.Find<string>(key);
        var candidates = Nodes.Where(n => named is null ? n.Definition.Kind == kind : n.Definition.Group == named).ToList();
        var groups = candidates.Select(n => n.Definition.Group).Distinct().ToList();
        if (named is not null && candidates.Count > 0 && candidates[0].Definition.Kind != kind)
        {
            Error($"node '{Definition.Name}': '{key}: {named}' names a {candidates[0].Definition.Kind.Name}, but its {role} must be a node of kind {kind.Name}.", KindHint(kind));
            return Balancer.None;
        }

        if (named is not null || groups.Count == 1)
        {
            return candidates.Count == 0 ? Balancer.None : new Balancer([.. candidates.Select(n => n.Node.Id)], candidates[0].Definition.Balance);
        }

        Error($"node '{Definition.Name}' needs its {role}, and there are {groups.Count} nodes of kind {kind.Name}.",
            groups.Count == 0 ? $"declare a {kind.Name} node." : $"name it with '{key}: ...' ({string.Join(", ", groups)}).");
        return Balancer.None;
    }

    /// <summary>The instances of the declared node <paramref name="name"/>.</summary>
    public IEnumerable<NodeId> Group(string name) => Nodes.Where(n => n.Definition.Group == name).Select(n => n.Node.Id);

    /// <summary>Reports an error at the node's declaration; the scenario does not build.</summary>
    public void Error(string message, string? hint = null) => _errors.Add(Scenario.ErrorAt(Definition.Location, message, hint));

    /// <summary>The hint for a reference to a node of the wrong kind.</summary>
    public static string KindHint(NodeKind kind) => $"name a node of kind {kind?.Name}, or leave the key out when there is exactly one such node.";
}
