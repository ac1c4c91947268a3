using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using CpmSim.Core.Kernel;
using CpmSim.Core.Tracing;

namespace CpmSim.Core.Network;

/// <summary>
/// The nodes of a simulation, the directed links between them and the routes over several links.
/// A node sends to a <see cref="NodeId"/>; the network finds the direct link, or the route, and
/// delivers the message to the receiver's ingress after the links' delays, unless a link loses it.
/// </summary>
public sealed class SimNetwork
{
    private const int MaxHops = 32;
    private readonly List<Node> _nodes = [];
    private readonly Dictionary<string, Node> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Link> _links = [];
    private readonly Dictionary<long, NodeId> _routes = [];
    private readonly Dictionary<Type, object> _shared = [];

    private readonly Transit _transit;
    private readonly Discard _discard;
    private readonly Refusal _refusal;

    // The first link from each node toward each destination (direct, or the first link of a route),
    // as an n × n table built when first needed after a change: one array read per hop instead of two
    // dictionary look-ups. Networks too large for a table keep the dictionaries.
    private const int MaxTableNodes = 2048;
    private Link?[]? _next;
    private int _nextSize;

    public SimNetwork(Simulation simulation)
    {
        Simulation = simulation ?? throw new ArgumentNullException(nameof(simulation));
        _transit = new Transit(this);
        _discard = new Discard();
        _refusal = new Refusal(this);
    }

    public Simulation Simulation { get; }

    /// <summary>Tracing is on while a tracer is attached; null (default) turns it off at no cost.</summary>
    public Tracer? Tracer { get; set; }

    public IReadOnlyList<Node> Nodes => _nodes;

    public IEnumerable<Link> Links => _links.Values;

    /// <summary>Messages lost on links (loss, or a link down), at crashed nodes, or sent by silent nodes.</summary>
    public long LostMessages { get; private set; }

    /// <summary>Messages whose sender got a transport error (reliable transport: a link down, or the receiver crashed).</summary>
    public long TransportErrors { get; private set; }

    public NodeId Add(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (_byName.ContainsKey(node.Name))
        {
            throw new ArgumentException($"A node named '{node.Name}' is already in the network; node names must be unique.", nameof(node));
        }

        var id = new NodeId(_nodes.Count);
        node.Attach(this, id);
        _next = null;
        _nodes.Add(node);
        _byName.Add(node.Name, node);
        return id;
    }

    public Node this[NodeId id] => _nodes[id.Value];

    public Node this[string name] => _byName.TryGetValue(name, out Node? n) ? n : throw new KeyNotFoundException($"No node named '{name}' in the network.");

    public string NameOf(NodeId id) => id.Value >= 0 && id.Value < _nodes.Count ? _nodes[id.Value].Name : id.ToString();

    /// <summary>Adds the directed link <paramref name="from"/> → <paramref name="to"/>.</summary>
    public Link Connect(NodeId from, NodeId to, LinkOptions? options = null)
    {
        CheckNode(from);
        CheckNode(to);
        if (from == to)
        {
            throw new ArgumentException($"A link from '{NameOf(from)}' to itself is not allowed.", nameof(to));
        }

        long key = Key(from, to);
        if (_links.ContainsKey(key))
        {
            throw new ArgumentException($"There is already a link {NameOf(from)}->{NameOf(to)}.", nameof(to));
        }

        string name = NameOf(from) + "->" + NameOf(to);
        var link = new Link(from, to, name, options ?? new LinkOptions(), Simulation.Random.For("link:" + name), Simulation.Random);
        _links.Add(key, link);
        _next = null;
        return link;
    }

    /// <summary>Adds a link in each direction with the same options (independent random streams).</summary>
    public (Link Forward, Link Backward) ConnectBoth(NodeId a, NodeId b, LinkOptions? options = null) =>
        (Connect(a, b, options), Connect(b, a, options));

    /// <summary>Messages from <paramref name="from"/> to <paramref name="destination"/> without a direct link go via <paramref name="nextHop"/>.</summary>
    public void AddRoute(NodeId from, NodeId destination, NodeId nextHop)
    {
        CheckNode(from);
        CheckNode(destination);
        CheckNode(nextHop);
        if (from == destination || from == nextHop)
        {
            throw new ArgumentException($"A route from '{NameOf(from)}' to '{NameOf(destination)}' via '{NameOf(nextHop)}' must lead away from its start.", nameof(nextHop));
        }

        _routes[Key(from, destination)] = nextHop;
        _next = null;
    }

    /// <summary>
    /// One object of type <typeparamref name="T"/> per network, made on first use: state the nodes of
    /// one simulation share (such as message pools) without global state.
    /// </summary>
    public T Shared<T>()
        where T : class, new()
    {
        if (!_shared.TryGetValue(typeof(T), out object? value))
        {
            value = new T();
            _shared.Add(typeof(T), value);
        }

        return (T)value;
    }

