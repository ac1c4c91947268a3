using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Wire;

namespace CpmSim.Tests.Scenarios.Wire;

/// <summary>The messages as text, checked against the rules of RFC 3261 (SIP), 4566 (SDP), 4975 (MSRP), 5547 (file transfer) and SMPP 3.4.</summary>
public sealed partial class WireRendererTests
{
    private static List<(ObservedRecord Record, WireMessage Wire)> Render(string variant)
    {
        ReplayResult result = ReplayRunner.Run(ScenarioLoader.LoadBuiltIn(variant));
        IReadOnlyList<WireMessage?> wire = WireRenderer.RenderAll(result.Scenario, result.NodeNames, result.Records);
        return [.. result.Records.Zip(wire).Where(x => x.Second is not null).Select(x => (x.First, x.Second!))];
    }

    private static List<(ObservedRecord Record, WireMessage Wire)> Sip(string variant) => [.. Render(variant).Where(x => x.Wire.Protocol == WireProtocol.Sip)];

    private static (ObservedRecord Record, WireMessage Wire) Step(string variant, string step) => Render(variant).Single(x => x.Record.Step == step);

    private static string[] MediaLines(WireMessage w) => [.. w.Body.Split("\r\n").Where(l => l.StartsWith("m=", StringComparison.Ordinal))];

    [TestCase("r01")]
    [TestCase("full-story")]
    [TestCase("port-zero")]
    [TestCase("controlling")]
    [TestCase("pre-r01")]
    public void EverySipMessage_HasTheMandatoryHeadersAndATrueContentLength(string variant)
    {
        var all = Sip(variant);
        Assert.That(all, Is.Not.Empty);
        foreach ((ObservedRecord r, WireMessage w) in all)
        {
            string where = $"{variant}: {r}";
            bool request = !w.StartLine.StartsWith("SIP/2.0 ", StringComparison.Ordinal);
            Assert.That(w.StartLine, Does.Match(request ? @"^(INVITE|ACK|BYE|UPDATE|MESSAGE) \S+ SIP/2\.0$" : @"^SIP/2\.0 \d{3} .+$"), where);

            // RFC 3261 §8.1.1: To, From, CSeq, Call-ID, Max-Forwards (requests) and Via are mandatory.
            foreach (string h in request ? new[] { "Via", "Max-Forwards", "From", "To", "Call-ID", "CSeq", "Content-Length" } : ["Via", "From", "To", "Call-ID", "CSeq", "Content-Length"])
            {
                Assert.That(w.Values(h), Is.Not.Empty, $"{where}: {h}");
            }

            // §8.1.1.7: the branch of every Via starts with the magic cookie.
            Assert.That(w.Values("Via"), Has.All.Match(@"^SIP/2\.0/(TCP|UDP) \S+:5060;branch=z9hG4bK[0-9a-f]+$"), where);

            // §20.14: Content-Length is the body's size in octets.
            Assert.That(int.Parse(w.Values("Content-Length").Single(), CultureInfo.InvariantCulture), Is.EqualTo(Encoding.UTF8.GetByteCount(w.Body)), where);
            string cseqMethod = w.Values("CSeq").Single().Split(' ')[1];
            if (request)
            {
                Assert.That(cseqMethod, Is.EqualTo(w.StartLine.Split(' ')[0]), $"{where}: CSeq method = request method");
                Assert.That(int.Parse(w.Values("Max-Forwards").Single(), CultureInfo.InvariantCulture), Is.EqualTo(70 - (w.Values("Via").Count() - 1)), $"{where}: Max-Forwards");
            }

            if (w.Body.Length > 0)
            {
                Assert.That(w.Values("Content-Type").Single(), Is.EqualTo("application/sdp"), where);
                Assert.That(w.Body, Does.StartWith("v=0\r\no=- "), where);
            }
        }
    }

