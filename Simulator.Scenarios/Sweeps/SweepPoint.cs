using System.Globalization;

namespace CpmSim.Scenarios.Sweeps;

/// <summary>
/// One combination of a sweep's parameters: the base scenario (as the sweep file names it), the workload
/// values that override it, and the values of the sweep's scenario key paths (<see cref="SweepDefinition.Parameters"/>, in order).
/// </summary>
public sealed record SweepPoint(int Index, string Scenario, double? Rate, long? Sessions, double? MmsShare)
{
    /// <summary>The values of the sweep's key-path parameters, in the order of <see cref="SweepDefinition.Parameters"/>.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>Columns as written in the CSV files (empty when a parameter is not swept).</summary>
    public IEnumerable<string> Columns =>
    [
        Index.ToString(CultureInfo.InvariantCulture),
        Scenario,
        Rate?.ToString("0.######", CultureInfo.InvariantCulture) ?? string.Empty,
        Sessions?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        MmsShare?.ToString("0.######", CultureInfo.InvariantCulture) ?? string.Empty,
        .. Values,
    ];

    /// <summary>The header of the fixed point columns; a sweep's key-path parameters follow them, named by their paths.</summary>
    public const string Header = "point,scenario,rate,sessions,mms_share";
}
