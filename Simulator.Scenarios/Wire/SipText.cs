using System.Globalization;
using System.Text;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Wire;

/// <summary>
/// A SIP message of the model as RFC 3261 text. What the model holds is rendered as it is: the Via
/// stack (one branch per transaction and hop: <c>z9hG4bK</c> + a hash of the model's transaction number
/// and the hop, so the ACK of a non-2xx response repeats its INVITE's branch, RFC 3261 §17.1.1.3), the
/// Route and Record-Route sets, the tags, Call-ID, CSeq, Contact, Warning, Retry-After. What the model
/// does not hold is derived and documented: From/To URIs (the CPM user's address and the Request-URI of
/// the dialog's first INVITE, or the model's CPM From), Max-Forwards (the request's: 70 less the proxies passed),
/// Allow/Supported on INVITE, UPDATE and their 2xx. The CPM headers (Conversation-ID, Contribution-ID,
/// P-Asserted-Identity) are the model's where a request carries them (<see cref="SipRequest.Cpm"/>), else derived.
/// </summary>
internal sealed class SipText(WireAddresses where, bool udp)
{
    private const string Allow = "INVITE, ACK, CANCEL, BYE, UPDATE, MESSAGE, OPTIONS";
    private const string IcsiSession = "+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.session\"";
    private const string IcsiFile = "+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.filetransfer\"";

    private readonly Dictionary<long, Call> _calls = [];
    private readonly Dictionary<(long Call, long Transaction), string> _inviteUri = [];
    private readonly Dictionary<(long Call, long Transaction, int Status), string> _warningAgent = [];
    private readonly Dictionary<(long Call, MediaType Type), NodeId> _offerer = [];
    private readonly HashSet<(long Call, MediaType Type, NodeId Endpoint)> _answerers = [];

    private string Transport => udp ? "UDP" : "TCP";