    [Test]
    public void Branches_AreOnePerTransactionAndHop_AndTheAckOfA488RepeatsTheInvitesBranch()
    {
        var all = Sip("r01");

        // Requests of different transactions never share a top branch, except the ACK of a non-2xx (RFC 3261 §17.1.1.3).
        var topOfRequests = all.Where(x => !x.Wire.StartLine.StartsWith("SIP/", StringComparison.Ordinal) && !x.Wire.StartLine.StartsWith("ACK", StringComparison.Ordinal))
            .GroupBy(x => x.Wire.Values("Via").First()).Where(g => g.Select(x => x.Wire.Values("CSeq").Single()).Distinct().Count() > 1 || g.Select(x => x.Wire.Values("Call-ID").Single()).Distinct().Count() > 1);
        Assert.That(topOfRequests, Is.Empty, "one branch, one transaction");

        (ObservedRecord _, WireMessage rejected) = Step("r01", "7");
        WireMessage ack = all.First(x => x.Record.SentNs > Step("r01", "7").Record.SentNs && x.Wire.StartLine.StartsWith("ACK", StringComparison.Ordinal)).Wire;
        Assert.That(ack.Values("Via").Single(), Is.EqualTo(rejected.Values("Via").First()), "the hop-by-hop ACK of the 488 has the INVITE's branch at that hop");
        Assert.That(ack.Values("CSeq").Single().Split(' ')[0], Is.EqualTo(rejected.Values("CSeq").Single().Split(' ')[0]));
    }

    [Test]
    public void Step7_Is488WithWarning304FromIwfA_AndStep8PassesTheSameWarningOn()
    {
        WireMessage s7 = Step("r01", "7").Wire;
        WireMessage s8 = Step("r01", "8").Wire;
        Assert.That(s7.StartLine, Is.EqualTo("SIP/2.0 488 Not Acceptable Here"));
        Assert.That(s7.Values("Warning").Single(), Is.EqualTo("304 iwf-sms.cpm.example \"Media type not available\""));
        Assert.That(s8.Values("Warning").Single(), Is.EqualTo(s7.Values("Warning").Single()), "RFC 3261 §20.43: the warn-agent is the host that added the warning");
        Assert.That(s8.Values("Via").Count(), Is.EqualTo(s7.Values("Via").Count() - 1), "the core popped its Via");
    }

    [Test]
    public void Step12_OffersOnlyTheFile_AsAnRfc5547FileTransfer()
    {
        WireMessage s12 = Step("r01", "12").Wire;
        Assert.That(s12.StartLine, Is.EqualTo("INVITE tel:+15550100 SIP/2.0"));
        Assert.That(MediaLines(s12), Is.EqualTo(new[] { "m=message 9 TCP/MSRP *" }));
        Assert.That(s12.Body, Does.Contain("\r\na=sendonly\r\n"));
        Assert.That(s12.Body, Does.Match(@"a=file-selector:name:""[^""]+"" type:application/octet-stream size:120000\r\n"));
        Assert.That(s12.Body, Does.Match(@"a=file-transfer-id:[0-9a-f]+\r\n"));
        Assert.That(s12.Body, Does.Match(@"a=path:msrp://10\.0\.0\.1:2855/[0-9a-f]+;tcp\r\n"), "the file comes from the CPM client");
        Assert.That(s12.Values("Contact").Single(), Does.Contain("oma.cpm.filetransfer"));
        Assert.That(s12.Values("Conversation-ID").Single(), Does.Match("^[0-9a-f-]{36}$"));
        Assert.That(s12.Values("Contribution-ID").Single(), Does.Match("^[0-9a-f-]{36}$"));
    }

    [Test]
    public void Step20_AnswersBothStreamsWithPorts_ChatAtIwfA_FileAtIwfB()
    {
        WireMessage s20 = Step("r01", "20").Wire;
        Assert.That(s20.StartLine, Is.EqualTo("SIP/2.0 200 OK"));
        Assert.That(MediaLines(s20), Has.Length.EqualTo(2).And.All.Match(@"^m=message [1-9]\d* TCP/MSRP \*$"));
        Assert.That(s20.Body, Does.Contain("a=path:msrp://10.0.0.5:2855/"), "chat stays with IWF A");
        Assert.That(s20.Body, Does.Contain("a=path:msrp://10.0.0.6:2855/"), "the file goes to IWF B");
        Assert.That(s20.Body, Does.Contain("a=recvonly"), "the answer to a sendonly file offer");
        Assert.That(s20.Values("To").Single(), Does.Match(";tag=[0-9a-f]+$"));
    }

