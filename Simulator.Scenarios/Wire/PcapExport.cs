using CpmSim.Core.Capture;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Scenarios.Wire;

/// <summary>
/// A trace as a pcap for Wireshark: every message of every session given becomes IPv4 frames between the
/// nodes' addresses (<see cref="WireAddresses"/>): SIP over UDP or TCP (the scenario's <c>transport</c>) on
/// port 5060, MSRP over TCP on 2855 (the connection opened by the side that sends first), MM7 over HTTP on 80
/// (opened by the side that sends the request), SMPP on 2775 (the SMSC listens). Frame times are virtual
/// time after <see cref="PacketCapture.Epoch"/> (2000-01-01T00:00:00Z). A message lost on a link is in the
/// capture (taken at its sender) but never acknowledged.
/// </summary>
public sealed class PcapExport
{
    private readonly PacketCapture _capture = new();
    private readonly WireAddresses _where;
    private readonly Dictionary<(WireProtocol, string, string), string> _firstReceiver = [];
    private readonly WireRenderer _renderer;
    private readonly List<(ObservedRecord Record, WireMessage Wire)> _messages = [];

    public PcapExport(ScenarioDefinition scenario, WireAddresses where)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        _where = where ?? throw new ArgumentNullException(nameof(where));
        _renderer = new WireRenderer(scenario, where);
    }

    /// <summary>Messages captured so far.</summary>
    public int Messages => _messages.Count;

    /// <summary>Adds one session's records (in trace order); sessions may share connections, so frames are made when the capture is written.</summary>
    public void Add(IReadOnlyList<ObservedRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (ObservedRecord r in records.Where(r => r.Kind == FlowItemKind.Send))
        {
            if (_renderer.Render(r) is WireMessage w)
            {
                _messages.Add((r, w));
            }
        }
    }

    private void Add(ObservedRecord r, WireMessage w)
    {
        uint from = _where.Address(r.FromNode), to = _where.Address(r.ToNode);
        if (w.Udp)
        {
            foreach (byte[] pdu in w.Pdus)
            {
                _capture.Udp(r.SentNs, from, w.ServerPort, to, w.ServerPort, pdu);
            }

            return;
        }

        string server = w.Server ?? FirstReceiver(w.Protocol, r.FromNode, r.ToNode);
        foreach (byte[] pdu in w.Pdus)
        {
            _capture.Tcp(r.SentNs, r.ReceivedNs, from, to, _where.Address(server), w.ServerPort, pdu);
        }
    }

    private string FirstReceiver(WireProtocol protocol, string a, string b)
    {
        var key = string.CompareOrdinal(a, b) < 0 ? (protocol, a, b) : (protocol, b, a);
        if (!_firstReceiver.TryGetValue(key, out string? server))
        {
            server = b;
            _firstReceiver.Add(key, server);
        }

        return server;
    }

    public void WriteTo(Stream stream)
    {
        foreach ((ObservedRecord r, WireMessage w) in _messages.OrderBy(x => x.Record.SentNs))
        {
            Add(r, w);
        }

        _messages.Clear();
        _capture.WriteTo(stream);
    }

    /// <summary>A replayed session as a pcap.</summary>
    public static void Write(ReplayResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        var export = new PcapExport(result.Scenario, new WireAddresses(result.Scenario, result.NodeNames));
        export.Add(result.Records);
        export.WriteTo(stream);
    }
}
