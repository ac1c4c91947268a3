using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Wire;

namespace CpmSim.Tests.Scenarios.Wire;

/// <summary>Messages of a non-CPM service registered from outside, whose protocol the renderer does not know.</summary>
public sealed class NonCpmTextTests
{
    private static readonly NonCpmService Fax = new("test-fax", "fax", "test-fax-gateway", p => p == NonCpmPurpose.Ack ? "T.30 CFR" : "T.30 DCS");

    private static NonCpmText Text()
    {
        ScenarioDefinition s = ScenarioLoader.LoadBuiltIn("r01");
        return new NonCpmText(new WireAddresses(s, [.. s.Nodes.Select(n => n.Name)]));
    }

    [Test]
    public void Render_RegisteredServiceSubmission_IsAnHttpPostNamingTheMessage()
    {
        var m = new NonCpmMessage { Service = Fax, Purpose = NonCpmPurpose.Content, Recipient = "tel:+15550100", Reference = 3, PayloadBytes = 50_000 };

        WireMessage w = Text().Render(m, "iwf-sms", "smsc", toIsCentre: true, fromIsCentre: false);

        Assert.That(w.Protocol, Is.EqualTo(WireProtocol.Http));
        Assert.That(w.StartLine, Is.EqualTo("POST /noncpm/test-fax HTTP/1.1"));
        Assert.That(w.Body, Does.StartWith("T.30 DCS\r\n").And.Contain("Octets: 50000"));
        Assert.That(w.Server, Is.EqualTo("smsc"));
    }

    [Test]
    public void Render_RegisteredServiceAck_IsTheHttpAnswer()
    {
        var m = new NonCpmMessage { Service = Fax, Purpose = NonCpmPurpose.Ack };

        WireMessage w = Text().Render(m, "smsc", "iwf-sms", toIsCentre: false, fromIsCentre: true);

        Assert.That(w.StartLine, Is.EqualTo("HTTP/1.1 200 OK"));
        Assert.That(w.Server, Is.EqualTo("smsc"));
    }
}
