using System.Diagnostics;
using System.Text;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Cli;

/// <summary>
/// The fingerprint checks of <c>cpmsim check</c>: each <c>expect: fingerprint:</c> value against a run of the
/// scenario; on a mismatch, the first row where a traced replay leaves the recorded trace kept next to the
/// file (<c>NAME.trace.csv</c>, as <c>cpmsim replay NAME.yaml --format csv</c> writes it). With
/// <c>--update-fingerprints</c> a mismatch is written back into the file instead, in place: only the value's
/// characters change, so comments and layout stay.
/// </summary>
internal static class FingerprintChecks
{
    /// <summary>Where a kept trace lives: <c>NAME.trace.csv</c> next to <c>NAME.yaml</c>.</summary>
    public static string TracePath(string scenarioFile) => Path.ChangeExtension(scenarioFile, null) + ".trace.csv";

    /// <summary>The file that holds a scenario's text: the file itself, or for a built-in, <c>scenarios/NAME.yaml</c> under the current directory when it is the built-in's text.</summary>
    public static string? EditableFile(string source)
    {
        if (!source.StartsWith("builtin:", StringComparison.Ordinal))
        {
            return source;
        }

        string name = source["builtin:".Length..];
        string path = Path.Combine("scenarios", name + ".yaml");
        return File.Exists(path) && File.ReadAllText(path) == BuiltIn.ScenarioText(name) ? path : null;
    }

    /// <summary>The checks of one scenario's fingerprints; mismatches are queued in <paramref name="updates"/> when it is given.</summary>
    public static IEnumerable<CheckCase> Check(ScenarioDefinition scenario, ulong? seed, FingerprintUpdates? updates)
    {
        if (scenario.Expect.Fingerprints.Count == 0)
        {
            yield break;
        }

        if (seed is ulong s && s != scenario.Seed)
        {
            // A fingerprint is of the scenario's own seed; another seed is another run.
            yield return new CheckCase("fingerprint", CheckStatus.Passed, TimeSpan.Zero, $"fingerprint: not checked with --seed {s} (the values are of the scenario's seed {scenario.Seed})", "fingerprint");
            yield break;
        }

        string run = ScenarioFingerprint.RunDescription(scenario);
        string? divergence = null;
        foreach (FingerprintExpectation expected in scenario.Expect.Fingerprints)
        {
            var sw = Stopwatch.StartNew();
            string actual = ScenarioFingerprint.Compute(scenario, expected.Ingredients, seed);
            string name = $"fingerprint {expected.Ingredients}";
            if (actual == expected.Value)
            {
                yield return new CheckCase(name, CheckStatus.Passed, sw.Elapsed, $"fingerprint {expected.Ingredients}: {actual} ({run}) ok", "fingerprint");
                continue;
            }

            if (updates is not null)
            {
                updates.Queue(scenario, expected, actual);
                yield return new CheckCase(name, CheckStatus.Passed, sw.Elapsed, $"fingerprint {expected.Ingredients}: updated {expected.Text} → {actual} ({run}) in {updates.FileOf(expected.File) ?? expected.File}", "fingerprint");
                continue;
            }

            string failure = $"fingerprint {expected.Ingredients} at {expected.Location}: expected {expected.Text}, the {run} gives {actual}: its events changed. {divergence ??= Divergence(scenario, seed)}"
                + " If the change is meant: cpmsim check FILE --update-fingerprints (docs/ci.md).";
            yield return new CheckCase(name, CheckStatus.Failed, sw.Elapsed, failure, "fingerprint", failure);
        }

        updates?.QueueTrace(scenario, seed);
    }

    /// <summary>Where a traced replay leaves the kept trace, or why that cannot be said.</summary>
    internal static string Divergence(ScenarioDefinition scenario, ulong? seed)
    {
        string? file = EditableFile(scenario.Source);
        string? trace = file is null ? null : TracePath(file);
        if (trace is null || !File.Exists(trace))
        {
            return $"No recorded trace is kept next to the scenario ({(file is null ? "NAME" : Path.GetFileNameWithoutExtension(file))}.trace.csv, written by cpmsim replay FILE --format csv --out NAME.trace.csv) to find the first event that differs.";
        }

        string[] recorded = File.ReadAllText(trace).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        string[] now = ReplayCsv(scenario, seed).TrimEnd('\n').Split('\n');
        for (int i = 0; i < Math.Max(recorded.Length, now.Length); i++)
        {
            string? a = i < recorded.Length ? recorded[i] : null;
            string? b = i < now.Length ? now[i] : null;
            if (a != b)
            {
                return $"The traced replay first leaves the recorded trace {trace} at its record {i}{Describe(recorded[0], a, b)}: recorded [{a ?? "end of trace"}], replay [{b ?? "end of trace"}].";
            }
        }

        return $"The traced replay matches the recorded trace {trace} row for row: the change lies outside the replayed session's trace (e.g. in the load run's timing or in events no trace record shows).";
    }

