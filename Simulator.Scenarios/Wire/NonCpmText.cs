using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using CpmSim.Scenarios.Cpm;

namespace CpmSim.Scenarios.Wire;

/// <summary>
/// The non-CPM side in its own protocols. MMS: MM7 (3GPP TS 23.140) SOAP over HTTP between the CPM-MMS
/// IWF (the VASP) and the MMSC — SubmitReq/SubmitRsp, DeliveryReportReq — and the MMSC's notification to
/// the recipient as an MM1 m-notification-ind (OMA MMS encapsulation, binary) in an HTTP POST (the push
/// the WAP gateway would carry). The SOAP part only: a multimedia message's content is not attached.
/// SMS: SMPP 3.4 between the CPM-SMS IWF (an ESME) and the SMSC — submit_sm/submit_sm_resp, deliver_sm
/// for the status report — carrying the 3GPP TS 23.040 fields (TP-DA, TP-DCS, TP-UDHI with the
/// concatenation element of a segment); the SMSC's SMS-DELIVER to the recipient is a deliver_sm too (the
/// air interface is outside the model). The short message's characters are a filler of the segment's length.
/// </summary>
internal sealed class NonCpmText(WireAddresses where)
{
    public const int HttpPort = 80;
    public const int SmppPort = 2775;
    private const string Mm7Ns = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4";

    private uint _smppSequence;
    private readonly Dictionary<(long Session, long Reference, int Segment), uint> _submitted = [];

    public WireMessage Render(NonCpmMessage m, string fromNode, string toNode, bool toIsCentre, bool fromIsCentre) =>
        m.Service == NonCpmService.Mms ? Mms(m, fromNode, toNode)
        : m.Service == NonCpmService.Sms ? Sms(m, fromNode, toNode, toIsCentre, fromIsCentre)
        : Registered(m, fromNode, toNode);

    /// <summary>
    /// A service registered from outside the library, whose protocol this renderer does not know: a
    /// stand-in, an HTTP exchange (POST for what is sent, 200 or 403 for the answers) whose plain-text body
    /// names the message and its fields, so that SIP logs and pcaps of such scenarios stay readable.
    /// </summary>
    private WireMessage Registered(NonCpmMessage m, string fromNode, string toNode)
    {
        byte[] body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{m.Rendering}\r\nService: {m.Service.Name}\r\nRecipient: {m.Recipient}\r\nReference: {m.Reference}\r\nSegment: {m.Segment}/{m.Segments}\r\nOctets: {m.PayloadBytes}\r\n"));
        return m.Purpose switch
        {
            NonCpmPurpose.Ack or NonCpmPurpose.Retrieved => Http(false, fromNode, toNode, "HTTP/1.1 200 OK", "text/plain; charset=utf-8", body),
            NonCpmPurpose.Nack => Http(false, fromNode, toNode, "HTTP/1.1 403 Forbidden", "text/plain; charset=utf-8", body),
            _ => Http(true, fromNode, toNode, $"POST /noncpm/{m.Service.Name} HTTP/1.1", "text/plain; charset=utf-8", body),
        };
    }

