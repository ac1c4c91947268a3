using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CpmSim.Core.Kernel;

/// <summary>
/// A point or span of virtual time, held exactly as a whole number of nanoseconds.
/// No floating-point clock: sums and ties stay exact. Text form: <c>750ns</c>, <c>250us</c>,
/// <c>12ms</c>, <c>1.5s</c>, <c>2min</c>, <c>1h</c>.
/// </summary>
public readonly struct SimTime : IEquatable<SimTime>, IComparable<SimTime>, IComparable
{
    public const long NanosPerMicrosecond = 1_000;
    public const long NanosPerMillisecond = 1_000_000;
    public const long NanosPerSecond = 1_000_000_000;
    public const long NanosPerMinute = 60 * NanosPerSecond;
    public const long NanosPerHour = 60 * NanosPerMinute;

    /// <summary>The units accepted by <see cref="Parse"/>, for error messages and help text.</summary>
    public const string AcceptedUnits = "ns, us (or µs), ms, s, min, h";

    /// <summary>
    /// The clock's range in words, for error messages: <see cref="MaxValue"/> is 9223372036.854775807 s,
    /// of which 2562047 whole hours.
    /// </summary>
    public const string RangeText = "±2562047h (the clock's range: 9223372036.854775807s, about 292 years)";

    private static readonly (string Suffix, long Nanos)[] Units =
    [
        ("ns", 1), ("us", NanosPerMicrosecond), ("µs", NanosPerMicrosecond), ("ms", NanosPerMillisecond),
        ("s", NanosPerSecond), ("min", NanosPerMinute), ("h", NanosPerHour),
    ];

    public SimTime(long nanoseconds) => Nanoseconds = nanoseconds;

    /// <summary>Whole nanoseconds.</summary>
    public long Nanoseconds { get; }

    public static SimTime Zero => default;
    public static SimTime MaxValue => new(long.MaxValue);

    public double TotalSeconds => Nanoseconds / (double)NanosPerSecond;
    public double TotalMilliseconds => Nanoseconds / (double)NanosPerMillisecond;
    public double TotalMicroseconds => Nanoseconds / (double)NanosPerMicrosecond;

    public static SimTime FromNanoseconds(long ns) => new(ns);
    public static SimTime FromMicroseconds(long us) => new(checked(us * NanosPerMicrosecond));
    public static SimTime FromMilliseconds(long ms) => new(checked(ms * NanosPerMillisecond));
    public static SimTime FromSeconds(long s) => new(checked(s * NanosPerSecond));

    /// <summary>Rounds a floating-point number of seconds to the nearest nanosecond.</summary>
    public static SimTime FromSeconds(double seconds) => new(checked((long)Math.Round(seconds * NanosPerSecond)));

    public static SimTime operator +(SimTime a, SimTime b) => new(checked(a.Nanoseconds + b.Nanoseconds));
    public static SimTime operator -(SimTime a, SimTime b) => new(checked(a.Nanoseconds - b.Nanoseconds));
    public static SimTime operator -(SimTime a) => new(checked(-a.Nanoseconds));
    public static SimTime operator *(SimTime a, long k) => new(checked(a.Nanoseconds * k));
    public static SimTime operator *(long k, SimTime a) => new(checked(a.Nanoseconds * k));
    public static SimTime operator /(SimTime a, long k) => new(a.Nanoseconds / k);
    public static bool operator ==(SimTime a, SimTime b) => a.Nanoseconds == b.Nanoseconds;
    public static bool operator !=(SimTime a, SimTime b) => a.Nanoseconds != b.Nanoseconds;
    public static bool operator <(SimTime a, SimTime b) => a.Nanoseconds < b.Nanoseconds;
    public static bool operator >(SimTime a, SimTime b) => a.Nanoseconds > b.Nanoseconds;
    public static bool operator <=(SimTime a, SimTime b) => a.Nanoseconds <= b.Nanoseconds;
    public static bool operator >=(SimTime a, SimTime b) => a.Nanoseconds >= b.Nanoseconds;

    public static SimTime Min(SimTime a, SimTime b) => a <= b ? a : b;
    public static SimTime Max(SimTime a, SimTime b) => a >= b ? a : b;

    public bool Equals(SimTime other) => Nanoseconds == other.Nanoseconds;
    public override bool Equals(object? obj) => obj is SimTime t && Equals(t);
    public override int GetHashCode() => Nanoseconds.GetHashCode();
    public int CompareTo(SimTime other) => Nanoseconds.CompareTo(other.Nanoseconds);
    public int CompareTo(object? obj) => obj is SimTime t ? CompareTo(t) : throw new ArgumentException("Not a SimTime.", nameof(obj));

    /// <summary>
    /// The shortest exact text: the largest unit in which the value is written with a finite decimal
    /// fraction, e.g. <c>1.5s</c>, <c>250us</c>, <c>2min</c>. <see cref="Parse"/> reads it back to the same value.
    /// </summary>
    public override string ToString()
    {
        long v = Nanoseconds;
        if (v == 0)
        {
            return "0s";
        }

        long abs = v == long.MinValue ? long.MaxValue : Math.Abs(v);
        if (abs >= NanosPerHour && v % NanosPerHour == 0)
        {
            return (v / NanosPerHour).ToString(CultureInfo.InvariantCulture) + "h";
        }

        if (abs >= NanosPerMinute && v % NanosPerMinute == 0)
        {
            return (v / NanosPerMinute).ToString(CultureInfo.InvariantCulture) + "min";
        }

        (string suffix, long unit, int digits) = abs switch
        {
            >= NanosPerSecond => ("s", NanosPerSecond, 9),
            >= NanosPerMillisecond => ("ms", NanosPerMillisecond, 6),
            >= NanosPerMicrosecond => ("us", NanosPerMicrosecond, 3),
            _ => ("ns", 1L, 0),
        };
        long whole = v / unit;
        long frac = Math.Abs(v % unit);
        string sign = v < 0 && whole == 0 ? "-" : string.Empty;
        string text = sign + whole.ToString(CultureInfo.InvariantCulture);
        if (frac != 0)
        {
            text += "." + frac.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        }

        return text + suffix;
    }

    /// <summary>Parses <c>750ns</c>, <c>250us</c>, <c>12ms</c>, <c>1.5s</c>, <c>2min</c>, <c>1h</c>.</summary>
    /// <exception cref="FormatException">The text is not a number followed by an accepted unit; the message quotes it.</exception>
    public static SimTime Parse(string text)
    {
        if (!TryParse(text, out SimTime value, out string? error))
        {
            throw new FormatException(error);
        }

        return value;
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out SimTime value) => TryParse(text, out value, out _);

    /// <summary>Whether <paramref name="suffix"/> is one of the units <see cref="Parse"/> accepts (<c>ms</c>, <c>h</c>, ...).</summary>
    internal static bool IsUnit(string suffix) => Array.Exists(Units, u => u.Suffix == suffix);

    /// <summary>Parses a time; on failure <paramref name="error"/> quotes the text and lists the accepted units.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out SimTime value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"'{text}' is not a time: expected a number followed by a unit ({AcceptedUnits}), e.g. '12ms' or '1.5s'.";
            return false;
        }

        string t = text.Trim();
        int split = t.Length;
        while (split > 0 && char.IsLetter(t[split - 1]))
        {
            split--;
        }

        string number = t[..split].TrimEnd();
        string unit = t[split..];
        long unitNanos = 0;
        foreach ((string suffix, long nanos) in Units)
        {
            if (suffix == unit)
            {
                unitNanos = nanos;
                break;
            }
        }

        if (unit.Length == 0)
        {
            error = $"'{text}' has no time unit: write it as a number followed by one of {AcceptedUnits}, e.g. '{number}ms'.";
            return false;
        }

        if (unitNanos == 0)
        {
            error = $"'{text}' has an unknown time unit '{unit}': accepted units are {AcceptedUnits}.";
            return false;
        }

        if (!decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount))
        {
            error = $"'{text}' does not start with a number: expected e.g. '12ms' or '1.5s' (units: {AcceptedUnits}).";
            return false;
        }

        decimal ns = decimal.Round(amount * unitNanos, 0, MidpointRounding.ToEven);
        if (ns > long.MaxValue || ns < long.MinValue)
        {
            error = $"'{text}' is out of range: a time must lie within {RangeText}.";
            return false;
        }

        value = new SimTime((long)ns);
        error = null;
        return true;
    }
}
