using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Cpm;

public class IwfBehaviourTests
{
    private static ReplayResult Run(string yaml) => ReplayRunner.Run(ScenarioLoader.Load("t.yaml", "name: t\nextends: r01\n" + yaml));

    [Test]
    public void Supports_MmsProfile_FileUpTo300KB()
    {
        IwfProfile mms = IwfProfile.Mms;

        Assert.That(mms.Supports(new MediaStream(MediaType.File, 9, CpmSim.Core.Network.NodeId.None, 300_000)), Is.True);
        Assert.That(mms.Supports(new MediaStream(MediaType.File, 9, CpmSim.Core.Network.NodeId.None, 300_001)), Is.False);
        Assert.That(mms.Supports(new MediaStream(MediaType.Chat, 9, CpmSim.Core.Network.NodeId.None)), Is.True);
        Assert.That(IwfProfile.Sms.Supports(new MediaStream(MediaType.File, 9, CpmSim.Core.Network.NodeId.None, 10)), Is.False);
    }

    [Test]
    public void Replay_FileOverTheMmsLimit_NoIwfCarriesItAndTheModificationIsRejected()
    {
        ReplayResult result = Run("session: {file-size: 400KB}\nflow: no-alternative\n");

        Assert.That(result.Session.Outcome, Is.EqualTo(SessionOutcome.FileRejected));
        Assert.That(result.Match!.Conforms, Is.True, () => result.Match.Mismatch!.ToString());
        ObservedRecord selection = result.Records.Single(r => r.Step == "10");
        Assert.That(selection.Rendering, Does.StartWith("no other IWF can carry [file(400KB)]"));
    }

    [Test]
    public void Replay_PortZeroEncoding_RejectedIsA200WithTheFileOnPort0()
    {
        ReplayResult result = Run("nodes:\n  iwf-sms: {reject-with: port-zero}\n");
        ObservedRecord seven = result.Records.Single(r => r.Step == "7");

        Assert.That((seven.Name, seven.Rendering), Is.EqualTo(("Rejected", "200")));
        Assert.That(seven.Detail, Is.EqualTo("200 [chat,file(120KB):0]"));
        // A 2xx is acknowledged end to end: the ISF's ACK goes back to IWF A after step 8.
        Assert.That(result.Records.SkipWhile(r => r.Step != "8").Any(r => r.Name == "ACK" && r.ToRole == "IwfA"), Is.True);
        Assert.That(result.Session.Outcome, Is.EqualTo(SessionOutcome.Success));
    }

    [TestCase("415", "415")]
    [TestCase("606", "606 (warning 304)")]
    public void Replay_IwfARefusesWith415Or606_IsfTreatsItAsARejectionAndReattempts(string encoding, string rendering)
    {
        // Issue 13: 415 and 606 refuse the offer as a 488 does; the ISF re-attempts through IWF B.
        ReplayResult result = Run($"nodes:\n  iwf-sms: {{reject-with: \"{encoding}\"}}\n");

        Assert.That(result.Records.Single(r => r.Step == "7").Rendering, Is.EqualTo(rendering));
        Assert.That(result.Match!.Conforms, Is.True, () => result.Match.Mismatch!.ToString());
        Assert.That(result.Records.Single(r => r.Step == "9-11" && r.Name == "rejection identified").Rendering, Does.StartWith("[file(120KB)] rejected by iwf-sms"));
        Assert.That(result.Session.Outcome, Is.EqualTo(SessionOutcome.Success));
    }

    [Test]
    public void Replay_PortZeroThenIwfBRefuses_BothDialogsKeepTheSameMLines()
    {
        // Issue 13: IWF A accepts the modification with the file on port 0, so the ISF's leg to IWF A
        // holds [chat, file:0]; when IWF B then refuses, the originator is answered 200 with the same
        // m-lines (the file on port 0), not 488, which would leave it with [chat] while IWF A has two.
        ScenarioDefinition s = ScenarioLoader.Load("t.yaml", "name: t\nextends: r01\nflow: iwfb-rejects\nnodes:\n  iwf-sms: {reject-with: port-zero}\n  mmsc: {accepts: false}\n");
        ReplayResult result = ReplayRunner.Run(s);

        ObservedRecord toOrig = result.Records.Single(r => r.Step == "23");
        Assert.That(toOrig.Detail, Is.EqualTo("200 [chat,file(120KB):0]"));
        ObservedRecord fromIwfA = result.Records.Single(r => r.Step == "7");
        Assert.That(fromIwfA.Detail, Is.EqualTo("200 [chat,file(120KB):0]"));
        Assert.That(result.Match!.Conforms, Is.True, () => result.Match.Mismatch!.ToString());
        Assert.That(result.Session.Outcome, Is.EqualTo(SessionOutcome.FileRejected));
    }

