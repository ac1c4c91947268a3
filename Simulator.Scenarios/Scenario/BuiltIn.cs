using System.Reflection;

namespace CpmSim.Scenarios.Scenario;

/// <summary>The scenario and flow files shipped inside the library (the repository's <c>scenarios/</c> folder).</summary>
public static class BuiltIn
{
    private static readonly Assembly Assembly = typeof(BuiltIn).Assembly;

    /// <summary>Names of the built-in scenarios, e.g. <c>r01</c> (sweep files, <c>sweep-*.yaml</c>, are not scenarios).</summary>
    public static IReadOnlyList<string> ScenarioNames { get; } =
        [.. Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("scenarios/", StringComparison.Ordinal) && !n.StartsWith("scenarios/flows/", StringComparison.Ordinal) &&
                        !n.StartsWith("scenarios/sweep-", StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
            .Select(n => n["scenarios/".Length..^".yaml".Length])
            .Order(StringComparer.Ordinal)];

    public static IReadOnlyList<string> FlowNames { get; } =
        [.. Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("scenarios/flows/", StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
            .Select(n => n["scenarios/flows/".Length..^".yaml".Length])
            .Order(StringComparer.Ordinal)];

    public static string? ScenarioText(string name) => Read($"scenarios/{name}.yaml");

    public static string? FlowText(string name) => Read($"scenarios/flows/{name}.yaml");

    private static string? Read(string resource)
    {
        using Stream? s = Assembly.GetManifestResourceStream(resource);
        if (s is null)
        {
            return null;
        }

        using var reader = new StreamReader(s);
        return reader.ReadToEnd();
    }
}
