using System.Globalization;
using System.Text;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Wire;

/// <summary>
/// MSRP (RFC 4975) SEND requests and their 200 responses. A file larger than <see cref="ChunkBytes"/> goes
/// in chunks (§5.1), each a SEND with its own transaction id and Byte-Range, all with one Message-ID; the
/// model's one 200 becomes the 200 of every chunk (each chunk is a transaction of its own). The file's
/// bytes are a filler pattern: the model knows their number, not their content.
/// </summary>
internal sealed class MsrpText(WireAddresses where)
{
    /// <summary>The largest chunk body: RFC 4975 §7.1 suggests 2048 octets as the point to start chunking.</summary>
    public const int ChunkBytes = 2048;

    private readonly Dictionary<(long Session, long Reference, MediaType Media), List<string>> _sent = [];

    public (string Text, List<byte[]> Pdus) Render(MsrpMessage m, string fromNode, string toNode)
    {
        string fromPath = SdpText.MsrpUri(where.Ip(fromNode), m.Session, fromNode, m.Media);
        string toPath = SdpText.MsrpUri(where.Ip(toNode), m.Session, toNode, m.Media);
        var pdus = new List<byte[]>();
        var text = new StringBuilder();
        if (m.IsResponse)
        {
            List<string> tids = _sent.TryGetValue((m.Session, m.Reference, m.Media), out List<string>? t) ? t : [Tid(m.Session, m.Reference, 0)];
            foreach (string tid in tids)
            {
                string ok = $"MSRP {tid} 200 OK\r\nTo-Path: {toPath}\r\nFrom-Path: {fromPath}\r\n-------{tid}$\r\n";
                pdus.Add(Encoding.UTF8.GetBytes(ok));
            }

            text.Append(Encoding.UTF8.GetString(pdus[0]));
            if (tids.Count > 1)
            {
                text.Append(CultureInfo.InvariantCulture, $"[200 OK to each of the {tids.Count} chunks; the first shown]\r\n");
            }

            return (text.ToString(), pdus);
        }

        string messageId = WireTokens.Hex(WireTokens.Mix((ulong)m.Session, (ulong)m.Reference, (ulong)m.Media), 12);
        byte[] content = m.Media == MediaType.File ? Filler(m.PayloadBytes) : Encoding.UTF8.GetBytes(m.Text ?? string.Empty);
        string type = m.Media == MediaType.File ? "application/octet-stream" : "text/plain";
        int chunks = Math.Max(1, (content.Length + ChunkBytes - 1) / ChunkBytes);
        var sentTids = new List<string>(chunks);
        for (int c = 0; c < chunks; c++)
        {
            string tid = Tid(m.Session, m.Reference, c);
            sentTids.Add(tid);
            int start = c * ChunkBytes;
            int len = Math.Min(ChunkBytes, content.Length - start);
            bool last = c == chunks - 1;
            string head = $"MSRP {tid} SEND\r\nTo-Path: {toPath}\r\nFrom-Path: {fromPath}\r\nMessage-ID: {messageId}\r\n" +
                $"Byte-Range: {start + 1}-{start + len}/{content.Length}\r\n" +
                (m.Media == MediaType.File ? "Success-Report: no\r\n" : string.Empty) +
                $"Content-Type: {type}\r\n\r\n";
            string tail = $"\r\n-------{tid}{(last ? '$' : '+')}\r\n";
            byte[] pdu = [.. Encoding.UTF8.GetBytes(head), .. content.AsSpan(start, len), .. Encoding.UTF8.GetBytes(tail)];
            pdus.Add(pdu);
            if (c == 0 || last)
            {
                text.Append(head);
                text.Append(m.Media == MediaType.File ? $"[{len} octets of the file]" : Encoding.UTF8.GetString(content, start, len));
                text.Append(tail);
                if (c == 0 && chunks > 2)
                {
                    text.Append(CultureInfo.InvariantCulture, $"[chunks 2 to {chunks - 1} of {chunks}: {ChunkBytes} octets each]\r\n");
                }
            }
        }

        _sent[(m.Session, m.Reference, m.Media)] = sentTids;
        return (text.ToString(), pdus);
    }

    private static string Tid(long session, long reference, int chunk) => WireTokens.Hex(WireTokens.Mix((ulong)session, (ulong)reference, (ulong)chunk + 1), 10);

    private static byte[] Filler(long bytes)
    {
        var b = new byte[(int)Math.Min(bytes, 64L << 20)];
        ReadOnlySpan<byte> pattern = "CpmSim file transfer content. "u8;
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = pattern[i % pattern.Length];
        }

        return b;
    }
}
