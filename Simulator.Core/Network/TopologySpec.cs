namespace CpmSim.Core.Network;

/// <summary>A network described as data: nodes, links and routes. <see cref="TopologyBuilder"/> makes it a <see cref="SimNetwork"/>.</summary>
public sealed record TopologySpec
{
    public IReadOnlyList<NodeSpec> Nodes { get; init; } = [];

    public IReadOnlyList<LinkSpec> Links { get; init; } = [];

    public IReadOnlyList<RouteSpec> Routes { get; init; } = [];
}

/// <summary>A node: its unique name, its kind (the factory's key), an optional ingress model, and where it was declared.</summary>
public sealed record NodeSpec(string Name, string Kind, ServiceSpec? Service = null, string? Location = null);

/// <summary>An ingress service model as data (checked by the builder, unlike <see cref="ServiceModel"/>'s constructor).</summary>
public sealed record ServiceSpec(int Servers, Random.Distribution ServiceTime, int QueueCapacity = int.MaxValue, OverloadPolicy Overload = OverloadPolicy.Reject);

/// <summary>A link; both directions when <see cref="Bidirectional"/>.</summary>
public sealed record LinkSpec(string From, string To, LinkOptions Options, bool Bidirectional = true, string? Location = null);

/// <summary>Messages from <see cref="From"/> to <see cref="Destination"/> go via <see cref="Via"/>.</summary>
public sealed record RouteSpec(string From, string Destination, string Via, string? Location = null);
