using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Scenarios.Cpm;

/// <summary>Issue 13, domain: what the non-CPM side does with a file (SMS link, one MMS per file, reports after retrieval).</summary>
public class NonCpmDeliveryTests
{
    private static (ReplayResult Result, NonCpmUser User) Replay(string scenario)
    {
        BuiltScenario built = ScenarioBuilder.Build(ScenarioLoader.LoadBuiltIn(scenario), 1);
        ReplayResult result = ReplayRunner.Run(built);
        return (result, (NonCpmUser)built.Network["sms-user"]);
    }

    private static List<ObservedRecord> Sent(ReplayResult r, string from, string to, string rendering) =>
        r.Records.Where(x => x.Kind == FlowItemKind.Send && x.FromNode == from && x.ToNode == to && x.Rendering == rendering).ToList();

    [Test]
    public void IwfaAccepts_FileToTheSmsUser_IsALinkInOneShortMessage()
    {
        (ReplayResult r, NonCpmUser user) = Replay("iwfa-accepts");

        ObservedRecord conversion = r.Records.Single(x => x.Name == "converted MSRP file to SMS link");
        Assert.That(conversion.FromNode, Is.EqualTo("iwf-sms"));
        Assert.That(conversion.Rendering, Does.Contain("file (120KB) kept here; its link → 1 segment(s)"));
        Assert.That(r.Records.Any(x => x.Name == "converted MSRP to MMS"), Is.False, "an SMS IWF makes no MMS");
        Assert.That(r.Records.Where(x => x.Kind == FlowItemKind.Send && x.FromNode == "iwf-sms" && x.ToNode == "smsc").Select(x => x.Rendering), Is.EqualTo(new[] { "SMS-SUBMIT" }));
        Assert.That((user.ShortMessages, user.MultimediaMessages), Is.EqualTo((1L, 0L)));
    }

    [Test]
    public void R01_FileViaMms_OneNotificationOneMmsAndTheReportAfterRetrieval()
    {
        (ReplayResult r, NonCpmUser user) = Replay("r01");

        // The inviting message (step 15) is acknowledged but makes no MM of its own: one notification, for the file.
        Assert.That(Sent(r, "mmsc", "sms-user", "MM1_notification.REQ"), Has.Count.EqualTo(1));
        Assert.That(user.MultimediaMessages, Is.EqualTo(1));

        ObservedRecord retrieved = Sent(r, "mmsc", "sms-user", "MM1_retrieve.RES").Single();
        ObservedRecord report = Sent(r, "mmsc", "iwf-mms", "MM7_delivery_report.REQ").Single();
        ObservedRecord retrieve = Sent(r, "sms-user", "mmsc", "MM1_retrieve.REQ").Single();
        Assert.That(report.SentNs, Is.GreaterThanOrEqualTo(retrieve.ReceivedNs), "reported once the handset retrieved the MM");
        Assert.That(report.SentNs, Is.EqualTo(retrieved.SentNs));
    }
}
