using System.Globalization;
using CpmSim.Scenarios.Files;
using YamlDotNet.RepresentationModel;

namespace CpmSim.Scenarios.Flows;

/// <summary>
/// Reads expected flows from YAML. Each step is one of
/// <c>{step: 2, send: Modification, from: Orig, to: Srv}</c>,
/// <c>{step: 9-11, action: rejection identified, at: Isf}</c>,
/// <c>{step: 1, state: session, between: [Orig, IwfA], media: [chat]}</c>; <c>text</c> quotes the standard.
/// </summary>
public static class FlowLoader
{
    private static readonly string[] TopKeys = ["name", "title", "roles", "steps", "strict", "teardown"];
    private static readonly string[] StepKeys = ["step", "send", "action", "state", "from", "to", "at", "between", "media", "text", "sdp", "warning", "provisional", "rejects"];
    private static readonly string[] SdpWords = ["chat", "file", "audio", "video", "chat:0", "file:0", "audio:0", "video:0"];

    public static FlowDefinition Load(string file, string text)
    {
        YamlDoc doc = YamlDoc.Parse(file, text);
        FlowDefinition? flow = Read(doc, doc.Root);
        doc.ThrowIfErrors();
        return flow!;
    }

    /// <summary>Reads a flow from a YAML node (a flow file's root, or a scenario's inline <c>flow:</c>), recording errors in <paramref name="doc"/>.</summary>
    public static FlowDefinition? Read(YamlDoc doc, YamlNode? node)
    {
        ArgumentNullException.ThrowIfNull(doc);
        YamlMappingNode? map = doc.Mapping(node, "the flow", TopKeys);
        if (map is null)
        {
            doc.Error(node, "a flow must be a mapping with name, roles and steps.");
            return null;
        }

        string name = doc.String(map, "name", "the flow", required: true) ?? "?";
        List<string> roles = doc.StringList(map, "roles", "the flow") ?? [];
        if (roles.Count == 0)
        {
            doc.Error(map, "the flow needs 'roles': the list of roles its steps use.", "e.g. roles: [Orig, Srv, Core, Isf, IwfA, IwfB, NonCpm]");
        }

        var steps = new List<FlowStep>();
        if (YamlDoc.Child(map, "steps") is not YamlSequenceNode seq)
        {
            doc.Error(map, "the flow needs 'steps': a list of sends, actions and states.");
        }
        else
        {
            foreach (YamlNode item in seq)
            {
                if (ReadStep(doc, item, roles) is FlowStep s)
                {
                    steps.Add(s);
                }
            }
        }

        return new FlowDefinition
        {
            Name = name,
            Title = doc.String(map, "title", "the flow") ?? string.Empty,
            Roles = roles,
            Steps = steps,
            Strict = doc.Bool(map, "strict", "the flow") ?? false,
            Teardown = doc.Bool(map, "teardown", "the flow") ?? false,
        };
    }

    private static FlowStep? ReadStep(YamlDoc doc, YamlNode item, List<string> roles)
    {
        YamlMappingNode? m = doc.Mapping(item, "a flow step", StepKeys);
        if (m is null)
        {
            return null;
        }

        string where = $"{doc.File}:{item.Start.Line.ToString(CultureInfo.InvariantCulture)}:{item.Start.Column.ToString(CultureInfo.InvariantCulture)}";
        string? label = doc.String(m, "step", "a flow step", required: true);
        string? send = doc.String(m, "send", "a flow step");
        string? action = doc.String(m, "action", "a flow step");
        string? state = doc.String(m, "state", "a flow step");
        int kinds = (send is null ? 0 : 1) + (action is null ? 0 : 1) + (state is null ? 0 : 1);
        if (kinds != 1)
        {
            doc.Error(item, $"step {label} must have exactly one of 'send', 'action' or 'state'.", "e.g. {step: 2, send: Modification, from: Orig, to: Srv}");
            return null;
        }

        string text = doc.String(m, "text", "a flow step") ?? string.Empty;
        string? from;
        string? to;
        FlowItemKind kind;
        if (send is not null)
        {
            kind = FlowItemKind.Send;
            from = doc.String(m, "from", $"step {label}", required: true);
            to = doc.String(m, "to", $"step {label}", required: true);
        }
        else if (action is not null)
        {
            kind = FlowItemKind.Action;
            from = to = doc.String(m, "at", $"step {label}", required: true);
        }
        else
        {
            kind = FlowItemKind.State;
            List<string>? between = doc.StringList(m, "between", $"step {label}");
            if (between is not { Count: 2 })
            {
                doc.Error(m, $"state step {label} needs 'between: [RoleA, RoleB]'.");
                return null;
            }

            (from, to) = (between[0], between[1]);
        }

        foreach (string? role in new[] { from, to })
        {
            if (role is not null && roles.Count > 0 && !roles.Contains(role))
            {
                string? near = YamlDoc.Suggest(role, roles);
                doc.Error(m, $"step {label} names role '{role}', which is not in the flow's roles.", near is null ? $"roles: {string.Join(", ", roles)}." : $"did you mean '{near}'?");
            }
        }

        if (from is null || to is null || label is null)
        {
            return null;
        }

        List<string>? sdp = doc.StringList(m, "sdp", $"step {label}");
        foreach (string word in sdp ?? [])
        {
            if (!SdpWords.Contains(word))
            {
                string? near = YamlDoc.Suggest(word, SdpWords);
                doc.Error(YamlDoc.Child(m, "sdp"), $"step {label}: sdp names '{word}', which is not an m-line.", near is null ? "write chat, file, audio or video, with ':0' for a port-0 (rejected) stream, e.g. sdp: [chat, file:0]" : $"did you mean '{near}'?");
            }
        }

        List<string>? rejects = doc.StringList(m, "rejects", $"step {label}");
        foreach (string word in rejects ?? [])
        {
            if (!SdpWords.Take(4).Contains(word))
            {
                string? near = YamlDoc.Suggest(word, SdpWords.Take(4));
                doc.Error(YamlDoc.Child(m, "rejects"), $"step {label}: rejects names '{word}', which is not a media type.", near is null ? "write chat, file, audio or video, e.g. rejects: [file]" : $"did you mean '{near}'?");
            }
        }

        int? warning = (int?)doc.Integer(m, "warning", $"step {label}", 300, 399);
        int? provisional = (int?)doc.Integer(m, "provisional", $"step {label}", 100, 199);
        if (kind != FlowItemKind.Send && (sdp is not null || warning is not null || provisional is not null || rejects is not null))
        {
            doc.Error(m, $"step {label} is not a message: 'sdp', 'warning', 'provisional' and 'rejects' are expectations on a sent message.", "move them to a 'send' step");
        }

        return new FlowStep
        {
            Step = label,
            Kind = kind,
            Name = send ?? action ?? state!,
            From = from,
            To = to,
            Media = doc.StringList(m, "media", $"step {label}") ?? [],
            Sdp = sdp,
            Warning = warning,
            Provisional = provisional,
            Rejects = rejects,
            Description = text,
            Location = where,
        };
    }
}