    private WireMessage Mms(NonCpmMessage m, string fromNode, string toNode)
    {
        string tid = "T" + WireTokens.Hex(WireTokens.Mix((ulong)m.Session, (ulong)m.Reference, 7), 10);
        string messageId = "M" + WireTokens.Hex(WireTokens.Mix((ulong)m.Session, (ulong)m.Reference, 8), 10);
        string recipient = Number(m.Recipient);
        string user = where.UserUri.Replace("sip:", string.Empty, StringComparison.Ordinal);
        switch (m.Purpose)
        {
            case NonCpmPurpose.Invitation or NonCpmPurpose.Content:
                return Http(true, fromNode, toNode, "POST /mm7 HTTP/1.1", "text/xml; charset=\"utf-8\"", Soap(tid,
                    $"<SubmitReq xmlns=\"{Mm7Ns}\"><MM7Version>6.8.0</MM7Version><SenderIdentification><VASPID>cpm-interworking</VASPID><VASID>{fromNode}</VASID>" +
                    $"<SenderAddress><RFC2822Address>{user}</RFC2822Address></SenderAddress></SenderIdentification>" +
                    $"<Recipients><To><Number>{recipient}</Number></To></Recipients><MessageClass>Personal</MessageClass>" +
                    $"<DeliveryReport>true</DeliveryReport><Subject>{(m.Purpose == NonCpmPurpose.Invitation ? "CPM session invitation" : "CPM content")} ({m.PayloadBytes.ToString(CultureInfo.InvariantCulture)} octets)</Subject></SubmitReq>"),
                    "SOAPAction: \"\"");
            case NonCpmPurpose.Ack or NonCpmPurpose.Nack:
                bool ok = m.Purpose == NonCpmPurpose.Ack;
                return Http(false, fromNode, toNode, "HTTP/1.1 200 OK", "text/xml; charset=\"utf-8\"", Soap(tid,
                    $"<SubmitRsp xmlns=\"{Mm7Ns}\"><MM7Version>6.8.0</MM7Version><Status><StatusCode>{(ok ? 1000 : 3002)}</StatusCode>" +
                    $"<StatusText>{(ok ? "Success" : "Message rejected")}</StatusText></Status>{(ok ? $"<MessageID>{messageId}</MessageID>" : string.Empty)}</SubmitRsp>"));
            case NonCpmPurpose.Deliver:
                return Http(true, fromNode, toNode, "POST /push HTTP/1.1", "application/vnd.wap.mms-message", NotificationInd(tid, m.PayloadBytes, where.Host(fromNode), messageId));
            default:
                return Http(true, fromNode, toNode, "POST /mm7 HTTP/1.1", "text/xml; charset=\"utf-8\"", Soap(tid,
                    $"<DeliveryReportReq xmlns=\"{Mm7Ns}\"><MM7Version>6.8.0</MM7Version><MMSRelayServerID>{where.Host(fromNode)}</MMSRelayServerID><MessageID>{messageId}</MessageID>" +
                    $"<Recipient><Number>{recipient}</Number></Recipient><Sender><RFC2822Address>{user}</RFC2822Address></Sender>" +
                    "<Date>2000-01-01T00:00:00Z</Date><MMStatus>Retrieved</MMStatus></DeliveryReportReq>"),
                    "SOAPAction: \"\"");
        }
    }

    private static byte[] Soap(string tid, string body) => Encoding.UTF8.GetBytes(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\">" +
        $"<env:Header><mm7:TransactionID xmlns:mm7=\"{Mm7Ns}\" env:mustUnderstand=\"1\">{tid}</mm7:TransactionID></env:Header>" +
        $"<env:Body>{body}</env:Body></env:Envelope>\r\n");

    /// <summary>An MM1 m-notification-ind (OMA-TS-MMS-ENC): type, transaction id, version 1.2, class, size, expiry, content location.</summary>
    private static byte[] NotificationInd(string tid, long size, string mmscHost, string messageId)
    {
        var b = new List<byte> { 0x8C, 0x82, 0x98 };
        b.AddRange(Encoding.ASCII.GetBytes(tid));
        b.Add(0);
        b.AddRange([0x8D, 0x92, 0x8A, 0x80, 0x8E]);
        byte[] sizeBytes = LongInteger(size);
        b.AddRange(sizeBytes);
        b.AddRange([0x88, 0x05, 0x81, 0x03, 0x09, 0x3A, 0x80]); // expiry: relative, 604800 s (a week)
        b.Add(0x83);
        b.AddRange(Encoding.ASCII.GetBytes($"http://{mmscHost}/m/{messageId}"));
        b.Add(0);
        return [.. b];
    }

    private static byte[] LongInteger(long value)
    {
        var digits = new List<byte>();
        ulong v = (ulong)Math.Max(0, value);
        do
        {
            digits.Insert(0, (byte)(v & 0xFF));
            v >>= 8;
        }
        while (v > 0);
        digits.Insert(0, (byte)digits.Count);
        return [.. digits];
    }

