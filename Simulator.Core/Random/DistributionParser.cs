using System.Globalization;
using CpmSim.Core.Csv;
using CpmSim.Core.Kernel;
using CsvHelper;

namespace CpmSim.Core.Random;

/// <summary>
/// Reads distributions written as text: <c>const(2ms)</c>, <c>exp(mean=5ms)</c>,
/// <c>lognormal(mean=2ms, cv=0.5)</c>, <c>gamma(shape=2, mean=4ms)</c>, <c>uniform(1ms, 3ms)</c>,
/// <c>normal(mean=10ms, sd=2ms)</c> (truncated at zero), <c>empirical(path.csv)</c>. A bare value
/// (<c>5ms</c>, <c>3</c>) is a constant. Values with a time unit become nanoseconds; sizes
/// (<c>KB</c>, <c>MB</c>, <c>B</c>, decimal) become bytes; plain numbers stay numbers. One spec uses one kind.
/// </summary>
public static class DistributionParser
{
    public const string AcceptedForms =
        "const(X), exp(mean=X), lognormal(mean=X, cv=C), gamma(shape=K, mean=X), uniform(A, B), normal(mean=X, sd=Y), empirical(file.csv)";

    private static readonly (string Suffix, double Factor)[] SizeUnits = [("KB", 1e3), ("MB", 1e6), ("GB", 1e9), ("B", 1)];

    /// <exception cref="DistributionFormatException">The text is not a valid distribution.</exception>
    public static Distribution Parse(string text, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new Reader(text, baseDirectory);
        Distribution d = reader.Read();
        d.Unit = reader.Unit;
        return d;
    }

    public static bool TryParse(string text, string? baseDirectory, out Distribution? distribution, out string? error)
    {
        try
        {
            distribution = Parse(text, baseDirectory);
            error = null;
            return true;
        }
        catch (DistributionFormatException e)
        {
            distribution = null;
            error = e.Message;
            return false;
        }
    }

    private enum Kind
    {
        Plain,
        Time,
        Size,
    }

    private sealed class Reader(string text, string? baseDirectory)
    {
        private readonly List<(string? Name, double Value, Kind Kind, int At, string Raw, int NameAt)> _args = [];
        private Kind? _kind;

        public DistributionUnit Unit => _kind switch
        {
            Kind.Time => DistributionUnit.Time,
            Kind.Size => DistributionUnit.Size,
            _ => DistributionUnit.Plain,
        };

        public Distribution Read()
        {
            string t = text.Trim();
            int offset = text.IndexOf(t, StringComparison.Ordinal);
            int open = t.IndexOf('(', StringComparison.Ordinal);
            if (open < 0)
            {
                // A bare value is a constant.
                (double v, Kind k) = Value(t, offset);
                _kind = k;
                return new ConstantDistribution(v, $"const({Canonical(v, k)})");
            }

            string name = t[..open].Trim();
            if (!t.EndsWith(')'))
            {
                throw Fail(offset + t.Length, "is missing its closing ')'");
            }

            string inner = t[(open + 1)..^1];
            int innerAt = offset + open + 1;
            if (name == "empirical")
            {
                return Empirical(inner.Trim(), innerAt);
            }

            Split(inner, innerAt);
            switch (name)
            {
                case "lognormal":
                    Only("mean", "cv");
                    break;
                case "gamma":
                    Only("shape", "mean");
                    break;
                case "normal":
                    Only("mean", "sd");
                    break;
            }

            CheckKinds();
            switch (name)
            {
                case "const":
                    return new ConstantDistribution(Arg(0, "value"), $"const({Canon(0, "value")})");
                case "exp":
                    return new ExponentialDistribution(Positive(Arg(0, "mean"), "mean"), $"exp(mean={Canon(0, "mean")})");
                case "lognormal":
                    return new LogNormalDistribution(Positive(Named("mean"), "mean"), NonNegative(Named("cv", plain: true), "cv"),
                        $"lognormal(mean={CanonNamed("mean")}, cv={CanonNamed("cv")})");
                case "gamma":
                    return new GammaDistribution(Positive(Named("shape", plain: true), "shape"), Positive(Named("mean"), "mean"),
                        $"gamma(shape={CanonNamed("shape")}, mean={CanonNamed("mean")})");
                case "uniform":
                    if (_args.Count != 2)
                    {
                        throw Fail(innerAt, $"uniform takes two values, uniform(A, B); found {_args.Count}");
                    }

                    double a = _args[0].Value;
                    double b = _args[1].Value;
                    if (a > b)
                    {
                        throw Fail(_args[1].At, $"uniform(A, B) needs A ≤ B, but {_args[0].Raw} > {_args[1].Raw}");
                    }

                    return new UniformDistribution(a, b, $"uniform({Canon(0, "a")}, {Canon(1, "b")})");
                case "normal":
                    double sd = NonNegative(Named("sd"), "sd");
                    double mean = Named("mean");
                    if (sd == 0 && mean < 0)
                    {
                        throw Fail(innerAt, "normal(mean, sd) truncated at zero needs sd > 0 or mean ≥ 0");
                    }

                    return new TruncatedNormalDistribution(mean, sd, $"normal(mean={CanonNamed("mean")}, sd={CanonNamed("sd")})");
                default:
                    throw Fail(offset, $"has an unknown distribution '{name}'");
            }
        }

