using System.Globalization;
using CpmSim.Core.Kernel;

namespace CpmSim.Scenarios.Files;

/// <summary>
/// The one parser for values with units, used by scenario, sweep and flow files, load bounds and
/// command-line options alike: times, rates, sizes, bandwidths, probabilities and percentages.
/// A time, rate or bandwidth needs its unit (a time of 0 aside); nothing here is negative, NaN or infinite.
/// </summary>
public static class Units
{
    public const string TimeUnits = SimTime.AcceptedUnits;

    public const string RateUnits = "/s, /min";

    public const string SizeUnits = "B, KB, MB (decimal), or plain bytes";

    public const string BandwidthUnits = "bps, kbps, Mbps, Gbps";

    /// <summary>The largest size accepted: 1 TB (a size is a count of bytes the model carries, never allocated).</summary>
    public const long MaxSizeBytes = 1_000_000_000_000;

    /// <summary>A time that is not negative: <c>12ms</c>, <c>1.5s</c>; <c>0</c> alone needs no unit.</summary>
    public static bool TryParseTime(string? text, out SimTime time, out string? error)
    {
        time = SimTime.Zero;
        if (text is not null && text.Trim() == "0")
        {
            error = null;
            return true;
        }

        if (!SimTime.TryParse(text, out time, out error))
        {
            return false;
        }

        if (time < SimTime.Zero)
        {
            error = $"'{text}' is negative: a time here must be 0 or more.";
            return false;
        }

        return true;
    }

    /// <summary>A rate above zero: <c>200/s</c>, <c>12.5/s</c>, <c>600/min</c>.</summary>
    public static bool TryParseRate(string? text, out double perSecond, out string? error)
    {
        perSecond = 0;
        string t = (text ?? string.Empty).Trim();
        double per = t.EndsWith("/s", StringComparison.Ordinal) ? 1 : t.EndsWith("/min", StringComparison.Ordinal) ? 60 : 0;
        if (per == 0)
        {
            error = $"'{text}' is not a rate: write sessions per second or minute ({RateUnits}), e.g. 200/s.";
            return false;
        }

        if (!double.TryParse(t[..t.LastIndexOf('/')], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v > 0) || !double.IsFinite(v / per) || v / per == 0)
        {
            error = $"'{text}' is not a rate above zero: write e.g. 200/s or 600/min.";
            return false;
        }

        perSecond = v / per;
        error = null;
        return true;
    }

    /// <summary>A byte size from 0 to <see cref="MaxSizeBytes"/>: <c>120KB</c>, <c>1.5MB</c>, <c>300000</c>.</summary>
    public static bool TryParseSize(string? text, out long bytes, out string? error)
    {
        bytes = 0;
        string t = (text ?? string.Empty).Trim();
        (string suffix, long unit)[] units = [("KB", 1000), ("MB", 1_000_000), ("B", 1)];
        long factor = 1;
        foreach ((string suffix, long unit) in units)
        {
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                t = t[..^suffix.Length].TrimEnd();
                factor = unit;
                break;
            }
        }

        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal d) || d > MaxSizeBytes / factor)
        {
            error = $"'{text}' is not a size from 0 to 1000000MB (1 TB): write e.g. 300KB, 1.5MB or 4000 (bytes).";
            return false;
        }

        bytes = (long)Math.Round(d * factor);
        error = null;
        return true;
    }

    /// <summary>A bandwidth above zero: <c>9600bps</c>, <c>2kbps</c>, <c>100Mbps</c>, <c>1Gbps</c>.</summary>
    public static bool TryParseBandwidth(string? text, out double bitsPerSecond, out string? error)
    {
        (string suffix, double factor)[] units = [("Gbps", 1e9), ("Mbps", 1e6), ("kbps", 1e3), ("bps", 1)];
        string t = (text ?? string.Empty).Trim();
        foreach ((string suffix, double factor) in units)
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal) &&
                double.TryParse(t[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && double.IsFinite(v * factor))
            {
                bitsPerSecond = v * factor;
                error = null;
                return true;
            }
        }

        bitsPerSecond = 0;
        error = $"'{text}' is not a bandwidth above zero: write e.g. 100Mbps, 2kbps or 9600bps ({BandwidthUnits}).";
        return false;
    }

    /// <summary>A number or a percentage (<c>0.5</c>, <c>99.9%</c>) within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static bool TryParseFraction(string? text, double min, double max, out double value, out string? error)
    {
        string t = (text ?? string.Empty).Trim();
        bool percent = t.EndsWith('%');
        if (double.TryParse(percent ? t[..^1] : t, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            value = percent ? value / 100 : value;
            if (value >= min && value <= max)
            {
                error = null;
                return true;
            }
        }

        error = $"'{text}' must be a number in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}] or a percentage.";
        value = 0;
        return false;
    }
}
