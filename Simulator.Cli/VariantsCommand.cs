using System.CommandLine;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Cli;

/// <summary><c>cpmsim variants</c>: the built-in scenarios with a line each.</summary>
internal static class VariantsCommand
{
    public static Command Create(TextWriter stdout)
    {
        var cmd = new Command("variants", "List the built-in scenarios (flow variants) with a one-line description each.");
        cmd.Aliases.Add("scenarios");
        cmd.SetAction(_ =>
        {
            int width = BuiltIn.ScenarioNames.Max(n => n.Length);
            foreach (string name in BuiltIn.ScenarioNames)
            {
                string description;
                try
                {
                    description = ScenarioLoader.LoadBuiltIn(name).Description;
                }
                catch (FileErrorException e)
                {
                    description = "(invalid: " + e.Errors[0].Message + ")";
                }

                stdout.WriteLine($"{name.PadRight(width)}  {description}");
            }

            stdout.WriteLine();
            stdout.WriteLine("Replay one: cpmsim replay --variant NAME    Check all: cpmsim check --all");
            return CliApp.ExitOk;
        });
        return cmd;
    }
}
