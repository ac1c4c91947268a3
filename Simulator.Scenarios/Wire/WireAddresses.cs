using System.Globalization;
using CpmSim.Scenarios.Kinds;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Scenarios.Wire;

/// <summary>
/// Where each node of a scenario sits on the wire, for the SIP text and the pcap export: an IPv4 address
/// (the node's <c>ip:</c>, else assigned from 10.0.0.1 up in the order the nodes are declared, skipping
/// addresses a node states) and a host name, <c>NODE.DOMAIN</c>, where DOMAIN is the CPM client's domain
/// (<c>cpm.example</c> when it has none).
/// </summary>
public sealed class WireAddresses
{
    private readonly Dictionary<string, uint> _ip = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<string> _names;

    /// <param name="scenario">The scenario whose nodes are placed.</param>
    /// <param name="nodeNames">The built network's node names by <see cref="Core.Network.NodeId"/> value, to name the nodes the SIP model refers to by id.</param>
    public WireAddresses(ScenarioDefinition scenario, IReadOnlyList<string> nodeNames)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(nodeNames);
        _names = nodeNames;
        NodeDefinition? client = scenario.Nodes.FirstOrDefault(n => n.Kind == NodeKind.CpmClient);
        UserUri = client?.Options.Find<string>("address") ?? "sip:user@cpm.example";
        int at = UserUri.IndexOf('@', StringComparison.Ordinal);
        Domain = at >= 0 ? UserUri[(at + 1)..].Split(';', '>', ':')[0] : "cpm.example";
        var taken = new HashSet<uint>();
        foreach (NodeDefinition n in scenario.Nodes)
        {
            if (n.Ip is string ip && TryParse(ip, out uint a))
            {
                if (!taken.Add(a))
                {
                    throw new InvalidOperationException($"node '{n.Name}': ip {ip} is another node's too (the scenario loader reports this).");
                }

                _ip[n.Name] = a;
            }
        }

        uint next = 0x0A000001; // 10.0.0.1
        foreach (NodeDefinition n in scenario.Nodes.Where(n => !_ip.ContainsKey(n.Name)))
        {
            while (taken.Contains(next))
            {
                next++;
            }

            taken.Add(next);
            _ip[n.Name] = next++;
        }
    }

    /// <summary>The originating CPM user's URI (the client's <c>address:</c>).</summary>
    public string UserUri { get; }

    /// <summary>The domain the nodes' host names are under.</summary>
    public string Domain { get; }

    /// <summary>The nodes, in declaration order, with their addresses.</summary>
    public IEnumerable<(string Node, string Ip)> All => _ip.Select(kv => (kv.Key, Format(kv.Value)));

    /// <summary>The node's IPv4 address as a 32-bit number (network order when written big-endian).</summary>
    public uint Address(string node) => _ip.TryGetValue(node, out uint a) ? a : Fallback(node);

    public string Ip(string node) => Format(Address(node));

    public string Host(string node) => $"{node}.{Domain}";

    /// <summary>The name of the node with this id.</summary>
    public string NodeOf(Core.Network.NodeId id) => id.Value >= 0 && id.Value < _names.Count ? _names[id.Value] : "unknown";

    // A node the scenario does not declare (never in practice): an address of its own, outside 10/8.
    private uint Fallback(string node)
    {
        uint h = 2166136261;
        foreach (char c in node)
        {
            h = (h ^ c) * 16777619;
        }

        uint a = 0xC0A80000 | (h & 0xFFFE) | 1; // 192.168.x.y
        _ip[node] = a;
        return a;
    }

    public static bool TryParse(string text, out uint address)
    {
        address = 0;
        string[] parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (string p in parts)
        {
            if (p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || !byte.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out byte b))
            {
                return false;
            }

            address = (address << 8) | b;
        }

        return true;
    }

    public static string Format(uint a) => string.Create(CultureInfo.InvariantCulture, $"{a >> 24}.{(a >> 16) & 0xFF}.{(a >> 8) & 0xFF}.{a & 0xFF}");

    /// <summary>The address <paramref name="offset"/> after <paramref name="ip"/> (the instances of a group).</summary>
    public static string Offset(string ip, int offset) => TryParse(ip, out uint a) ? Format(unchecked(a + (uint)offset)) : ip;
}
