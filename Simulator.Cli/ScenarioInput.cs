using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Cli;

/// <summary>Turns the SCENARIO argument / --variant option into a loaded scenario, or a user error.</summary>
internal static class ScenarioInput
{
    public static ScenarioDefinition Load(string? file, string? variant)
    {
        if (file is not null && variant is not null)
        {
            throw new CliException($"give either a scenario file or --variant, not both (got '{file}' and --variant {variant}).");
        }

        if (file is null && variant is null)
        {
            throw new CliException($"no scenario: give a scenario file, or --variant NAME for a built-in one ({string.Join(", ", BuiltIn.ScenarioNames)}).");
        }

        try
        {
            return file is not null ? ScenarioLoader.LoadFile(file) : ScenarioLoader.LoadBuiltIn(variant!);
        }
        catch (FileErrorException e)
        {
            throw new CliException(e.Message);
        }
    }
}
