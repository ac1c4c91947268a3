using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Cli;

/// <summary>
/// The pcap export read by an independent implementation of SIP, SDP, MSRP, HTTP/MM7 and SMPP: Wireshark's
/// dissectors through tshark (installed by the project's .ci/tshark when missing; Inconclusive when it cannot be).
/// </summary>
[NonParallelizable]
public sealed partial class PcapTsharkTests : CliTestFixture
{
    private static string? _tshark;

    private const string UdpScenario = "extends: r01\nname: r01-udp\ntransport: udp\n";

    [TestCase("r01")]
    [TestCase("full-story")]
    [TestCase("port-zero")]
    [TestCase("controlling")]
    [TestCase("pre-r01")]
    [TestCase("iwfb-timeout")]
    [TestCase("udp")]
    public void Pcap_IsDissectedCleanly_AndEverySipMessageIsWhatTheTraceSays(string variant)
    {
        string tshark = Tshark();
        string pcap = Path.Combine(TempDir, variant + ".pcap");
        ScenarioDefinition scenario;
        (int code, string output, string err) r;
        if (variant == "udp")
        {
            string file = Path.Combine(TempDir, "r01-udp.yaml");
            File.WriteAllText(file, UdpScenario);
            r = Run("replay", file, "--format", "pcap", "--out", pcap);
            scenario = ScenarioLoader.LoadFile(file);
        }
        else
        {
            r = Run("replay", "--variant", variant, "--format", "pcap", "--out", pcap);
            scenario = ScenarioLoader.LoadBuiltIn(variant);
        }

        Assert.That(r.code, Is.EqualTo(0), r.err);
        Assert.That(r.output, Does.Contain($"wrote pcap to {pcap}"));
        ReplayResult trace = ReplayRunner.Run(scenario);
        var sip = trace.Records.Where(x => x.Kind == FlowItemKind.Send && x.Payload is SipMessage).ToList();

        // No malformed packet, no expert warning or error (a note is allowed: Wireshark does not know CPM's headers).
        string bad = Lines(tshark, "-r", pcap, "-Y", "_ws.malformed || _ws.expert.severity >= warning").Trim();
        Assert.That(bad, Is.Empty, "malformed or expert warnings/errors");

        // Every SIP message dissected as SIP, in the trace's order, with the trace's method or status and Call-ID.
        string transport = variant == "udp" ? "udp" : "tcp";
        var seen = Lines(tshark, "-r", pcap, "-Y", $"sip && {transport}", "-T", "fields", "-E", "separator=|", "-e", "sip.Method", "-e", "sip.Status-Code", "-e", "sip.Call-ID")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var expected = sip.OrderBy(x => x.SentNs).Select(x => x.Payload switch
        {
            SipRequest q => $"{SipRequest.KindOf(q.Method, false)}||{q.CallId}@cpm.example",
            SipResponse s => $"|{s.Status}|{s.CallId}@cpm.example",
            _ => "?",
        }).ToList();
        Assert.That(seen.OrderBy(x => x, StringComparer.Ordinal), Is.EqualTo(expected.OrderBy(x => x, StringComparer.Ordinal)), "the SIP messages, as a multiset");
        Assert.That(seen, Has.Count.EqualTo(sip.Count));

        // tshark -z sip,stat counts equal the trace's.
        string stat = Lines(tshark, "-r", pcap, "-q", "-z", "sip,stat");
        Assert.That(Count(stat, @"Number of SIP messages: (\d+)"), Is.EqualTo(sip.Count), stat);
        foreach (var g in sip.Select(x => x.Payload).OfType<SipRequest>().GroupBy(q => SipRequest.KindOf(q.Method, false)))
        {
            Assert.That(Count(stat, $@"\b{g.Key}\s+:\s+(\d+) Packets"), Is.EqualTo(g.Count()), $"{g.Key} in {stat}");
        }

        foreach (var g in sip.Select(x => x.Payload).OfType<SipResponse>().GroupBy(s => s.Status))
        {
            Assert.That(Count(stat, $@"SIP {g.Key} [^:]*:\s+(\d+) Packets"), Is.EqualTo(g.Count()), $"{g.Key} in {stat}");
        }

        // The dialogs (as Wireshark's call list groups them: by Call-ID) are the trace's.
        var calls = Lines(tshark, "-r", pcap, "-Y", "sip.Method == \"INVITE\"", "-T", "fields", "-e", "sip.Call-ID").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.That(calls, Is.EquivalentTo(sip.Select(x => x.Payload).OfType<SipRequest>().Where(q => q.Method == SipMethod.Invite).Select(q => $"{q.CallId}@cpm.example").ToHashSet()));

        // SDP: as many media lines as the trace's bodies have streams, and every file stream's selector parsed.
        var media = Lines(tshark, "-r", pcap, "-Y", "sdp", "-T", "fields", "-e", "sdp.media").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(l => l.Split(',')).ToList();
        var streams = sip.Select(x => ((SipMessage)x.Payload!).Body).Where(b => !b.IsNone).SelectMany(b => b.Streams).ToList();
        Assert.That(media, Has.Count.EqualTo(streams.Count));
        Assert.That(media.Where(m => m.EndsWith(" 0 TCP/MSRP *", StringComparison.Ordinal)).Count(), Is.EqualTo(streams.Count(s => s.IsRejected)));
        var selectors = Lines(tshark, "-r", pcap, "-Y", "sdp", "-T", "fields", "-e", "sdp.media_attr").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(l => l.Split(',')).Where(a => a.StartsWith("file-selector:", StringComparison.Ordinal)).ToList();
        Assert.That(selectors, Has.Count.EqualTo(streams.Count(s => s.Type == MediaType.File)));
        Assert.That(selectors, Has.All.Match(@"^file-selector:name:""[^""]+"" type:application/octet-stream size:\d+$"));
    }

