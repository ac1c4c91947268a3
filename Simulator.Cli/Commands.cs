using System.CommandLine;

namespace CpmSim.Cli;

/// <summary>All subcommands of <c>cpmsim</c>.</summary>
internal static class Commands
{
    public static IEnumerable<Command> All(TextWriter stdout, TextWriter stderr)
    {
        yield return DemoCommand.Create(stdout);
    }
}
