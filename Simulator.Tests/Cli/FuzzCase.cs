using System.Globalization;
using CsCheck;

namespace CpmSim.Tests.Cli;

/// <summary>
/// One generated bad (or good) input of the fuzz suite: a built-in scenario or sweep file with a few
/// line mutations (a key deleted, duplicated or renamed, a value swapped for another type or a random
/// scalar, the file truncated) and a command line for it, itself possibly mutated (an option value
/// replaced, an argument dropped, an unknown option, the file path replaced). Every part is an index
/// into fixed tables, so a case prints and reproduces exactly.
/// </summary>
public sealed record FuzzCase(int Input, IReadOnlyList<FuzzMutation> Mutations, int Command, int ArgMutation, int ArgPosition, int ArgValue)
{
    /// <summary>Scalars a mutation writes: negative, huge, empty, non-finite, unicode, unit-less, wrong types, YAML specials.</summary>
    public static readonly string[] Scalars =
    [
        "-1", "-5ms", "0", "20", "1.5", "1e308", "-1e308", "NaN", ".nan", ".inf", "-.inf", "99999999999999999999", "9223372036854775807",
        "-9223372036854775808", "18446744073709551616", "\"\"", "''", "~", "null", "true", "no", "ünïcödé ✓ 你好", "\"\\u0000\"", "[]", "{}", "[a, b]",
        "{x: 1}", "const(-1)", "const(-5ms)", "uniform(5ms, 1ms)", "\"uniform(5ms, 1ms)\"", "exp(mean=0ms)", "exp(mean=-1s)", "normal(mean=1ms, sd=-1ms)",
        "lognormal(mean=1ms, cv=-1)", "gamma(shape=0, mean=1ms)", "empirical(nope.csv)", "empirical()", "const(", "1/s", "0/s", "-3/s", "1e-300/s",
        "1e300/s", "NaN/s", "99999999999999999MB", "-1KB", "1.5MB", "0bps", "1e999bps", "-1%", "150%", "NaN%", "2562048h", "2562047h", "1e-9ns",
        "*alias", "&anchor x", "'", "\"", "|", ">", "%", "@", "`", "!!binary AAAA", "!!int abc", "? x", "- x", "#", "0x1F", "0o17", "1_000",
        "poisson(20/s)", "constant(1e-300/s)", "{steps: []}", "{steps: [{rate: 1/s}]}", "r01", "load-r01", "missing.yaml", "sweep.yaml", "fuzz.yaml",
        "sip-core", "cpm-client", "isf", "iwf", "smsc", "auto", "udp", "tcp", "participating", "controlling", "488", "port-zero",
    ];

    /// <summary>Keys a rename writes: near misses, other sections' keys, empty and odd ones.</summary>
    public static readonly string[] Keys =
    [
        "nam", "extend", "nodes", "links", "latency", "kind", "processing", "time", "queue", "servers", "instances", "workload", "arrivals",
        "sessions", "behaviour", "expect", "load", "flow", "roles", "Orig", "IwfA", "session", "grid", "replications", "scenario", "rate",
        "\"\"", "ü", "1", "-", "<<", "x y", "seed", "timers", "t1",
    ];

    /// <summary>Option values a command-line mutation writes.</summary>
    public static readonly string[] ArgValues =
    [
        "", "-1", "0", "abc", "1.5", "NaN", "-5ms", "20", "99999999999999999999", "18446744073709551616", "0/s", "-1/s", "1e-300/s", "abc/s",
        "1/0", "0/0", "2/1", "auto/0", "-1/2", "nope.yaml", "/nonexistent/dir/x", ".", "ünï", "--", "-", "--bogus", "bogus", "csv", "json", "svg",
        "mermaid", "plantuml", "sessions", "20s", "2562048h", "1e308",
    ];