    public string Render(SipMessage message, string fromNode)
    {
        Call call = CallOf(message);
        var t = new StringBuilder();
        bool request = message is SipRequest;
        SipMethod method = message is SipRequest rq ? rq.Method : message.CSeqMethod;
        // Which end of the dialog sent the request of this transaction: the callee's end (UAS) when the
        // node of the bottom Via (the request's originator, RFC 3261 §8.1.1.7) is the node that answered
        // the dialog's first request with a tag; otherwise the caller's (UAC) — a proxy's own hop-by-hop
        // ACK keeps the INVITE's From and To (§17.1.1.3). The model's tags are call-state handles, which
        // two ends may share, so they do not tell the ends apart; the rendered tags do (see Tag).
        if (message is SipResponse { ToTag: not 0 } && call.UasNode.Length == 0)
        {
            call.UasNode = fromNode;
        }

        bool uacSide = message.Via.Count > 0
            ? call.UasNode.Length == 0 || where.NodeOf(message.Via[0]) != call.UasNode
            : message.FromTag == call.UacTag || call.UacTag == 0;
        string fromUri = uacSide ? call.FromUri : call.ToUri;
        string toUri = uacSide ? call.ToUri : call.FromUri;
        if (message is SipRequest req)
        {
            string uri = req.AcksFailure && _inviteUri.TryGetValue((req.CallId.Value, req.Transaction), out string? invited) ? invited : RequestUri(req, toUri);
            if (req.Method == SipMethod.Invite)
            {
                _inviteUri[(req.CallId.Value, req.Transaction)] = uri;
            }

            t.Append(CultureInfo.InvariantCulture, $"{Name(req.Method)} {uri} SIP/2.0\r\n");
        }
        else if (message is SipResponse res)
        {
            t.Append(CultureInfo.InvariantCulture, $"SIP/2.0 {res.Status} {StatusCodes.Reason(res.Status)}\r\n");
        }

        for (int i = message.Via.Count - 1; i >= 0; i--)
        {
            string node = where.NodeOf(message.Via[i]);
            t.Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/{Transport} {where.Host(node)}:5060;branch={Branch(message.Transaction, node)}\r\n");
        }

        if (message is SipRequest r)
        {
            t.Append(CultureInfo.InvariantCulture, $"Max-Forwards: {r.MaxForwards}\r\n");
            for (int i = 0; i < r.Route.Count; i++)
            {
                t.Append(CultureInfo.InvariantCulture, $"Route: <sip:{where.Host(where.NodeOf(r.Route[i]))};lr>\r\n");
            }
        }

        NodeList recordRoute = message is SipRequest rr ? rr.RecordRoute : ((SipResponse)message).RecordRoute;
        bool dialogForming = method is SipMethod.Invite && (request || message is SipResponse { Status: > 100 and < 300 });
        if (dialogForming)
        {
            for (int i = recordRoute.Count - 1; i >= 0; i--)
            {
                t.Append(CultureInfo.InvariantCulture, $"Record-Route: <sip:{where.Host(where.NodeOf(recordRoute[i]))};lr>\r\n");
            }
        }

        t.Append(CultureInfo.InvariantCulture, $"From: <{fromUri}>{Tag(message.FromTag, message.CallId.Value, uacSide)}\r\n");
        t.Append(CultureInfo.InvariantCulture, $"To: <{toUri}>{Tag(message.ToTag, message.CallId.Value, !uacSide)}\r\n");
        t.Append(CultureInfo.InvariantCulture, $"Call-ID: {message.CallId}@{where.Domain}\r\n");
        t.Append(CultureInfo.InvariantCulture, $"CSeq: {message.CSeq} {Name(method)}\r\n");
        bool withContact = method is SipMethod.Invite or SipMethod.Update && (request || message is SipResponse { Status: > 100 and < 300 });
        if (withContact)
        {
            NodeId contact = message is SipRequest cr ? (cr.Contact.IsNone ? cr.Via.Count > 0 ? cr.Via[0] : NodeId.None : cr.Contact) : ((SipResponse)message).Contact;
            if (!contact.IsNone)
            {
                string icsi = message.Body.Count > 0 && message.Body.AcceptedTypes == MediaTypes.None.With(MediaType.File) ? IcsiFile : IcsiSession;
                t.Append(CultureInfo.InvariantCulture, $"Contact: <sip:{where.Host(where.NodeOf(contact))}:5060;transport={Transport.ToLowerInvariant()}>;{icsi}\r\n");
            }

            t.Append("Allow: ").Append(Allow).Append("\r\n");
            t.Append("Supported: timer\r\n");
        }

        if (message is SipRequest { Method: SipMethod.Invite or SipMethod.Message } cpm)
        {
            if (!cpm.Cpm.IsNone)
            {
                // The model's CPM headers: the asserted identity where the originating network asserted it, the ids as the model numbers them.
                if (cpm.Cpm.AssertedIdentity is string asserted)
                {
                    t.Append(CultureInfo.InvariantCulture, $"P-Asserted-Identity: <{asserted}>\r\n");
                }

                t.Append(CultureInfo.InvariantCulture, $"Conversation-ID: {WireTokens.Uuid((ulong)cpm.Cpm.ConversationId, 0xC0)}\r\n");
                t.Append(CultureInfo.InvariantCulture, $"Contribution-ID: {WireTokens.Uuid((ulong)cpm.Cpm.ContributionId, 0xC1)}\r\n");
            }
            else
            {
                // A request without the model's CPM headers: derived (asserted past the user's first hop; ids per session and originating call).
                if (fromNode != call.UacNode || !uacSide)
                {
                    t.Append(CultureInfo.InvariantCulture, $"P-Asserted-Identity: <{fromUri}>\r\n");
                }

                t.Append(CultureInfo.InvariantCulture, $"Conversation-ID: {WireTokens.Uuid((ulong)message.Session, 0xC0)}\r\n");
                t.Append(CultureInfo.InvariantCulture, $"Contribution-ID: {WireTokens.Uuid((ulong)message.Session, (ulong)(message.CallId.Value & ~0xFFFFL))}\r\n");
            }
        }

        if (message is SipResponse { Warning: > 0 } w)
        {
            // The warn-agent is the host that added the warning (RFC 3261 §20.43), not a proxy passing it on.
            if (!_warningAgent.TryGetValue((w.CallId.Value, w.Transaction, w.Status), out string? agent))
            {
                agent = where.Host(fromNode);
                _warningAgent[(w.CallId.Value, w.Transaction, w.Status)] = agent;
            }

            t.Append(CultureInfo.InvariantCulture, $"Warning: {w.Warning} {agent} \"{WarningText(w.Warning)}\"\r\n");
        }

        if (message is SipResponse { RetryAfter: { } after })
        {
            t.Append(CultureInfo.InvariantCulture, $"Retry-After: {Math.Max(0, (long)Math.Ceiling(after.TotalSeconds))}\r\n");
        }

        string body = string.Empty;
        string? type = null;
        if (!message.Body.IsNone)
        {
            string origin = where.Ip(message is SipRequest or2
                ? or2.Via.Count > 0 ? where.NodeOf(or2.Via[0]) : fromNode
                : message is SipResponse { Contact.IsNone: false } ors ? where.NodeOf(ors.Contact) : fromNode);
            body = SdpText.Render(Offered(message), request, origin, SdpSession(message), Math.Max(1, message.CSeq), where, message.Session);
            type = "application/sdp";
        }
        else if (message is SipRequest { Text: string text })
        {
            body = text;
            type = "text/plain;charset=UTF-8";
        }

        if (type is not null)
        {
            t.Append("Content-Type: ").Append(type).Append("\r\n");
        }

        t.Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n");
        t.Append(body);
        return t.ToString();
    }