    /// <summary>The event a differing row shows (step, kind, from → to, message) and the columns that differ.</summary>
    private static string Describe(string header, string? recorded, string? replay)
    {
        string[] names = Fields(header);
        string[]? a = recorded is null ? null : Fields(recorded);
        string[]? b = replay is null ? null : Fields(replay);
        string[]? row = b ?? a;
        if (row is null || row.Length != names.Length)
        {
            return string.Empty;
        }

        string F(string[] r, string name) => Array.IndexOf(names, name) is int i and >= 0 && i < r.Length ? r[i] : string.Empty;
        string step = F(row, "step");
        string what = $" ({(step.Length > 0 ? "step " + step + ", " : string.Empty)}{F(row, "kind")} {F(row, "from_node")} → {F(row, "to_node")} {F(row, "message")}";
        if (a is not null && b is not null && a.Length == b.Length)
        {
            var differ = Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).Select(i => $"{names[i]} {a[i]} → {b[i]}");
            what += "; " + string.Join(", ", differ);
        }

        return what + ")";
    }

    /// <summary>The fields of one CSV line (RFC 4180: quoted fields, doubled quotes).</summary>
    internal static string[] Fields(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }

        fields.Add(sb.ToString());
        return [.. fields];
    }

    internal static string ReplayCsv(ScenarioDefinition scenario, ulong? seed)
    {
        ReplayResult replay = ReplayRunner.Run(scenario, seed);
        using var w = new StringWriter { NewLine = "\n" };
        ReplayWriters.Csv(replay, w);
        return w.ToString();
    }
}

/// <summary>Fingerprint values (and kept traces) to write back, applied once every input has been checked.</summary>
internal sealed class FingerprintUpdates
{
    private readonly List<(string File, FingerprintExpectation Old, string New)> _values = [];
    private readonly Dictionary<string, string> _traces = new(StringComparer.Ordinal);

    /// <summary>The file to write for a scenario source, or null when a built-in's file cannot be found.</summary>
    public string? FileOf(string source) => FingerprintChecks.EditableFile(source);

    public void Queue(ScenarioDefinition scenario, FingerprintExpectation old, string value)
    {
        string file = FileOf(old.File) ?? throw new CliException(
            $"{old.File}: --update-fingerprints cannot write a built-in scenario here: run it from the repository's root (where scenarios/{old.File["builtin:".Length..]}.yaml is, unchanged since the build), or give the file: cpmsim check scenarios/*.yaml --update-fingerprints.");
        _values.Add((file, old, value));
    }

    /// <summary>Re-records the kept trace of a scenario whose fingerprint changed, when there is one.</summary>
    public void QueueTrace(ScenarioDefinition scenario, ulong? seed)
    {
        if (!_values.Any(v => v.Old.File == scenario.Source) || FileOf(scenario.Source) is not string file || !File.Exists(FingerprintChecks.TracePath(file)))
        {
            return;
        }

        _traces[FingerprintChecks.TracePath(file)] = FingerprintChecks.ReplayCsv(scenario, seed);
    }

    /// <summary>Rewrites every queued value in place (only its characters change) and the kept traces; returns the files written.</summary>
    public IReadOnlyList<string> Apply()
    {
        var written = new List<string>();
        foreach (IGrouping<string, (string File, FingerprintExpectation Old, string New)> file in _values.GroupBy(v => v.File))
        {
            byte[] bytes = File.ReadAllBytes(file.Key);
            bool bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
            string text = File.ReadAllText(file.Key);
            var sb = new StringBuilder(text);
            foreach ((_, FingerprintExpectation old, string value) in file.OrderByDescending(v => v.Old.Start))
            {
                int start = (int)old.Start;
                int end = (int)old.End;
                string span = end <= text.Length && start < end ? text[start..end] : string.Empty;
                char quote = span.Length > 0 && span[0] is '"' or '\'' ? span[0] : '\0';
                string inner = quote != '\0' && span.Length >= 2 ? span[1..^1] : span;
                if (inner != old.Text)
                {
                    throw new CliException($"{old.Location}: the file changed while it was checked (the fingerprint '{old.Text}' is no longer there); nothing was written. Hint: run the command again.");
                }

                sb.Remove(start, end - start).Insert(start, quote == '\0' ? value : quote + value + quote);
            }

            File.WriteAllText(file.Key, sb.ToString(), new UTF8Encoding(bom));
            written.Add(file.Key);
        }

        foreach ((string trace, string csv) in _traces.Where(t => File.ReadAllText(t.Key) != t.Value))
        {
            File.WriteAllText(trace, csv);
            written.Add(trace);
        }

        return written;
    }
}
