using System.Globalization;
using System.Text;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Wire;

/// <summary>
/// An SDP body as RFC 4566 writes it. Chat and file streams are MSRP media (RFC 4975:
/// <c>m=message PORT TCP/MSRP *</c>, <c>a=accept-types</c>, <c>a=path</c>); a file stream is a file
/// transfer (RFC 5547: <c>a=file-selector</c> with name, type and size, <c>a=file-transfer-id</c>,
/// <c>a=sendonly</c> in the offer, <c>a=recvonly</c> in the answer). A rejected stream keeps its
/// m-line with port 0 (RFC 3264 §6). The m-line port is the model's (9, the discard port of an active
/// TCP endpoint, RFC 4145); the MSRP URI in <c>a=path</c> carries the listening port, 2855.
/// </summary>
internal static class SdpText
{
    public const int MsrpPort = 2855;

    public static string Render(in Sdp body, bool offer, string originIp, ulong sessionId, int version, WireAddresses where, long simSession)
    {
        var t = new StringBuilder();
        t.Append("v=0\r\n");
        t.Append(CultureInfo.InvariantCulture, $"o=- {sessionId} {version} IN IP4 {originIp}\r\n");
        t.Append("s=-\r\n");
        t.Append("t=0 0\r\n");
        for (int i = 0; i < body.Count; i++)
        {
            MediaStream s = body[i];
            string node = where.NodeOf(s.Endpoint);
            string ip = where.Ip(node);
            switch (s.Type)
            {
                case MediaType.Chat or MediaType.File:
                    t.Append(CultureInfo.InvariantCulture, $"m=message {s.Port} TCP/MSRP *\r\n");
                    t.Append(CultureInfo.InvariantCulture, $"c=IN IP4 {ip}\r\n");
                    if (s.Type == MediaType.File)
                    {
                        t.Append(offer ? "a=sendonly\r\n" : "a=recvonly\r\n");
                        t.Append("a=accept-types:message/cpim application/octet-stream\r\n");
                        t.Append(CultureInfo.InvariantCulture, $"a=file-selector:name:\"{FileName(simSession)}\" type:application/octet-stream size:{s.SizeBytes}\r\n");
                        t.Append(CultureInfo.InvariantCulture, $"a=file-transfer-id:{FileTransferId(simSession)}\r\n");
                    }
                    else
                    {
                        t.Append("a=accept-types:message/cpim text/plain\r\n");
                    }

                    if (!s.IsRejected)
                    {
                        t.Append(CultureInfo.InvariantCulture, $"a=path:{MsrpUri(ip, simSession, node, s.Type)}\r\n");
                    }

                    break;
                case MediaType.Audio:
                    t.Append(CultureInfo.InvariantCulture, $"m=audio {s.Port} RTP/AVP 0\r\nc=IN IP4 {ip}\r\na=rtpmap:0 PCMU/8000\r\n");
                    break;
                default:
                    t.Append(CultureInfo.InvariantCulture, $"m=video {s.Port} RTP/AVP 96\r\nc=IN IP4 {ip}\r\na=rtpmap:96 H264/90000\r\n");
                    break;
            }
        }

        return t.ToString();
    }

    /// <summary>The MSRP URI of <paramref name="node"/>'s end of a session's stream (RFC 4975 §6).</summary>
    public static string MsrpUri(string ip, long session, string node, MediaType type) =>
        $"msrp://{ip}:{MsrpPort}/{WireTokens.Hex(WireTokens.Mix((ulong)session, WireTokens.Of(node), (ulong)type), 12)};tcp";

    public static string FileName(long session) => $"file-{WireTokens.Hex((ulong)session, 8)}.bin";

    public static string FileTransferId(long session) => WireTokens.Hex(WireTokens.Mix((ulong)session, 0x5547), 16);
}