    public static Gen<FuzzCase> Generator(int inputs, int commands) =>
        Gen.Select(
            Gen.Int[0, inputs - 1],
            FuzzMutation.Generator.Array[0, 4],
            Gen.Int[0, commands - 1],
            Gen.Int[0, 9],
            Gen.Int[0, 1000],
            Gen.Int[0, ArgValues.Length - 1],
            (input, mutations, command, argMutation, argPosition, argValue) => new FuzzCase(input, mutations, command, argMutation, argPosition, argValue));

    /// <summary>The mutated text of <paramref name="text"/>; <paramref name="protectedLine"/> (a line that keeps a run small) is never touched.</summary>
    public string Mutate(string text, int protectedLine)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        foreach (FuzzMutation m in Mutations)
        {
            if (lines.Count == 0)
            {
                break;
            }

            int at = m.Position % lines.Count;
            if (at == protectedLine)
            {
                continue;
            }

            string line = lines[at];
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string indent = line[..(line.Length - line.TrimStart().Length)];
            switch (m.Kind)
            {
                case 0:
                    lines.RemoveAt(at);
                    if (at < protectedLine)
                    {
                        protectedLine--;
                    }

                    break;
                case 1:
                    lines.Insert(at, line);
                    if (at < protectedLine)
                    {
                        protectedLine++;
                    }

                    break;
                case 2 when colon > 0:
                    lines[at] = indent + (line.TrimStart().StartsWith("- ", StringComparison.Ordinal) ? "- " : string.Empty) + Keys[m.Value % Keys.Length] + line[colon..];
                    break;
                case 3 when colon > 0:
                    lines[at] = line[..(colon + 1)] + " " + Scalars[m.Value % Scalars.Length];
                    break;
                case 4:
                    // A scalar inside a flow mapping or list: replace the text after the last ': ' or ', '.
                    int cut = Math.Max(line.LastIndexOf(": ", StringComparison.Ordinal), line.LastIndexOf(", ", StringComparison.Ordinal));
                    lines[at] = cut < 0 ? line + " " + Scalars[m.Value % Scalars.Length] : line[..(cut + 2)] + Scalars[m.Value % Scalars.Length] + (line.TrimEnd().EndsWith('}') ? "}" : line.TrimEnd().EndsWith(']') ? "]" : string.Empty);
                    break;
                case 5:
                    lines.Insert(at, indent + Keys[m.Value % Keys.Length] + ": " + Scalars[(m.Value / 7) % Scalars.Length]);
                    if (at < protectedLine)
                    {
                        protectedLine++;
                    }

                    break;
                default:
                    // Truncate: keep the lines before this one and a random part of it (never above the protected line).
                    int keep = Math.Max(at, protectedLine + 1);
                    if (keep < lines.Count)
                    {
                        string partial = lines[keep][..(m.Value % (lines[keep].Length + 1))];
                        lines.RemoveRange(keep, lines.Count - keep);
                        lines.Add(partial);
                    }

                    break;
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>The command line after the case's mutation: replace a value, drop or duplicate an argument, add an unknown option, replace the file.</summary>
    public string[] MutateArgs(string[] args, string file)
    {
        if (args.Length < 2)
        {
            return args;
        }

        var list = args.ToList();
        int at = 1 + (ArgPosition % (list.Count - 1)); // never the command itself
        string value = ArgValues[ArgValue];
        switch (ArgMutation)
        {
            case 0:
                list[at] = value;
                break;
            case 1:
                list.RemoveAt(at);
                break;
            case 2:
                list.Insert(at, list[at]);
                break;
            case 3:
                list.Add("--bogus-option");
                break;
            case 4:
                list = [.. list.Select(a => a == file ? value : a)];
                break;
            default:
                return args; // most cases keep the command line and exercise the file
        }

        return [.. list];
    }

    public bool ArgsMutated => ArgMutation <= 4;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"input {Input}, command {Command}, args mutation {ArgMutation} at {ArgPosition} value '{ArgValues[ArgValue]}', mutations [{string.Join("; ", Mutations)}]");
}