    [TestCase("r01")]
    [TestCase("controlling")]
    [TestCase("full-story")]
    public void EveryDialog_HasTwoTags_OneForEachEnd_TheSameInEveryMessage(string variant)
    {
        // RFC 3261 §12: a dialog is identified by its Call-ID and the two ends' tags. The model's tags are
        // call-state handles and two ends may hold the same number; the wire must still show two tags.
        foreach (var dialog in Sip(variant).Select(x => x.Wire).GroupBy(w => w.Values("Call-ID").Single()))
        {
            var pairs = dialog.Select(w => (From: TagOf(w.Values("From").Single()), To: TagOf(w.Values("To").Single())))
                .Where(p => p.From.Length > 0 && p.To.Length > 0).ToList();
            Assert.That(pairs, Is.Not.Empty, $"{variant} {dialog.Key}: no message with both tags");
            Assert.That(pairs, Has.None.Matches<(string From, string To)>(p => p.From == p.To), $"{variant} {dialog.Key}: From and To tags equal");
            var tags = pairs.SelectMany(p => new[] { p.From, p.To }).Distinct().ToList();
            Assert.That(tags, Has.Count.EqualTo(2), $"{variant} {dialog.Key}: tags {string.Join(", ", tags)}");
        }

        // RFC 3261 §17.1.1.3: the ACK of a non-2xx final has the INVITE's From and the response's To, at
        // every hop, whoever sends it (a proxy's own hop-by-hop ACK too).
        var all = Sip(variant).Select(x => x.Wire).ToList();
        for (int i = 0; i < all.Count; i++)
        {
            WireMessage final = all[i];
            if (!final.StartLine.StartsWith("SIP/2.0 4", StringComparison.Ordinal) || !final.Values("CSeq").Single().EndsWith("INVITE", StringComparison.Ordinal))
            {
                continue;
            }

            string branch = final.Values("Via").First();
            WireMessage? ack = all.Skip(i + 1).FirstOrDefault(w => w.StartLine.StartsWith("ACK ", StringComparison.Ordinal) && w.Values("Via").First() == branch);
            if (ack is not null)
            {
                Assert.That(ack.Values("From").Single(), Is.EqualTo(final.Values("From").Single()), $"{variant}: From of the ACK of '{final.StartLine}' at {branch}");
                Assert.That(ack.Values("To").Single(), Is.EqualTo(final.Values("To").Single()), $"{variant}: To of the ACK of '{final.StartLine}' at {branch}");
            }
        }
    }

    private static string TagOf(string fromOrTo)
    {
        int at = fromOrTo.IndexOf(";tag=", StringComparison.Ordinal);
        return at < 0 ? string.Empty : fromOrTo[(at + 5)..];
    }

    [Test]
    public void PortZero_RejectsTheFileWithAnMLineOfPortZero()
    {
        var rejected = Sip("port-zero").Where(x => x.Record.Name == "Rejected").ToList();
        Assert.That(rejected, Is.Not.Empty);
        WireMessage first = rejected[0].Wire;
        Assert.That(first.StartLine, Is.EqualTo("SIP/2.0 200 OK"));
        Assert.That(MediaLines(first), Does.Contain("m=message 0 TCP/MSRP *"), "RFC 3264 §6: a rejected stream keeps its m-line with port 0");
    }

    [Test]
    public void InitialInvite_CollectsRecordRoutes_AndTheReInviteFollowsTheRouteSet()
    {
        var all = Sip("r01");
        WireMessage toIsf = all.First(x => x.Record.FromNode == "sip-core" && x.Record.ToNode == "isf" && x.Wire.StartLine.StartsWith("INVITE", StringComparison.Ordinal)).Wire;
        Assert.That(toIsf.Values("Record-Route"), Is.EqualTo(new[] { "<sip:sip-core.cpm.example;lr>", "<sip:cpm-server.cpm.example;lr>" }), "the nearest proxy on top");
        WireMessage step2 = Step("r01", "2").Wire;
        Assert.That(step2.StartLine, Does.StartWith("INVITE sip:isf.cpm.example:5060"), "an in-dialog request goes to the remote target");
        Assert.That(step2.Values("Route"), Is.EqualTo(new[] { "<sip:cpm-server.cpm.example;lr>", "<sip:sip-core.cpm.example;lr>" }));
        Assert.That(step2.Values("To").Single(), Does.Contain(";tag="));
        Assert.That(MediaLines(step2), Has.Length.EqualTo(2));
        Assert.That(step2.Body, Does.Contain("a=path:msrp://10.0.0.1:2855/"), "RFC 3264: the offer carries the offerer's address for every stream");
        Assert.That(step2.Body, Does.Not.Contain("c=IN IP4 10.0.0.5"));
    }

