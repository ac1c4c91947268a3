using CpmSim.Core.Tracing.Charts;
using CpmSim.Scenarios.Replay;

namespace CpmSim.Cli;

/// <summary>Sequence-chart output of a replay (Mermaid, PlantUML, SVG).</summary>
internal static class ReplayCharts
{
    public static void Write(ReplayResult result, string format, TextWriter writer)
    {
        SequenceChart chart = ReplayChart.From(result);
        switch (format)
        {
            case "mermaid":
                MermaidWriter.Write(chart, writer);
                break;
            case "plantuml":
                PlantUmlWriter.Write(chart, writer);
                break;
            default:
                new SvgSequenceWriter { MeasureText = SkiaText.Width }.Write(chart, writer);
                writer.WriteLine();
                break;
        }
    }
}
