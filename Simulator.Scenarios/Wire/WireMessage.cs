namespace CpmSim.Scenarios.Wire;

/// <summary>
/// One traced message as it goes on the wire: its text (what the SIP log shows: start line, headers,
/// body; a file's bytes elided) and its bytes, one application PDU each (several for a chunked MSRP file
/// transfer, whose 200s answer each chunk). <see cref="Server"/> and <see cref="ServerPort"/> say which
/// end listens on the TCP connection the message goes on (null: the receiver of the first message
/// between the two nodes in this protocol).
/// </summary>
public sealed record WireMessage
{
    public required WireProtocol Protocol { get; init; }

    /// <summary>Over UDP (SIP with <c>transport: udp</c>); otherwise TCP.</summary>
    public bool Udp { get; init; }

    public string? Server { get; init; }

    public required int ServerPort { get; init; }

    /// <summary>The message as text, lines separated by CRLF.</summary>
    public required string Text { get; init; }

    public required IReadOnlyList<byte[]> Pdus { get; init; }

    /// <summary>The first line: request or status line (or the PDU's name for binary protocols).</summary>
    public string StartLine => Text.Split("\r\n", 2)[0];

    /// <summary>The header lines as name and value, in order (a name may repeat, e.g. Via).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers
    {
        get
        {
            var list = new List<KeyValuePair<string, string>>();
            foreach (string line in Text.Split("\r\n").Skip(1))
            {
                if (line.Length == 0)
                {
                    break;
                }

                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    list.Add(new(line[..colon], line[(colon + 1)..].TrimStart()));
                }
            }

            return list;
        }
    }

    /// <summary>The body (after the blank line), empty when there is none.</summary>
    public string Body
    {
        get
        {
            int i = Text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            return i < 0 ? string.Empty : Text[(i + 4)..];
        }
    }

    /// <summary>The values of a header, in order (names compared without case).</summary>
    public IEnumerable<string> Values(string name) => Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);
}
