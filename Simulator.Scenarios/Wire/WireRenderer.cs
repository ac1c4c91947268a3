using System.Text;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Sip;
using CpmSim.Scenarios.Kinds;

namespace CpmSim.Scenarios.Wire;

/// <summary>
/// Renders a session's trace as the messages on the wire: SIP with SDP (<see cref="SipText"/>), MSRP,
/// MM7 over HTTP and SMPP (see <see cref="NonCpmText"/>). It reads only the messages' public properties and
/// keeps what a real stack would (the dialogs' URIs, MSRP transaction ids, SMPP sequence numbers) across the
/// records it is given, in order.
/// </summary>
public sealed class WireRenderer
{
    private readonly WireAddresses _where;
    private readonly bool _udp;
    private readonly SipText _sip;
    private readonly MsrpText _msrp;
    private readonly NonCpmText _nonCpm;
    private readonly HashSet<string> _centres;

    public WireRenderer(ScenarioDefinition scenario, WireAddresses where)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(where);
        _where = where;
        _udp = scenario.UnreliableTransport;
        _sip = new SipText(where, _udp);
        _msrp = new MsrpText(where);
        _nonCpm = new NonCpmText(where);
        _centres = scenario.Nodes.Where(n => ScenarioRegistry.Services.ByName.Values.Any(s => s.CentreKind == n.Kind.Name)).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
    }

    public WireAddresses Addresses => _where;

    /// <summary>The message of a send record on the wire; null for actions, states, and records without their message.</summary>
    public WireMessage? Render(ObservedRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Kind != FlowItemKind.Send)
        {
            return null;
        }

        switch (record.Payload)
        {
            case SipMessage sip:
            {
                string text = _sip.Render(sip, record.FromNode);
                return new WireMessage { Protocol = WireProtocol.Sip, Udp = _udp, ServerPort = 5060, Text = text, Pdus = [Encoding.UTF8.GetBytes(text)] };
            }

            case MsrpMessage msrp:
            {
                (string text, List<byte[]> pdus) = _msrp.Render(msrp, record.FromNode, record.ToNode);
                return new WireMessage { Protocol = WireProtocol.Msrp, ServerPort = SdpText.MsrpPort, Text = text, Pdus = pdus };
            }

            case NonCpmMessage n:
                return _nonCpm.Render(n, record.FromNode, record.ToNode, _centres.Contains(record.ToNode), _centres.Contains(record.FromNode));
            default:
                return null;
        }
    }

    /// <summary>Every record rendered, in order (null where a record is no message).</summary>
    public static IReadOnlyList<WireMessage?> RenderAll(ScenarioDefinition scenario, IReadOnlyList<string> nodeNames, IReadOnlyList<ObservedRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var renderer = new WireRenderer(scenario, new WireAddresses(scenario, nodeNames));
        return [.. records.Select(renderer.Render)];
    }
}