    /// <summary>
    /// The body with each stream's address as RFC 3264 means it: in an offer, the offerer's. The model's
    /// re-offer carries a stream already negotiated with the answer's endpoint (where the media terminates);
    /// a stream whose endpoint answered it on this call is shown at the endpoint that first offered it.
    /// </summary>
    private Sdp Offered(SipMessage m)
    {
        long call = m.CallId.Value;
        Sdp body = m.Body;
        if (m is SipResponse)
        {
            for (int i = 0; i < body.Count; i++)
            {
                if (!body[i].IsRejected)
                {
                    _answerers.Add((call, body[i].Type, body[i].Endpoint));
                }
            }

            return body;
        }

        var streams = body.Streams;
        for (int i = 0; i < streams.Length; i++)
        {
            MediaStream s = streams[i];
            if (!_offerer.TryGetValue((call, s.Type), out NodeId first))
            {
                _offerer[(call, s.Type)] = s.Endpoint;
            }
            else if (_answerers.Contains((call, s.Type, s.Endpoint)))
            {
                streams[i] = s.At(first);
            }
        }

        return Sdp.Of(streams);
    }

    /// <summary>The SDP session id of a side's bodies in a call: per originating call and answering side.</summary>
    private static ulong SdpSession(SipMessage m) => WireTokens.Mix((ulong)m.Session, (ulong)m.CallId.Value, m is SipRequest ? 1UL : 2UL) >> 1;

    public static string Branch(long transaction, string node) => "z9hG4bK" + WireTokens.Hex(WireTokens.Mix((ulong)transaction, WireTokens.Of(node)), 12);

    /// <summary>
    /// A tag as the wire shows it: the model's tag mixed with the Call-ID and the end that chose it (the
    /// dialog's UAC or UAS), so the two ends of a dialog never show the same tag (RFC 3261 §19.3) and each
    /// end's tag is the same in every message of the dialog.
    /// </summary>
    private static string Tag(long tag, long callId, bool chosenByUac) =>
        tag == 0 ? string.Empty : ";tag=" + WireTokens.Hex(WireTokens.Mix((ulong)tag, (ulong)callId, chosenByUac ? 1UL : 2UL), 10);

    /// <summary>An in-dialog request goes to the remote target (the peer's Contact, RFC 3261 §12.2.1.1); an initial one to its addressee.</summary>
    private string RequestUri(SipRequest r, string toUri) =>
        r.InDialog && !r.Target.IsNone ? $"sip:{where.Host(where.NodeOf(r.Target))}:5060;transport={Transport.ToLowerInvariant()}"
        : r.RequestUri.Length > 0 ? r.RequestUri
        : toUri;

    private Call CallOf(SipMessage m)
    {
        if (_calls.TryGetValue(m.CallId.Value, out Call? c))
        {
            return c;
        }

        c = new Call
        {
            UacTag = m is SipRequest ? m.FromTag : m.FromTag,
            FromUri = (m as SipRequest)?.Cpm.From ?? where.UserUri,
            ToUri = m is SipRequest { RequestUri.Length: > 0 } r ? r.RequestUri : "sip:unknown@" + where.Domain,
            UacNode = m.Via.Count > 0 ? where.NodeOf(m.Via[0]) : string.Empty,
        };
        _calls.Add(m.CallId.Value, c);
        return c;
    }

    public static string Name(SipMethod method) => method switch
    {
        SipMethod.Invite => "INVITE",
        SipMethod.Ack => "ACK",
        SipMethod.Bye => "BYE",
        SipMethod.Update => "UPDATE",
        SipMethod.Cancel => "CANCEL",
        _ => "MESSAGE",
    };

    private static string WarningText(int code) => code switch
    {
        304 => "Media type not available",
        305 => "Incompatible media format",
        _ => "Warning",
    };

    private sealed class Call
    {
        public long UacTag;
        public string FromUri = string.Empty;
        public string ToUri = string.Empty;
        public string UacNode = string.Empty;
        public string UasNode = string.Empty;
    }
}
