using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Kinds;
using CpmSim.Scenarios.Sip;
using YamlDotNet.RepresentationModel;

namespace CpmSim.Scenarios.Scenario;

/// <summary>The <c>session:</c>, <c>recipients:</c> and <c>timers:</c> sections: what the CPM user does, whom the ISF sees subscribed to what, and the SIP timers.</summary>
internal static class SessionSection
{
    internal static readonly string[] SessionKeys = ["recipient", "chat", "chat-interval", "add-file", "file-size", "modify-after", "reattempt-on-rejection", "send-file", "release-after"];

    internal static SessionPlan ReadSession(YamlDoc doc, YamlMappingNode root)
    {
        YamlMappingNode? m = doc.Mapping(YamlDoc.Child(root, "session"), "session", SessionKeys);
        if (m is null)
        {
            doc.Error(root, "the scenario needs 'session': at least its 'recipient'.", "e.g. session: { recipient: \"tel:+15550100\" }");
            return new SessionPlan { Recipient = string.Empty };
        }

        var defaults = new SessionPlan { Recipient = string.Empty };
        return new SessionPlan
        {
            Recipient = doc.String(m, "recipient", "session", required: true) ?? string.Empty,
            ChatMessages = doc.StringList(m, "chat", "session") ?? defaults.ChatMessages,
            ChatInterval = doc.Time(m, "chat-interval", "session") ?? defaults.ChatInterval,
            AddFile = doc.Bool(m, "add-file", "session") ?? defaults.AddFile,
            FileSizeBytes = doc.Size(m, "file-size", "session") ?? defaults.FileSizeBytes,
            ModifyAfter = doc.Time(m, "modify-after", "session") ?? defaults.ModifyAfter,
            ReattemptOnRejection = doc.Bool(m, "reattempt-on-rejection", "session") ?? defaults.ReattemptOnRejection,
            SendFile = doc.Bool(m, "send-file", "session") ?? defaults.SendFile,
            ReleaseAfter = doc.Time(m, "release-after", "session") ?? defaults.ReleaseAfter,
        };
    }

    internal static Dictionary<string, IReadOnlyList<NonCpmService>> ReadRecipients(YamlDoc doc, YamlMappingNode root)
    {
        var result = new Dictionary<string, IReadOnlyList<NonCpmService>>(StringComparer.OrdinalIgnoreCase);
        if (doc.Mapping(YamlDoc.Child(root, "recipients"), "recipients") is not YamlMappingNode m)
        {
            return result;
        }

        foreach (KeyValuePair<YamlNode, YamlNode> kv in m.Children)
        {
            string address = (kv.Key as YamlScalarNode)?.Value ?? string.Empty;
            result[address] = NodeKey.ReadChoices(doc, m, address, $"recipient {address}", ScenarioRegistry.Services.ByName) ?? [];
        }

        return result;
    }

    internal static SipTimers ReadTimers(YamlDoc doc, YamlMappingNode root)
    {
        YamlMappingNode? timers = doc.Mapping(YamlDoc.Child(root, "timers"), "timers", "t1", "session-expires");
        SipTimers result = SipTimers.Default;
        if (doc.Time(timers, "t1", "timers") is SimTime t1)
        {
            if (t1 > SipTimers.MaxT1)
            {
                doc.Error(YamlDoc.Child(timers, "t1"), $"'t1' in timers is {t1}, too long: Timer B, F and H last 64·T1, which must lie within {SimTime.RangeText}, so t1 can be at most {SipTimers.MaxT1} (about 40031h).",
                    "write a shorter t1 (RFC 3261's default is 500ms).");
            }
            else
            {
                result = result with { T1 = t1 };
            }
        }

        if (doc.String(timers, "session-expires", "timers") == "none")
        {
            result = result with { SessionExpires = SimTime.Zero }; // no session timers
        }
        else if (doc.Time(timers, "session-expires", "timers") is SimTime se)
        {
            if (se < SipTimers.MinSessionExpires)
            {
                doc.Error(YamlDoc.Child(timers, "session-expires"), $"'session-expires' in timers is {se}, shorter than RFC 4028's Min-SE of {SipTimers.MinSessionExpires}.",
                    "write at least 90s (RFC 4028 recommends 1800s, the default), or none for no session timers.");
            }
            else
            {
                result = result with { SessionExpires = se };
            }
        }

        return result;
    }
}
