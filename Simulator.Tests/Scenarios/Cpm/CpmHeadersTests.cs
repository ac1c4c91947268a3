using CpmSim.Core.Tracing;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Cpm;

/// <summary>
/// Issue 13: the Conversation-ID, Contribution-ID and originator identity (P-Asserted-Identity, asserted
/// by the originating CPM server) reach IWF B on the ISF's new invitation, and IWF B makes the
/// originator the sender of what it submits.
/// </summary>
public class CpmHeadersTests
{
    [TestCase("r01")]
    [TestCase("controlling")]
    public void Reattempt_InvitationToIwfB_CarriesTheOriginatorsCpmHeaders(string scenario)
    {
        BuiltScenario built = ScenarioBuilder.Build(ScenarioLoader.LoadBuiltIn(scenario), 1);
        var sink = new Capture();
        built.Network.Tracer = new Tracer(sink);
        built.Client.StartSession(1, built.Definition.Session);
        built.Simulation.Run();

        CpmHeaders fromClient = sink.Invites.First(i => i.From == "cpm-client").Headers;
        Assert.That(fromClient.ConversationId, Is.Not.Zero);
        Assert.That(fromClient.AssertedIdentity, Is.Null, "a user agent does not assert its own identity");
        CpmHeaders atIwfB = sink.Invites.Single(i => i.To == "iwf-mms").Headers;
        Assert.That(atIwfB, Is.EqualTo(fromClient with { AssertedIdentity = "sip:alice@cpm.example" }));
        Assert.That(sink.Invites.Single(i => i.To == "iwf-sms" && !i.InDialog).Headers, Is.EqualTo(atIwfB));
        Assert.That(sink.Invites.Single(i => i.To == "iwf-sms" && i.InDialog).Headers, Is.EqualTo(atIwfB), "the modification carries them too");
        Assert.That(sink.Submissions.Distinct(), Is.EqualTo(new[] { "sip:alice@cpm.example" }), "the MMS sender is the CPM originator");
    }

    private sealed class Capture : ITraceSink
    {
        public List<(string From, string To, bool InDialog, CpmHeaders Headers)> Invites { get; } = [];

        public List<string?> Submissions { get; } = [];

        public void Record(TraceRecord record)
        {
            if (record.Kind != TraceKind.Send)
            {
                return;
            }

            if (record.Payload is SipRequest { Method: SipMethod.Invite, IsRetransmission: false } r)
            {
                Invites.Add((record.From, record.To, r.InDialog, r.Cpm));
            }
            else if (record.Payload is NonCpmMessage { Purpose: NonCpmPurpose.Invitation or NonCpmPurpose.Content } m && record.To == "mmsc")
            {
                Submissions.Add(m.Originator);
            }
        }
    }
}