    private WireMessage Http(bool request, string fromNode, string toNode, string startLine, string contentType, byte[] body, string? extra = null)
    {
        var head = new StringBuilder();
        head.Append(startLine).Append("\r\n");
        if (request)
        {
            head.Append("Host: ").Append(where.Host(toNode)).Append("\r\n");
        }

        if (extra is not null)
        {
            head.Append(extra).Append("\r\n");
        }

        head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n");
        byte[] pdu = [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
        string shown = contentType.StartsWith("text/", StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(body)
            : $"[{body.Length} octets: m-notification-ind, X-Mms-Transaction-ID, X-Mms-MMS-Version 1.2, X-Mms-Message-Class Personal, X-Mms-Message-Size, X-Mms-Expiry, X-Mms-Content-Location]\r\n";
        return new WireMessage
        {
            Protocol = WireProtocol.Http,
            Server = request ? toNode : fromNode,
            ServerPort = HttpPort,
            Text = head + shown,
            Pdus = [pdu],
        };
    }

    private WireMessage Sms(NonCpmMessage m, string fromNode, string toNode, bool toIsCentre, bool fromIsCentre)
    {
        // A response echoes its request's sequence number (SMPP 3.4 §3.2); a request takes the next one.
        uint seq = m.Purpose is NonCpmPurpose.Ack or NonCpmPurpose.Nack && _submitted.TryGetValue((m.Session, m.Reference, m.Segment), out uint asked) ? asked : ++_smppSequence;
        if (m.Purpose is NonCpmPurpose.Invitation or NonCpmPurpose.Content)
        {
            _submitted[(m.Session, m.Reference, m.Segment)] = seq;
        }

        string messageId = WireTokens.Hex(WireTokens.Mix((ulong)m.Session, (ulong)m.Reference, 9), 8);
        string recipient = Number(m.Recipient);
        string user = where.UserUri.Replace("sip:", string.Empty, StringComparison.Ordinal).Split('@')[0];
        string centre = toIsCentre ? toNode : fromNode;
        var text = new StringBuilder();
        var body = new List<byte>();
        uint command;
        uint status = 0;
        switch (m.Purpose)
        {
            case NonCpmPurpose.Invitation or NonCpmPurpose.Content or NonCpmPurpose.Deliver:
            {
                bool deliver = m.Purpose == NonCpmPurpose.Deliver;
                command = deliver ? 0x00000005u : 0x00000004u;
                bool concatenated = m.Segments > 1;
                int chars = (int)Math.Clamp(m.PayloadBytes, 1, concatenated ? 153 : 160);
                byte[] udh = concatenated ? [0x05, 0x00, 0x03, (byte)(m.Reference & 0xFF), (byte)m.Segments, (byte)m.Segment] : [];
                byte[] sm = [.. udh, .. Filler(chars)];
                ShortMessage(body, user, recipient, deliver, concatenated ? (byte)0x40 : (byte)0x00, sm);
                text.Append(deliver ? "deliver_sm (SMS-DELIVER)" : "submit_sm (SMS-SUBMIT)").Append("\r\n");
                text.Append(CultureInfo.InvariantCulture, $"sequence_number: {seq}\r\n");
                text.Append(CultureInfo.InvariantCulture, $"source_addr: {user} (TON alphanumeric)\r\n");
                text.Append(CultureInfo.InvariantCulture, $"destination_addr / TP-DA: +{recipient} (TON international, NPI E.164)\r\n");
                text.Append("data_coding / TP-DCS: 0x00 (GSM 7-bit default alphabet)\r\n");
                text.Append(concatenated
                    ? $"esm_class: 0x40 (TP-UDHI: user data header: concatenated short message, reference {m.Reference & 0xFF}, part {m.Segment} of {m.Segments})\r\n"
                    : "esm_class: 0x00\r\n");
                text.Append(CultureInfo.InvariantCulture, $"registered_delivery / TP-SRR: {(deliver ? 0 : 1)}\r\n");
                text.Append(CultureInfo.InvariantCulture, $"sm_length / TP-UDL: {sm.Length} ({chars} characters{(concatenated ? " + 6 octets of header" : string.Empty)})\r\n");
                break;
            }

            case NonCpmPurpose.Ack or NonCpmPurpose.Nack:
                command = 0x80000004u;
                status = m.Purpose == NonCpmPurpose.Ack ? 0u : 0x45u;
                if (status == 0)
                {
                    body.AddRange(Encoding.ASCII.GetBytes(messageId));
                    body.Add(0);
                }

                text.Append("submit_sm_resp (SMS-SUBMIT-REPORT)\r\n");
                text.Append(CultureInfo.InvariantCulture, $"sequence_number: {seq}\r\n");
                text.Append(status == 0 ? $"command_status: 0x00000000 (ESME_ROK)\r\nmessage_id: {messageId}\r\n" : "command_status: 0x00000045 (ESME_RSUBMITFAIL)\r\n");
                break;
            default:
                command = 0x00000005u;
                byte[] receipt = Encoding.ASCII.GetBytes($"id:{messageId} sub:001 dlvrd:001 submit date:0001010000 done date:0001010000 stat:DELIVRD err:000 text:");
                ShortMessage(body, recipient, user, true, 0x04, receipt);
                text.Append("deliver_sm (SMS-STATUS-REPORT)\r\n");
                text.Append(CultureInfo.InvariantCulture, $"sequence_number: {seq}\r\n");
                text.Append("esm_class: 0x04 (SMSC delivery receipt)\r\n");
                text.Append(CultureInfo.InvariantCulture, $"short_message: {Encoding.ASCII.GetString(receipt)}\r\n");
                break;
        }

        var pdu = new byte[16 + body.Count];
        BinaryPrimitives.WriteUInt32BigEndian(pdu, (uint)pdu.Length);
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(4), command);
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(8), status);
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(12), seq);
        body.CopyTo(pdu, 16);
        return new WireMessage { Protocol = WireProtocol.Smpp, Server = centre, ServerPort = SmppPort, Text = text.ToString(), Pdus = [pdu] };
    }

    private static void ShortMessage(List<byte> body, string source, string destination, bool deliver, byte esmClass, byte[] sm)
    {
        body.Add(0); // service_type ""
        bool alpha = !source.All(char.IsAsciiDigit);
        body.Add(alpha ? (byte)5 : (byte)1); // source_addr_ton
        body.Add(alpha ? (byte)0 : (byte)1); // source_addr_npi
        body.AddRange(Encoding.ASCII.GetBytes(source));
        body.Add(0);
        bool destDigits = destination.All(char.IsAsciiDigit);
        body.Add(destDigits ? (byte)1 : (byte)5);
        body.Add(destDigits ? (byte)1 : (byte)0);
        body.AddRange(Encoding.ASCII.GetBytes(destination));
        body.Add(0);
        body.Add(esmClass);
        body.Add(0); // protocol_id
        body.Add(0); // priority_flag
        body.Add(0); // schedule_delivery_time ""
        body.Add(0); // validity_period ""
        body.Add(deliver ? (byte)0 : (byte)1); // registered_delivery
        body.Add(0); // replace_if_present_flag
        body.Add(0); // data_coding: SMSC default alphabet
        body.Add(0); // sm_default_msg_id
        body.Add((byte)sm.Length);
        body.AddRange(sm);
    }

    private static byte[] Filler(int chars)
    {
        ReadOnlySpan<byte> pattern = "CPM chat message converted to SMS. "u8;
        var b = new byte[chars];
        for (int i = 0; i < chars; i++)
        {
            b[i] = pattern[i % pattern.Length];
        }

        return b;
    }

    private static string Number(string uri)
    {
        string s = uri.StartsWith("tel:", StringComparison.Ordinal) ? uri[4..] : uri.StartsWith("sip:", StringComparison.Ordinal) ? uri[4..].Split('@')[0] : uri;
        return s.TrimStart('+');
    }
}