    [Test]
    public void Replay_488Encoding_CarriesWarning304()
    {
        ReplayResult result = Run(string.Empty);

        Assert.That(result.Records.Single(r => r.Step == "7").Rendering, Is.EqualTo("488 (warning 304)"));
    }

    [Test]
    public void Replay_IwfBTimerExpires_504AtExactlyTheTimerAndTheModificationIsRejected()
    {
        ReplayResult result = Run("nodes:\n  mmsc: {answers: false}\n  iwf-mms: {non-cpm-timeout: 7s}\nflow: iwfb-timeout\n");
        ObservedRecord invitation = result.Records.Single(r => r.Step == "15");
        ObservedRecord timeout = result.Records.Single(r => r.Step == "17");

        // The MMSC behind IWF B timed out, not the request: 504 Server Time-out (RFC 3261 §21.5.5), not 408.
        Assert.That(timeout.Rendering, Is.EqualTo("504"));
        Assert.That(timeout.SentNs - invitation.SentNs, Is.EqualTo(7_000_000_000));
        Assert.That(result.Session.Outcome, Is.EqualTo(SessionOutcome.FileRejected));
    }

    [Test]
    public void Replay_IwfBWaitsLongerThanTimerB_CallersWaitForIts504()
    {
        // IWF B waits 60 s, longer than the callers' Timer B (64·T1 = 32 s), but every caller on the
        // way got a 100 Trying: Timer B runs only in Calling (RFC 3261 §17.1.1.2), so the 504 ends it.
        ReplayResult result = Run("nodes:\n  mmsc: {answers: false}\n  iwf-mms: {non-cpm-timeout: 60s}\n");

        Assert.That(result.Session.Outcome, Is.EqualTo(SessionOutcome.FileRejected));
        Assert.That(result.Session.ModificationDelayNs, Is.InRange(60_000_000_000, 60_100_000_000));
        Assert.That(result.Records.Any(r => r.Name == "timer B expired"), Is.False);
    }

    [Test]
    public void Replay_IwfBWaitsLongerThanTimerC_TheCallerCancelsAndNotesTimerC()
    {
        // IWF B waits 300 s, longer than Timer C (181 s after the last provisional response, RFC 3261
        // §16.6 step 11): the client's modification, in Proceeding since its 100 Trying, is cancelled by
        // Timer C — and its trace says so, not "timer B expired".
        ReplayResult result = Run("nodes:\n  mmsc: {answers: false}\n  iwf-mms: {non-cpm-timeout: 300s}\n");

        Assert.That(result.Records.Any(r => r.Name == "timer B expired"), Is.False);
        ObservedRecord timerC = result.Records.First(r => r.Name == "timer C expired");
        Assert.That(timerC.SentNs, Is.InRange(181_000_000_000, 183_000_000_000));
        Assert.That(result.Session.Outcome, Is.EqualTo(SessionOutcome.ModificationTimeout));
    }

    [Test]
    public void Replay_ShorterT1_TimerBScalesWithIt()
    {
        // Nothing the CPM server sends leaves it: the client's INVITE stays in Calling until Timer B, 64·T1.
        ReplayResult result = Run("timers: {t1: 100ms}\nfaults:\n  - {at: 0s, for: 100s, node: cpm-server, silent: true}\n");

        Assert.That(result.Session.Outcome, Is.EqualTo(SessionOutcome.SetupTimeout));
        Assert.That(result.Records.Single(r => r.Name == "timer B expired").SentNs, Is.EqualTo(6_400_000_000));
    }

    [Test]
    public void Replay_NoAlternative_ChatSessionWithIwfAStaysUntilRelease()
    {
        ReplayResult result = ReplayRunner.Run(ScenarioLoader.LoadBuiltIn("no-alternative"));
        long rejectedAt = result.Records.Single(r => r.Step == "13").ReceivedNs;

        // After the rejection the chat dialog still stands: the release reaches IWF A and is answered.
        Assert.That(result.Records.Any(r => r.Name == "Release" && r.ToRole == "IwfA" && r.SentNs > rejectedAt), Is.True);
        Assert.That(result.Records.Any(r => r.Name == "OK" && r.FromRole == "IwfA" && r.SentNs > rejectedAt), Is.True);
        Assert.That(result.Records.Any(r => r.FromRole == "IwfB" || r.ToRole == "IwfB"), Is.False);
    }
}