        private void CheckKinds()
        {
            foreach ((string? n, _, Kind k, int at, string raw, _) in _args)
            {
                if (n is "cv" or "shape")
                {
                    continue; // dimensionless by definition
                }

                if (_kind is Kind existing && existing != k)
                {
                    throw Fail(at, $"mixes {Describe(existing)} and {Describe(k)} values ('{raw}'); write all values of one spec in the same kind of unit");
                }

                _kind = k;
            }
        }

        private void Split(string inner, int at)
        {
            if (inner.Trim().Length == 0)
            {
                throw Fail(at, "has no parameters");
            }

            int pos = 0;
            foreach (string part in inner.Split(','))
            {
                int partAt = at + pos;
                pos += part.Length + 1;
                string p = part.Trim();
                int lead = part.IndexOf(p, StringComparison.Ordinal);
                int eq = p.IndexOf('=', StringComparison.Ordinal);
                string? argName = eq < 0 ? null : p[..eq].Trim();
                string raw = eq < 0 ? p : p[(eq + 1)..].Trim();
                int valueAt = partAt + lead + (eq < 0 ? 0 : p.IndexOf(raw, eq, StringComparison.Ordinal));
                if (raw.Length == 0)
                {
                    throw Fail(valueAt, $"has an empty value{(argName is null ? string.Empty : $" for '{argName}'")}");
                }

                (double v, Kind k) = Value(raw, valueAt);
                _args.Add((argName, v, k, valueAt, raw, partAt + lead));
            }
        }

