namespace CpmSim.Core.Tracing.Charts;

/// <summary>
/// Writes a PlantUML sequence diagram, e.g.
/// <code>
/// @startuml
/// participant "Orig" as P0
/// P0 -> P1 : 2. Modification (re-INVITE)
/// P1 --> P0 : 100 Trying
/// note over P2 : 9-11. interworking selection
/// @enduml
/// </code>
/// </summary>
public static class PlantUmlWriter
{
    public static void Write(SequenceChart chart, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(writer);
        IReadOnlyDictionary<string, string> id = chart.ParticipantIds();
        writer.WriteLine("@startuml");
        if (chart.Title.Length > 0)
        {
            writer.WriteLine($"title {Clean(chart.Title)}");
        }

        foreach (string p in chart.Participants)
        {
            writer.WriteLine($"participant \"{Clean(p).Replace("\"", "'", StringComparison.Ordinal)}\" as {id[p]}");
        }

        foreach (ChartItem item in chart.Items)
        {
            switch (item.Kind)
            {
                case ChartItemKind.Arrow:
                    string arrow = item.Lost ? "->x" : item.Dashed ? "-->" : "->";
                    writer.WriteLine($"{id[item.From]} {arrow} {id[item.To]} : {Clean(item.Label)}{(item.Lost ? " (lost)" : string.Empty)}");
                    break;
                case ChartItemKind.Note:
                    writer.WriteLine($"note over {id[item.From]} : {Clean(item.Label)}");
                    break;
                default:
                    writer.WriteLine($"note over {id[item.From]}, {id[item.To]} : {Clean(item.Label)}");
                    break;
            }
        }

        writer.WriteLine("@enduml");
    }

    private static string Clean(string text) => text.Replace('\r', ' ').Replace('\n', ' ');
}
