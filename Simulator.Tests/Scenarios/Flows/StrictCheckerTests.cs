using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Flows;

/// <summary>Strict conformance: the ACKs, provisional responses, SDP and teardown that go with a flow, and mutations of a good trace that must fail at the right step.</summary>
public sealed class StrictCheckerTests
{
    private static ReplayResult R01() => ReplayRunner.Run(ScenarioLoader.LoadBuiltIn("r01"));

    private static IReadOnlyList<StrictViolation> Check(ReplayResult r, IEnumerable<ObservedRecord> records) => StrictChecker.Check(r.Match!.Flow, [.. records]);

    [TestCaseSource(typeof(BuiltIn), nameof(BuiltIn.ScenarioNames))]
    public void EveryBuiltInScenario_PassesStrictChecking(string name)
    {
        ReplayResult r = ReplayRunner.Run(ScenarioLoader.LoadBuiltIn(name));
        Assume.That(r.Match, Is.Not.Null);
        Assert.That(r.StrictViolations(), Is.Empty);
    }

    [Test]
    public void R01Flow_IsStrictAndStatesTheSeedsSdpExpectations()
    {
        FlowDefinition flow = R01().Match!.Flow;
        Assert.That(flow.Strict && flow.Teardown, Is.True);
        Assert.That(flow.Steps.Single(s => s.Step == "12").Sdp, Is.EqualTo(new[] { "file" }), "step 12's INVITE offers only the file");
        Assert.That(flow.Steps.Single(s => s.Step == "20").Sdp, Is.EqualTo(new[] { "chat", "file" }), "step 20's 200 answers both streams, neither at port 0");
        Assert.That(flow.Steps.Single(s => s.Step == "7").Rejects, Is.EqualTo(new[] { "file" }));
    }

    [Test]
    public void MissingAck_OfThe488_FailsAtStep7()
    {
        ReplayResult r = R01();
        ObservedRecord s7 = r.Records.Single(x => x.Step == "7");
        ObservedRecord ack = r.Records.First(x => x.SentNs >= s7.ReceivedNs && x.Payload is SipRequest { Method: SipMethod.Ack } && x.FromNode == s7.ToNode && x.ToNode == s7.FromNode);
        IReadOnlyList<StrictViolation> v = Check(r, r.Records.Where(x => !ReferenceEquals(x, ack)));
        Assert.That(v.Select(x => x.Step), Is.EqualTo(new[] { "7" }));
        Assert.That(v[0].Message, Does.Contain("the 488 IwfA → Core").And.Contain("never acknowledged").And.Contain("§17.1.1.3"));
    }

    [Test]
    public void MissingAck_OfThe200ToTheModification_FailsAtStep22()
    {
        ReplayResult r = R01();
        ObservedRecord s22 = r.Records.Single(x => x.Step == "22");
        IReadOnlyList<StrictViolation> v = Check(r, r.Records.Where(x => !(x.Payload is SipRequest { Method: SipMethod.Ack } && x.FromRole == "Orig" && x.SentNs >= s22.ReceivedNs)));
        Assert.That(v.Select(x => x.Step), Is.EqualTo(new[] { "22" }));
        Assert.That(v[0].Message, Does.Contain("the 200 Srv → Orig"));
    }

    [Test]
    public void MissingBye_OfTheNewSessionWithIwfB_FailsAtStep18()
    {
        ReplayResult r = R01();
        CallId iwfb = ((SipMessage)r.Records.Single(x => x.Step == "18").Payload!).CallId;
        IReadOnlyList<StrictViolation> v = Check(r, r.Records.Where(x => !(x.Payload is SipRequest { Method: SipMethod.Bye } b && b.CallId == iwfb)));
        Assert.That(v.Select(x => x.Step), Is.EqualTo(new[] { "18" }));
        Assert.That(v[0].Message, Does.Contain($"the dialog {iwfb}").And.Contain("never released: no BYE"));
    }

    [Test]
    public void WrongMLineCount_InStep12_FailsAtStep12()
    {
        ReplayResult r = R01();
        IReadOnlyList<StrictViolation> v = Check(r, r.Records.Select(x =>
        {
            if (x.Step != "12")
            {
                return x;
            }

            SipRequest copy = ((SipRequest)x.Payload!).Copy(null);
            copy.Body = Sdp.Of(new MediaStream(MediaType.Chat, 9, copy.Contact), copy.Body[0]);
            return x with { Payload = copy };
        }));
        Assert.That(v.Select(x => x.Step), Is.EqualTo(new[] { "12" }));
        Assert.That(v[0].Message, Does.Contain("expected SDP m-lines [file], saw [chat, file]"));
    }

    [Test]
    public void A488WithoutWarning_FailsTheRejectionAtStep7()
    {
        ReplayResult r = R01();
        IReadOnlyList<StrictViolation> v = Check(r, r.Records.Select(x =>
        {
            if (x.Step != "7")
            {
                return x;
            }

            SipResponse copy = ((SipResponse)x.Payload!).Copy(null);
            copy.Warning = 0;
            return x with { Payload = copy };
        }));
        Assert.That(v.Select(x => x.Step), Is.EqualTo(new[] { "7" }));
        Assert.That(v[0].Message, Does.Contain("saw 488 without a Warning"));
    }

    [Test]
    public void MissingTrying_FromTheCoreAtStep3_FailsAtStep3()
    {
        ReplayResult r = R01();
        ObservedRecord s3 = r.Records.Single(x => x.Step == "3");
        IReadOnlyList<StrictViolation> v = Check(r, r.Records.Where(x => !(x.Payload is SipResponse { Status: 100 } && x.FromNode == s3.ToNode && x.ToNode == s3.FromNode && x.SentNs >= s3.ReceivedNs && x.SentNs < s3.ReceivedNs + 1_000_000)));
        Assert.That(v.Select(x => x.Step), Is.EqualTo(new[] { "3" }));
        Assert.That(v[0].Message, Does.Contain("expected a 100 Trying from Core"));
    }

    [Test]
    public void PortZero_RejectsTheFileAsA200WithPortZero_AndPasses()
    {
        ReplayResult r = ReplayRunner.Run(ScenarioLoader.LoadBuiltIn("port-zero"));
        var s7 = (SipResponse)r.Records.Single(x => x.Step == "7").Payload!;
        Assert.That(s7.Status, Is.EqualTo(200));
        Assert.That(s7.Body.Streams.Single(s => s.Type == MediaType.File).IsRejected, Is.True);
        Assert.That(r.StrictViolations(), Is.Empty);
    }

    [TestCase("sdp: [chat, fiel]", "sdp names 'fiel', which is not an m-line")]
    [TestCase("rejects: [files]", "rejects names 'files', which is not a media type")]
    [TestCase("warning: 99", "warning")]
    public void BadExpectation_IsAFileError(string key, string message)
    {
        string flow = "name: f\nroles: [A, B]\nsteps:\n  - {step: 1, send: Invitation, from: A, to: B, " + key + "}\n";
        var e = Assert.Throws<FileErrorException>(() => FlowLoader.Load("f.yaml", flow));
        Assert.That(e!.Message, Does.Contain(message));
        Assert.That(e.Message, Does.StartWith("f.yaml:4:"));
    }

    [Test]
    public void ExpectationOnAnAction_IsAFileError()
    {
        string flow = "name: f\nroles: [A]\nsteps:\n  - {step: 1, action: think, at: A, sdp: [chat]}\n";
        var e = Assert.Throws<FileErrorException>(() => FlowLoader.Load("f.yaml", flow));
        Assert.That(e!.Message, Does.Contain("is not a message"));
    }
}
