using System.CommandLine;

namespace CpmSim.Cli;

/// <summary><c>cpmsim demo</c>: a placeholder until the M/M/c demo lands.</summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter stdout)
    {
        var cmd = new Command("demo", "Run the built-in M/M/c demo and compare with the analytic value.");
        cmd.SetAction(_ =>
        {
            stdout.WriteLine("demo: not built yet");
            return CliApp.ExitOk;
        });
        return cmd;
    }
}
