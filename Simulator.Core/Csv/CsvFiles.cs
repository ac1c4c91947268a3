using CsvHelper;

namespace CpmSim.Core.Csv;

/// <summary>
/// The one CSV dialect of cpmsim, read and written by CsvHelper everywhere (runs and points of sweeps,
/// load reports, replay traces, empirical distributions): RFC 4180 with a comma, records ending in LF,
/// fields quoted only when they hold a comma, a quote, CR or LF, the invariant culture, no byte order mark.
/// </summary>
public static class CsvFiles
{
    /// <summary>Options for writing: what every CSV file cpmsim writes looks like.</summary>
    public static CsvWriterOptions Writer { get; } = new() { FormatProvider = System.Globalization.CultureInfo.InvariantCulture, NewLine = "\n" };

    /// <summary>Options for reading: a comma (never guessed), quoted fields over several lines, line numbers for errors.</summary>
    public static CsvReaderOptions Reader(bool hasHeader) => new()
    {
        Separator = ',',
        DetectSeparatorHint = false,
        HasHeader = hasHeader,
        TrackLineNumbers = true,
        FormatProvider = System.Globalization.CultureInfo.InvariantCulture,
    };
}
