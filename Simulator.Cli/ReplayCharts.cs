using CpmSim.Scenarios.Replay;

namespace CpmSim.Cli;

/// <summary>Sequence-chart output of a replay (Mermaid, PlantUML, SVG).</summary>
internal static class ReplayCharts
{
    public static void Write(ReplayResult result, string format, TextWriter writer)
    {
        _ = result;
        _ = writer;
        throw new CliException($"--format {format} is not available in this build yet.", CliApp.ExitBadInput);
    }
}
