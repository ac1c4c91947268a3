using System.CommandLine;

namespace CpmSim.Cli;

/// <summary>All subcommands of <c>cpmsim</c>.</summary>
internal static class Commands
{
    public static IEnumerable<Command> All(TextWriter stdout, TextWriter stderr)
    {
        yield return ReplayCommand.Create(stdout);
        yield return CheckCommand.Create(stdout, stderr);
        yield return FingerprintCommand.Create(stdout);
        yield return BaselineCommand.Create(stdout, stderr);
        yield return RunCommand.Create(stdout, stderr);
        yield return SweepCommand.Sweep(stdout);
        yield return SweepCommand.Merge(stdout);
        yield return RerunCommand.Create(stdout, stderr);
        yield return CapacityCommand.Create(stdout);
        yield return VariantsCommand.Create(stdout);
        yield return DemoCommand.Create(stdout);
    }
}
