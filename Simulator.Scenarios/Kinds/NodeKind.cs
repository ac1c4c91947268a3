using CpmSim.Core.Network;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Scenarios.Kinds;

/// <summary>
/// A kind of node a scenario file can declare (<c>kind: iwf</c>), declared in one place: its keys
/// (name, type, default, help), its load-time check, the factory that makes the node, and how the node
/// is wired to the others once they all exist. The loader, the builder, the did-you-mean hints and the
/// reference in <c>docs/scenario-files.md</c> all come from it. Register a kind of your own with
/// <see cref="ScenarioRegistry.Register(NodeKind)"/>.
/// </summary>
public sealed class NodeKind
{
    /// <param name="name">The word a node's <c>kind:</c> gives.</param>
    /// <param name="create">Makes the node of a definition (its name, and its values in <see cref="NodeDefinition.Options"/>).</param>
    public NodeKind(string name, Func<NodeDefinition, Node> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Create = create ?? throw new ArgumentNullException(nameof(create));
    }

    public string Name { get; }

    /// <summary>One line on what the node is, for the reference.</summary>
    public string Help { get; init; } = string.Empty;

    /// <summary>The keys it accepts besides the common ones (<c>kind</c>, <c>processing</c>, <c>instances</c>, <c>balance</c>, <c>ip</c>).</summary>
    public IReadOnlyList<NodeKey> Keys { get; init; } = [];

    /// <summary>Makes the node.</summary>
    public Func<NodeDefinition, Node> Create { get; }

    /// <summary>Checks the values once read (errors with file:line:column); null: no check beyond each key's own.</summary>
    public Action<NodeCheck>? Check { get; init; }

    /// <summary>Resolves the node's references once every node exists; null: it refers to no other node.</summary>
    public Action<NodeWiring>? Wire { get; init; }

    /// <summary>The roles of the standard's flows it can play (<c>Isf</c>; <c>Iwf*</c> for every role starting with Iwf).</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Why the kind cannot have <c>instances:</c> above 1 (the error's text); null: it can.</summary>
    public string? SingleInstance { get; init; }

    /// <summary>The built-in CPM client (the originating user; one per scenario).</summary>
    public static NodeKind CpmClient => BuiltInKinds.CpmClient;

    /// <summary>The built-in CPM server (Participating or Controlling Function).</summary>
    public static NodeKind CpmServer => BuiltInKinds.CpmServer;

    public static NodeKind SipCore => BuiltInKinds.SipCore;

    public static NodeKind Isf => BuiltInKinds.Isf;

    public static NodeKind Iwf => BuiltInKinds.Iwf;

    public static NodeKind Smsc => BuiltInKinds.Smsc;

    public static NodeKind Mmsc => BuiltInKinds.Mmsc;

    public static NodeKind NonCpmUser => BuiltInKinds.NonCpmUser;

    /// <summary>Whether the kind can play <paramref name="role"/>.</summary>
    public bool Plays(string role) => Roles.Any(r => r == role || (r.EndsWith('*') && role.StartsWith(r[..^1], StringComparison.Ordinal)));

    public override string ToString() => Name;
}
