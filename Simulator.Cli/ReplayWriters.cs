using System.Globalization;
using System.Text.Json;
using CpmSim.Core.Csv;
using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Wire;
using CsvHelper;
using Spectre.Console;

namespace CpmSim.Cli;

/// <summary>Renders a replay as a terminal table, CSV or JSON.</summary>
internal static class ReplayWriters
{
    public const string CsvHeader = "step,kind,from_role,to_role,message,sip,sent_us,received_us,from_node,to_node,session";

    public static void Table(ReplayResult result, TextWriter writer, bool color)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Math.Max(console.Profile.Width, 140);
        string title = result.Scenario.Flow is { } f ? $"{result.Scenario.Name}: {f.Title}" : result.Scenario.Name;
        var table = new Table().Title(Markup.Escape(title)).Border(TableBorder.Simple);
        table.AddColumn("step");
        table.AddColumn(new TableColumn("time").RightAligned());
        table.AddColumn("from → to");
        table.AddColumn("message");
        table.AddColumn("SIP / detail");
        foreach (ObservedRecord r in result.Records)
        {
            string step = r.Step ?? string.Empty;
            string fromTo = r.Kind switch
            {
                FlowItemKind.Send => $"{r.FromRole} → {r.ToRole}",
                FlowItemKind.State => $"{r.FromRole} ↔ {r.ToRole}",
                _ => $"{r.FromRole}",
            };
            string message = r.Kind switch
            {
                FlowItemKind.Send => r.Name,
                FlowItemKind.Action => $"({r.Name})",
                _ => $"[{r.Name}]",
            };
            string style = r.Step is not null ? "bold" : "grey";
            table.AddRow(
                new Markup(Markup.Escape(step), new Style(decoration: Decoration.Bold)),
                new Text(new SimTime(r.SentNs).ToString()),
                new Markup($"[{style}]{Markup.Escape(fromTo)}[/]"),
                new Markup($"[{style}]{Markup.Escape(message)}[/]"),
                new Text(r.ReceivedNs < 0 ? r.Detail + " (lost)" : r.Detail));
        }

        console.Write(table);
        Summary(result, writer);
    }

    /// <summary>The lines under the table: conformance, outcome and the timings that matter.</summary>
    public static void Summary(ReplayResult result, TextWriter writer)
    {
        if (result.Match is FlowMatch m)
        {
            writer.WriteLine(m.Conforms
                ? $"flow {m.Flow.Name}: conforms ({m.Numbered.Count()} numbered records, {m.Flow.Sends.Count()} numbered messages)"
                : $"flow {m.Flow.Name}: DOES NOT CONFORM — {m.Mismatch}");
        }

        var s = result.Session;
        writer.WriteLine($"outcome: {s.Outcome}" + (s.FailureStatus != 0 ? $" (status {s.FailureStatus})" : string.Empty));
        if (s.EstablishedNs >= 0)
        {
            writer.WriteLine($"session request delay (INVITE → 200): {new SimTime((long)s.SessionRequestDelayNs)}");
        }

        if (s.ModificationAnsweredNs >= 0)
        {
            writer.WriteLine($"modification: sent at {new SimTime(s.ModificationSentNs)}, answered at {new SimTime(s.ModificationAnsweredNs)}: {new SimTime((long)s.ModificationDelayNs)}");
        }

        writer.WriteLine($"seed {result.Seed}, {result.EventsProcessed} events");
    }

    public static void Csv(ReplayResult result, TextWriter writer)
    {
        using CsvWriter csv = CsvWriter.Create(writer, CsvFiles.Writer, true);
        foreach (string h in CsvHeader.Split(','))
        {
            csv.WriteField(h);
        }

        csv.EndRecord();
        foreach (ObservedRecord r in result.Records)
        {
            csv.WriteField(r.Step ?? string.Empty);
            csv.WriteField(KindWord(r.Kind));
            csv.WriteField(r.FromRole);
            csv.WriteField(r.ToRole);
            csv.WriteField(r.Name);
            csv.WriteField(r.Rendering);
            csv.WriteField((r.SentNs / 1000).ToString(CultureInfo.InvariantCulture));
            csv.WriteField(r.ReceivedNs < 0 ? string.Empty : (r.ReceivedNs / 1000).ToString(CultureInfo.InvariantCulture));
            csv.WriteField(r.FromNode);
            csv.WriteField(r.ToNode);
            csv.WriteField(r.Session.ToString(CultureInfo.InvariantCulture));
            csv.EndRecord();
        }
    }

    public static void Json(ReplayResult result, TextWriter writer)
    {
        var renderer = new WireRenderer(result.Scenario, new WireAddresses(result.Scenario, result.NodeNames));
        var doc = new
        {
            scenario = result.Scenario.Name,
            seed = result.Seed,
            flow = result.Match?.Flow.Name,
            conforms = result.Match?.Conforms,
            mismatch = result.Match?.Mismatch?.ToString(),
            outcome = result.Session.Outcome.ToString(),
            modification_delay_us = result.Session.ModificationAnsweredNs < 0 ? (long?)null : (long)result.Session.ModificationDelayNs / 1000,
            records = result.Records.Select(r => new
            {
                step = r.Step,
                kind = KindWord(r.Kind),
                from_role = r.FromRole,
                to_role = r.ToRole,
                message = r.Name,
                sip = r.Rendering,
                sent_us = r.SentNs / 1000,
                received_us = r.ReceivedNs < 0 ? (long?)null : r.ReceivedNs / 1000,
                from_node = r.FromNode,
                to_node = r.ToNode,
                session = r.Session,
                wire = renderer.Render(r) is WireMessage w ? new
                {
                    protocol = w.Protocol.ToString().ToUpperInvariant(),
                    transport = w.Udp ? "UDP" : "TCP",
                    start_line = w.StartLine,
                    headers = w.Headers.Select(h => new { name = h.Key, value = h.Value }),
                    body = w.Body,
                    text = w.Text,
                } : null,
            }),
        };
        writer.WriteLine(JsonSerializer.Serialize(doc, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string KindWord(FlowItemKind kind) => kind switch
    {
        FlowItemKind.Send => "send",
        FlowItemKind.Action => "action",
        _ => "state",
    };
}