    [Test]
    public void Pcap_CarriesMsrpMm7AndSmppAsTheirOwnProtocols()
    {
        string tshark = Tshark();
        string pcap = Path.Combine(TempDir, "story.pcap");
        Assert.That(Run("replay", "--variant", "full-story", "--format", "pcap", "--out", pcap).Code, Is.EqualTo(0));
        string msrp = Lines(tshark, "-r", pcap, "-Y", "msrp", "-T", "fields", "-e", "msrp.method", "-e", "msrp.status.code");
        Assert.That(msrp, Does.Contain("SEND"));
        Assert.That(msrp, Does.Contain("200"));
        string http = Lines(tshark, "-r", pcap, "-Y", "http.request.method == \"POST\" && xml", "-T", "fields", "-e", "http.request.uri");
        Assert.That(http, Does.Contain("/mm7"));
        string mmse = Lines(tshark, "-r", pcap, "-Y", "mmse", "-T", "fields", "-e", "mmse.message_type");
        Assert.That(mmse.Trim(), Is.Not.Empty, "the MM1 notification is dissected as MMS encapsulation");
        string smpp = Lines(tshark, "-r", pcap, "-Y", "smpp", "-T", "fields", "-e", "smpp.command_id");
        Assert.That(smpp, Does.Contain("0x00000004").And.Contain("0x80000004"));

        // Time 0 of the simulation is 2000-01-01T00:00:00Z; the first frame is the INVITE's at virtual time 0.
        string first = Lines(tshark, "-r", pcap, "-c", "1", "-T", "fields", "-e", "frame.time_epoch").Trim();
        Assert.That(double.Parse(first, CultureInfo.InvariantCulture), Is.EqualTo(946684800.0));
    }

    [Test]
    public void Run_PcapSessions_CapturesThatManySampledSessionsCleanly()
    {
        string tshark = Tshark();
        string pcap = Path.Combine(TempDir, "load.pcap");
        (int code, string output, string err) = Run("run", "--variant", "load-r01", "--sessions", "400", "--pcap", pcap, "--pcap-sessions", "3", "--no-plots");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(output, Does.Contain($"wrote the messages of 3 sampled session(s) (100, 200, 300) of replication 0 to {pcap}"));
        Assert.That(Lines(tshark, "-r", pcap, "-Y", "_ws.malformed || _ws.expert.severity >= warning").Trim(), Is.Empty);
        var callIds = Lines(tshark, "-r", pcap, "-Y", "sip", "-T", "fields", "-e", "sip.Call-ID").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var sessions = callIds.Select(c => CallSession().Match(c).Groups[1].Value).ToHashSet();
        Assert.That(sessions, Is.EquivalentTo(new[] { "100", "200", "300" }), string.Join(", ", callIds));

        // Each captured session is a whole flow (r01 is more than 20 SIP messages), not a fragment.
        string stat = Lines(tshark, "-r", pcap, "-q", "-z", "sip,stat");
        Assert.That(Count(stat, @"Number of SIP messages: (\d+)"), Is.GreaterThan(3 * 20), stat);
    }

    [Test]
    public void Run_PcapInAMissingFolder_IsBadInputBeforeTheRun()
    {
        (int code, string output, string err) = Run("run", "--variant", "load-r01", "--sessions", "400", "--pcap", Path.Combine(TempDir, "nope", "x.pcap"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(err, Does.Contain("does not exist"));
        Assert.That(output, Does.Not.Contain("replication"), "refused before running");
        (code, _, err) = Run("run", "--variant", "load-r01", "--sessions", "400", "--pcap", Path.Combine(TempDir, "x.pcap"), "--pcap-sessions", "0");
        Assert.That(code, Is.EqualTo(2), err);
    }

    [GeneratedRegex(@"^s(\d+)-")]
    private static partial Regex CallSession();

    [Test]
    public void Replay_PcapWithoutOutOrInAMissingFolder_IsBadInput()
    {
        (int code, _, string err) = Run("replay", "--variant", "r01", "--format", "pcap");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(err, Does.Contain("--out FILE"));
        string missing = Path.Combine(TempDir, "no-such-folder", "x.pcap");
        (code, _, err) = Run("replay", "--variant", "r01", "--format", "pcap", "--out", missing);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("does not exist"));
        Assert.That(File.Exists(missing), Is.False);
    }

    private static int Count(string text, string pattern)
    {
        Match m = Regex.Match(text, pattern);
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>tshark, installed by the project's script when missing; Inconclusive only when it cannot be.</summary>
    private static string Tshark()
    {
        if (_tshark is not null)
        {
            return _tshark;
        }

        string? root = TestContext.CurrentContext.TestDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "CpmSim.sln")))
        {
            root = Path.GetDirectoryName(root);
        }

        Assert.That(root, Is.Not.Null, "the repository root (CpmSim.sln) is above the test directory");
        string script = Path.Combine(root!, ".ci", "tshark");
        (int exit, string output, string error) = Exec("bash", script);
        if (exit != 0)
        {
            Assert.Inconclusive($"tshark is not available and {script} could not install it: {error.Trim()}");
        }

        _tshark = output.Trim().Split('\n')[^1];
        return _tshark;
    }

    private static string Lines(string tshark, params string[] args)
    {
        (int exit, string output, string error) = Exec(tshark, args);
        Assert.That(exit, Is.EqualTo(0), $"tshark {string.Join(' ', args)}: {error}");
        return output.Replace("\r", string.Empty, StringComparison.Ordinal);
    }
}