    public Link? FindLink(NodeId from, NodeId to) => _links.TryGetValue(Key(from, to), out Link? l) ? l : null;

    /// <summary>True if a message from <paramref name="from"/> can reach <paramref name="to"/> (links up or down).</summary>
    public bool CanReach(NodeId from, NodeId to)
    {
        NodeId at = from;
        for (int hop = 0; hop < MaxHops && at != to; hop++)
        {
            if (NextLink(at, to) is not Link l)
            {
                return false;
            }

            at = l.To;
        }

        return at == to;
    }

    /// <summary>
    /// Sends <paramref name="message"/> now from one node to another. Over a direct link it is handed
    /// to the link now; over a route it is handed to each link when it reaches that link's start, so
    /// a later link's bandwidth and up/down state are those of the moment the message gets there.
    /// A routed message's trace record is made when it arrives or is lost.
    /// </summary>
    public void Send(NodeId from, NodeId to, Message message) => Send(_nodes[from.Value], from, to, message);

    /// <summary><see cref="Send(NodeId, NodeId, Message)"/> from a node that has its object at hand (<see cref="Node.Send"/>).</summary>
    internal void Send(Node sender, NodeId from, NodeId to, Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (from == to)
        {
            ThrowSendToSelf(from, message);
        }

        Link first = DirectLink(from, to) ?? CheckPath(from, to, message);
        message.Depart();
        Simulation simulation = Simulation;
        long now = simulation.Now.Nanoseconds;
        if (sender.IsSilent)
        {
            Deliver(message, from, to, now, -1); // a silent node's messages never leave it
            return;
        }

        if (first.Reliable && _nodes[to.Value].IsCrashed)
        {
            Refuse(message, from, to, now); // no connection to a crashed node
            return;
        }

        long arrival = first.Carry(now, message);
        if (arrival >= 0 && first.To != to)
        {
            simulation.ScheduleAt(new SimTime(arrival), _transit, new InTransit(message, from, to, now), first.To.Value);
            return;
        }

        if (arrival == Link.DownArrival && first.Reliable)
        {
            Refuse(message, from, to, now);
            return;
        }

        Deliver(message, from, to, now, arrival);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowSendToSelf(NodeId from, Message message) =>
        throw new InvalidOperationException($"'{NameOf(from)}' sends {message.Kind} to itself: use a timer (StartTimer) for messages to self.");

    /// <summary>
    /// A message reached a crashed node (it is lost there): over a reliable transport its sender gets a
    /// transport error now, as a connection reset would tell it.
    /// </summary>
    internal void LostAtCrashedNode(Message message, NodeId from, NodeId to)
    {
        LostMessages++;
        if (FindLink(from, to) is Link { Reliable: true } || (NextLink(from, to) is Link { Reliable: true }))
        {
            TransportErrors++;
            Simulation.Schedule(SimTime.Zero, _refusal, new InTransit(message, from, to, Simulation.Now.Nanoseconds), 0);
            return;
        }

        Simulation.Schedule(SimTime.Zero, _discard, message, 0);
    }

    /// <summary>Traces the message as lost and reports a transport error to its sender, in an event of its own (the sender may still be in its handler).</summary>
    private void Refuse(Message message, NodeId from, NodeId to, long sentNs)
    {
        Trace(message, from, to, sentNs, -1);
        LostMessages++;
        TransportErrors++;
        Simulation.Schedule(SimTime.Zero, _refusal, new InTransit(message, from, to, sentNs), 0);
    }

    /// <summary>The first link of the path, after checking that the whole path exists and has no loop.</summary>
    private Link CheckPath(NodeId from, NodeId to, Message message)
    {
        Link? first = null;
        NodeId at = from;
        for (int hops = 0; at != to; hops++)
        {
            Link link = NextLink(at, to) ?? throw new InvalidOperationException(
                $"No link or route from '{NameOf(at)}' to '{NameOf(to)}' for {message.Kind} sent by '{NameOf(from)}': declare a link or a route between them.");
            if (hops >= MaxHops)
            {
                throw new InvalidOperationException($"Routing loop from '{NameOf(from)}' to '{NameOf(to)}': more than {MaxHops} hops.");
            }

            first ??= link;
            at = link.To;
        }

        return first!;
    }

    /// <summary>A routed message reached an intermediate node: hand it to the next link now.</summary>
    private void Forward(InTransit t, NodeId at)
    {
        long now = Simulation.Now.Nanoseconds;
        Link link = NextLink(at, t.To)!;
        long arrival = link.Carry(now, t.Message);
        if (arrival >= 0 && link.To != t.To)
        {
            Simulation.ScheduleAt(new SimTime(arrival), _transit, t, link.To.Value);
            return;
        }

        if (arrival == Link.DownArrival && link.Reliable)
        {
            Refuse(t.Message, t.From, t.To, t.SentNs);
            return;
        }

        Deliver(t.Message, t.From, t.To, t.SentNs, arrival);
    }

    /// <summary>Traces the send and hands the message to the receiver's ingress at <paramref name="arrival"/> (-1: lost).</summary>
    private void Deliver(Message message, NodeId from, NodeId to, long sentNs, long arrival)
    {
        if (Tracer is not null)
        {
            Trace(message, from, to, sentNs, arrival);
        }

        if (arrival < 0)
        {
            // The message stays the network's until the current event is over: the handler that sent
            // it may still be running (a forwarder's Node.Handle recycles what it did not send on), so
            // recycling it now would hand one object out twice. It is recycled by an event of its own.
            LostMessages++;
            Simulation.Schedule(SimTime.Zero, _discard, message, 0);
            return;
        }

        _nodes[to.Value].Arrive(message, from, arrival);
    }

    private void Trace(Message message, NodeId from, NodeId to, long sentNs, long arrival)
    {
        if (Tracer is Tracer tracer && tracer.IsTraced(message.SessionId))
        {
            message.Retain(); // the record keeps it
            tracer.Record(new TraceRecord
            {
                Kind = TraceKind.Send,
                SentNs = sentNs,
                ReceivedNs = arrival < 0 ? -1 : arrival,
                From = NameOf(from),
                To = NameOf(to),
                MessageKind = message.Kind,
                Label = message.Label,
                SessionId = message.SessionId,
                DialogId = message.DialogId,
                Payload = message,
                Lost = arrival < 0,
            });
        }
    }

    private sealed record InTransit(Message Message, NodeId From, NodeId To, long SentNs);

    private sealed class Transit(SimNetwork network) : EventTarget
    {
        protected internal override void OnEvent(Simulation simulation, object? payload, long arg) => network.Forward((InTransit)payload!, new NodeId((int)arg));
    }

    /// <summary>Hands a refused message back to its sender with the transport error.</summary>
    private sealed class Refusal(SimNetwork network) : EventTarget
    {
        protected internal override void OnEvent(Simulation simulation, object? payload, long arg)
        {
            var t = (InTransit)payload!;
            network._nodes[t.From.Value].TransportFailed(t.Message, t.To);
        }
    }

    /// <summary>Recycles a lost message once the event that lost it is over.</summary>
    private sealed class Discard : EventTarget
    {
        protected internal override void OnEvent(Simulation simulation, object? payload, long arg)
        {
            var message = (Message)payload!;
            message.Arrived();
            message.Done();
        }
    }

    internal void Note(Node node, string action, long sessionId, string? detail, TraceKind kind, string? peer)
    {
        if (Tracer is not Tracer tracer)
        {
            return;
        }

        long now = Simulation.Now.Nanoseconds;
        tracer.Record(new TraceRecord
        {
            Kind = kind,
            SentNs = now,
            ReceivedNs = now,
            From = node.Name,
            To = peer ?? node.Name,
            MessageKind = action,
            Label = detail ?? action,
            SessionId = sessionId,
        });
    }

    /// <summary>The link from <paramref name="from"/> to its neighbour <paramref name="to"/>, if there is one.</summary>
    private Link? DirectLink(NodeId from, NodeId to)
    {
        Link?[]? next = _next ?? BuildTable();
        if (next is null)
        {
            return _links.TryGetValue(Key(from, to), out Link? l) ? l : null;
        }

        Link? link = next[(from.Value * _nextSize) + to.Value];
        return link is not null && link.To == to ? link : null;
    }

    private Link?[]? BuildTable()
    {
        int n = _nodes.Count;
        if (n == 0 || n > MaxTableNodes)
        {
            return null;
        }

        var table = new Link?[n * n];
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                if (a != b)
                {
                    table[(a * n) + b] = LookUpNextLink(new NodeId(a), new NodeId(b));
                }
            }
        }

        _nextSize = n;
        _next = table;
        return table;
    }

    private Link? NextLink(NodeId at, NodeId to)
    {
        Link?[]? next = _next ?? BuildTable();
        return next is null ? LookUpNextLink(at, to) : next[(at.Value * _nextSize) + to.Value];
    }

    private Link? LookUpNextLink(NodeId at, NodeId to)
    {
        if (_links.TryGetValue(Key(at, to), out Link? direct))
        {
            return direct;
        }

        return _routes.TryGetValue(Key(at, to), out NodeId via) && _links.TryGetValue(Key(at, via), out Link? first) ? first : null;
    }

    private void CheckNode(NodeId id)
    {
        if (id.Value < 0 || id.Value >= _nodes.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown node id: add the node to the network first.");
        }
    }

    private static long Key(NodeId a, NodeId b) => ((long)a.Value << 32) | (uint)b.Value;
}
