using System.Globalization;

namespace CpmSim.Scenarios.Sweeps;

/// <summary>One combination of a sweep's parameters: the base scenario and the values that override it.</summary>
public sealed record SweepPoint(int Index, string Scenario, double? Rate, long? Sessions, double? MmsShare)
{
    /// <summary>Columns as written in the CSV files (empty when a parameter is not swept).</summary>
    public IEnumerable<string> Columns =>
    [
        Index.ToString(CultureInfo.InvariantCulture),
        Scenario,
        Rate?.ToString("0.######", CultureInfo.InvariantCulture) ?? string.Empty,
        Sessions?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        MmsShare?.ToString("0.######", CultureInfo.InvariantCulture) ?? string.Empty,
    ];

    public const string Header = "point,scenario,rate,sessions,mms_share";
}
