using System.Text;

namespace CpmSim.Core.Tracing.Charts;

/// <summary>
/// Writes a Mermaid <c>sequenceDiagram</c>, e.g.
/// <code>
/// sequenceDiagram
///     participant P0 as Orig
///     participant P1 as Srv
///     P0->>P1: 2. Modification (re-INVITE)
///     P1-->>P0: 100 Trying
///     Note over P2: 9-11. interworking selection
///     Note over P0,P5: 23. session [file]
/// </code>
/// Participants get safe ids (P0, P1, ...); text is escaped with Mermaid entity codes.
/// </summary>
public static class MermaidWriter
{
    public static void Write(SequenceChart chart, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(writer);
        IReadOnlyDictionary<string, string> id = chart.ParticipantIds();
        writer.WriteLine("sequenceDiagram");
        if (chart.Title.Length > 0)
        {
            writer.WriteLine($"    title {Escape(chart.Title)}");
        }

        foreach (string p in chart.Participants)
        {
            writer.WriteLine($"    participant {id[p]} as {Escape(p)}");
        }

        foreach (ChartItem item in chart.Items)
        {
            switch (item.Kind)
            {
                case ChartItemKind.Arrow:
                    string arrow = item.Lost ? "-x" : item.Dashed ? "-->>" : "->>";
                    writer.WriteLine($"    {id[item.From]}{arrow}{id[item.To]}: {Escape(item.Label)}{(item.Lost ? " (lost)" : string.Empty)}");
                    break;
                case ChartItemKind.Note:
                    writer.WriteLine($"    Note over {id[item.From]}: {Escape(item.Label)}");
                    break;
                default:
                    writer.WriteLine($"    Note over {id[item.From]},{id[item.To]}: {Escape(item.Label)}");
                    break;
            }
        }
    }

    /// <summary>Escapes what Mermaid's sequence grammar treats specially (;, #, :, line breaks, angle brackets).</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            sb.Append(c switch
            {
                '#' => "#35;",
                ';' => "#59;",
                ':' => "#58;",
                '<' => "#lt;",
                '>' => "#gt;",
                '\r' or '\n' => " ",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }
}