    [Test]
    public void MsrpFileSend_IsChunkedBy2048Octets_EachChunkAnswered()
    {
        var msrp = Render("r01").Where(x => x.Wire.Protocol == WireProtocol.Msrp).ToList();
        WireMessage send = msrp.Single(x => x.Record.Name == "MsrpSend").Wire;
        WireMessage ok = msrp.Single(x => x.Record.Name == "MsrpOk").Wire;
        int chunks = (120_000 + 2047) / 2048;
        Assert.That(send.Pdus, Has.Count.EqualTo(chunks));
        Assert.That(ok.Pdus, Has.Count.EqualTo(chunks));
        long total = 0;
        for (int i = 0; i < chunks; i++)
        {
            string pdu = Encoding.UTF8.GetString(send.Pdus[i]);
            Match tid = TransactionLine().Match(pdu);
            Assert.That(tid.Success, Is.True, pdu[..40]);
            Match range = ByteRange().Match(pdu);
            long from = long.Parse(range.Groups[1].Value, CultureInfo.InvariantCulture), to = long.Parse(range.Groups[2].Value, CultureInfo.InvariantCulture);
            Assert.That(from, Is.EqualTo(total + 1));
            total = to;
            Assert.That(range.Groups[3].Value, Is.EqualTo("120000"));

            // RFC 4975 §7.1: the end-line repeats the transaction id; '+' continues, '$' ends the message.
            Assert.That(pdu, Does.EndWith($"-------{tid.Groups[1].Value}{(i == chunks - 1 ? '$' : '+')}\r\n"));
            Assert.That(Encoding.UTF8.GetString(ok.Pdus[i]), Does.StartWith($"MSRP {tid.Groups[1].Value} 200 OK\r\n"));
        }

        Assert.That(total, Is.EqualTo(120_000));
    }

    [Test]
    public void SmsSide_IsSmpp_SubmitAndItsResponseShareASequenceNumber_AndSegmentsCarryTheConcatenationHeader()
    {
        var smpp = Render("full-story").Where(x => x.Wire.Protocol == WireProtocol.Smpp).ToList();
        Assert.That(smpp, Is.Not.Empty);
        foreach ((ObservedRecord r, WireMessage w) in smpp)
        {
            byte[] pdu = w.Pdus.Single();
            Assert.That(ReadUInt(pdu, 0), Is.EqualTo(pdu.Length), $"{r}: command_length");
        }

        var submits = smpp.Where(x => ReadUInt(x.Wire.Pdus[0], 4) == 0x00000004).ToList();
        var responses = smpp.Where(x => ReadUInt(x.Wire.Pdus[0], 4) == 0x80000004).ToList();
        Assert.That(responses.Select(x => ReadUInt(x.Wire.Pdus[0], 12)), Is.EquivalentTo(submits.Select(x => ReadUInt(x.Wire.Pdus[0], 12))));
        var segmented = submits.Where(x => x.Wire.Text.Contains("esm_class: 0x40", StringComparison.Ordinal)).ToList();
        Assert.That(segmented, Is.Not.Empty, "the story's long chat message goes in concatenated segments");
    }

    [Test]
    public void PcapAndSipLog_SameSeed_AreByteIdentical()
    {
        byte[] Pcap() { var m = new MemoryStream(); PcapExport.Write(ReplayRunner.Run(ScenarioLoader.LoadBuiltIn("full-story")), m); return m.ToArray(); }
        string Log() { var w = new StringWriter(); SipLog.Write(ReplayRunner.Run(ScenarioLoader.LoadBuiltIn("full-story")), w); return w.ToString(); }
        byte[] first = Pcap();
        string firstLog = Log();
        Assert.That(Pcap(), Is.EqualTo(first));
        Assert.That(Log(), Is.EqualTo(firstLog));
    }

    private static long ReadUInt(byte[] b, int at) => ((long)b[at] << 24) | ((long)b[at + 1] << 16) | ((long)b[at + 2] << 8) | b[at + 3];

    [GeneratedRegex(@"^MSRP ([0-9a-f]+) SEND\r\n")]
    private static partial Regex TransactionLine();

    [GeneratedRegex(@"Byte-Range: (\d+)-(\d+)/(\d+)\r\n")]
    private static partial Regex ByteRange();
}
