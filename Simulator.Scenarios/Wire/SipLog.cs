using System.Globalization;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Replay;

namespace CpmSim.Scenarios.Wire;

/// <summary>
/// A replay as a SIP log: every message in full (SIP with SDP, MSRP, MM7/HTTP, SMPP), each under a line
/// with its virtual send time, the step the flow matcher gave it, the hop (roles, nodes and addresses) and
/// the protocol; the nodes' actions and states as comment lines between them.
/// </summary>
public static class SipLog
{
    public static void Write(ReplayResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        var where = new WireAddresses(result.Scenario, result.NodeNames);
        var renderer = new WireRenderer(result.Scenario, where);
        writer.Write("# cpmsim SIP log: scenario ");
        writer.Write(result.Scenario.Name);
        writer.Write(string.Create(CultureInfo.InvariantCulture, $", seed {result.Seed}"));
        if (result.FlowVerdict() is string verdict)
        {
            writer.Write(", ");
            writer.Write(verdict);
        }

        writer.Write("\n# time: virtual time since the session started; SIP over ");
        writer.Write(result.Scenario.UnreliableTransport ? "UDP" : "TCP");
        writer.Write("\n# nodes: ");
        writer.Write(string.Join(", ", where.All.Select(a => $"{a.Node} {a.Ip}")));
        writer.Write("\n\n");
        foreach (ObservedRecord r in result.Records)
        {
            string time = Time(r.SentNs);
            string step = r.Step is null ? string.Empty : $"  step {r.Step}";
            if (r.Kind == FlowItemKind.Action)
            {
                writer.Write($"# {time}{step}  {r.FromRole} ({r.FromNode}): {r.Name}: {r.Detail}\n\n");
                continue;
            }

            if (r.Kind == FlowItemKind.State)
            {
                writer.Write($"# {time}{step}  {r.FromRole} <-> {r.ToRole}: {r.Name} [{r.Detail}]\n\n");
                continue;
            }

            WireMessage? w = renderer.Render(r);
            string protocol = w is null ? "?" : w.Protocol switch
            {
                WireProtocol.Sip => w.Udp ? "SIP/UDP" : "SIP/TCP",
                WireProtocol.Msrp => "MSRP/TCP",
                WireProtocol.Http => "HTTP/TCP",
                _ => "SMPP/TCP",
            };
            string lost = r.Lost ? "  LOST on the link" : r.Retransmission ? "  (retransmission)" : string.Empty;
            writer.Write($"=== {time}{step}  {r.FromRole} -> {r.ToRole}  {r.FromNode} {where.Ip(r.FromNode)} -> {r.ToNode} {where.Ip(r.ToNode)}  {protocol}  {r.Name}{lost}\n");
            writer.Write((w?.Text ?? r.Detail + "\r\n").Replace("\r\n", "\n", StringComparison.Ordinal));
            writer.Write("\n");
        }
    }

    private static string Time(long ns) => (ns / 1e9).ToString("0.000000", CultureInfo.InvariantCulture) + "s";
}