        private (double Value, Kind Kind) Value(string raw, int at)
        {
            if (SimTime.TryParse(raw, out SimTime time))
            {
                return (time.Nanoseconds, Kind.Time);
            }

            int letters = raw.Length;
            while (letters > 0 && char.IsLetter(raw[letters - 1]))
            {
                letters--;
            }

            if (letters < raw.Length && SimTime.IsUnit(raw[letters..]) &&
                decimal.TryParse(raw[..letters], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
            {
                // A well-formed time that the clock cannot hold: say so, with the limit (not "unknown unit").
                throw Fail(at, $"has '{raw}', beyond the clock's range: a time must lie within {SimTime.RangeText}");
            }

            foreach ((string suffix, double factor) in SizeUnits)
            {
                if (raw.EndsWith(suffix, StringComparison.Ordinal) &&
                    double.TryParse(raw[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double s))
                {
                    return (s * factor, Kind.Size);
                }
            }

            if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
            {
                return (v, Kind.Plain);
            }

            int unitAt = raw.Length;
            while (unitAt > 0 && char.IsLetter(raw[unitAt - 1]))
            {
                unitAt--;
            }

            throw unitAt < raw.Length && double.TryParse(raw[..unitAt], NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                ? Fail(at + unitAt, $"has an unknown unit '{raw[unitAt..]}' (time units: {SimTime.AcceptedUnits}; sizes: B, KB, MB, GB)")
                : Fail(at, $"has '{raw}' where a number was expected");
        }

        private double Arg(int index, string what)
        {
            if (_args.Count != 1)
            {
                throw Fail(_args.Count > 1 ? _args[1].At : 0, $"takes one value ({what}); found {_args.Count}");
            }

            (string? n, double v, _, int at, _, _) = _args[index];
            if (n is not null && n != what)
            {
                throw Fail(at, $"has an unknown parameter '{n}' (expected '{what}')");
            }

            return v;
        }

        private void Only(params string[] names)
        {
            foreach ((string? n, _, _, int at, _, int nameAt) in _args)
            {
                if (n is null)
                {
                    throw Fail(at, $"needs named parameters: {string.Join(", ", names.Select(x => x + "=..."))}");
                }

                if (!names.Contains(n))
                {
                    throw Fail(nameAt, $"has an unknown parameter '{n}' (expected {string.Join(", ", names)})");
                }
            }
        }

        private double Named(string name, bool plain = false)
        {
            foreach ((string? n, double v, Kind k, int at, string raw, _) in _args)
            {
                if (n == name)
                {
                    if (plain && k != Kind.Plain)
                    {
                        throw Fail(at, $"needs a plain number for '{name}', not '{raw}'");
                    }

                    return v;
                }
            }

            throw Fail(text.Length, $"is missing the parameter '{name}='");
        }

        private string Canon(int index, string what)
        {
            _ = what;
            return Canonical(_args[index].Value, _args[index].Kind);
        }

        private string CanonNamed(string name)
        {
            var a = _args.First(x => x.Name == name);
            return Canonical(a.Value, a.Kind);
        }

        private static string Canonical(double v, Kind k) => k switch
        {
            Kind.Time when Math.Abs(v - Math.Round(v)) < 1e-9 => new SimTime((long)Math.Round(v)).ToString(),
            Kind.Size => v.ToString("R", CultureInfo.InvariantCulture) + "B",
            _ => v.ToString("R", CultureInfo.InvariantCulture) + (k == Kind.Time ? "ns" : string.Empty),
        };

        private double Positive(double v, string name) => v > 0 ? v : throw Fail(0, $"needs {name} > 0");

        private double NonNegative(double v, string name) => v >= 0 ? v : throw Fail(0, $"needs {name} ≥ 0");

        private Distribution Empirical(string path, int at)
        {
            if (path.Length == 0)
            {
                throw Fail(at, "needs a file: empirical(path.csv)");
            }

            string full = Path.IsPathRooted(path) || baseDirectory is null ? path : Path.Combine(baseDirectory, path);
            if (!File.Exists(full))
            {
                throw Fail(at, $"names the file '{full}', which does not exist");
            }

            var values = new List<double>();
            Kind? kind = null;
            try
            {
                // The first column of each record; quoted cells (a comma, a quote, a line break inside) are read as CSV writes them.
                using CsvReader csv = CsvReader.FromFile(full, CsvFiles.Reader(hasHeader: false) with { TrimWhitespace = true });
                while (csv.Read())
                {
                    string cell = csv.FieldCount > 0 ? csv.GetString(0).Trim() : string.Empty;
                    if (cell.Length == 0)
                    {
                        continue;
                    }

                    double v;
                    Kind k;
                    try
                    {
                        (v, k) = Value(cell, at);
                    }
                    catch (DistributionFormatException) when (csv.RowNumber == 1)
                    {
                        continue; // a header record
                    }
                    catch (DistributionFormatException)
                    {
                        throw new DistributionFormatException($"'{full}' line {csv.LineNumber}: '{cell}' is not a number (with an optional unit). Each line holds one value.", text, at);
                    }

                    if (kind is Kind existing && existing != k)
                    {
                        throw new DistributionFormatException($"'{full}' line {csv.LineNumber}: '{cell}' mixes units with earlier values; write every value in the same kind of unit.", text, at);
                    }

                    kind = k;
                    _kind = k;
                    values.Add(v);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CsvFormatException)
            {
                throw Fail(at, $"names '{full}', which cannot be read: {e.Message}");
            }

            if (values.Count == 0)
            {
                throw Fail(at, $"names '{full}', which holds no values");
            }

            return new EmpiricalDistribution(values, $"empirical({path})");
        }

        private static string Describe(Kind k) => k switch
        {
            Kind.Time => "time",
            Kind.Size => "size",
            _ => "plain",
        };

        private DistributionFormatException Fail(int position, string what) =>
            new($"'{text}' {what} (at position {position}). Accepted forms: {AcceptedForms}; a bare value such as 5ms is a constant.", text, position);
    }
}
