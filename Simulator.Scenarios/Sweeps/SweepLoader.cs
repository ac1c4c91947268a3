using System.Globalization;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Scenario;
using YamlDotNet.RepresentationModel;

namespace CpmSim.Scenarios.Sweeps;

/// <summary>
/// Reads sweep files:
/// <code>
/// name: sweep-demo
/// seed: 7
/// replications: 3
/// grid:
///   scenario: [load-r01, load-pre-r01]   # built-in names or paths next to the sweep file
///   rate: [20/s, 40/s, 60/s]            # Poisson arrival rate overriding the workload's
///   sessions: [600]                     # optional
///   mms-share: [1.0]                    # optional
///   nodes.iwf-sms.processing.servers: [1, 2, 4]   # any scenario key, by its path (docs/sweep-files.md)
/// </code>
/// </summary>
public static class SweepLoader
{
    private static readonly string[] TopKeys = ["name", "seed", "replications", "grid", "step-sample-every"];
    private static readonly string[] GridKeys = ["scenario", "rate", "sessions", "mms-share"];

    public static SweepDefinition LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileErrorException([new FileError(path, 0, 0, "sweep file not found.", "check the path; scenarios/sweep-demo.yaml is an example.")]);
        }

        return Load(path, File.ReadAllText(path));
    }

    public static SweepDefinition Load(string file, string text) => Load(file, text, null);

    /// <summary>
    /// Loads a sweep whose grid scenarios are given (as the sweep names them → file and text), instead of
    /// read from disk: a re-run from a manifest, which holds each scenario resolved.
    /// </summary>
    public static SweepDefinition Load(string file, string text, IReadOnlyDictionary<string, (string File, string Text)>? scenarioSources)
    {
        YamlDoc doc = YamlDoc.Parse(file, text);
        if (doc.Root is YamlMappingNode top && YamlDoc.Child(top, "grid") is null
            && (YamlDoc.Child(top, "extends") ?? YamlDoc.Child(top, "nodes") ?? YamlDoc.Child(top, "workload")) is YamlNode scenarioKey)
        {
            // A scenario given where a sweep belongs: one clear error instead of one per scenario key.
            doc.Error(scenarioKey, "this is a scenario file, not a sweep (it has no 'grid').",
                $"run it with 'cpmsim run {file}', or write a sweep that names it: grid: {{ scenario: [{Path.GetFileName(file)}], rate: [20/s, 40/s] }} (see scenarios/sweep-demo.yaml).");
            doc.ThrowIfErrors();
        }

        YamlMappingNode? root = doc.Mapping(doc.Root, "the sweep", TopKeys);
        YamlMappingNode? grid = doc.Mapping(YamlDoc.Child(root, "grid"), "grid");
        if (root is not null && grid is null)
        {
            doc.Error(root, "the sweep needs 'grid': the parameters and their values.", "e.g. grid: { scenario: [load-r01], rate: [20/s, 40/s] }");
        }

        string baseDir = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
        List<string> scenarios = doc.StringList(grid, "scenario", "grid") ?? [];
        if (grid is not null && scenarios.Count == 0)
        {
            doc.Error(grid, "the grid needs 'scenario': one or more scenarios with a workload.");
        }

        var sources = new Dictionary<string, (string File, string Text)>(StringComparer.Ordinal);
        foreach (string s in scenarios.Distinct())
        {
            string path = Path.Combine(baseDir, s);
            if (scenarioSources is not null && scenarioSources.TryGetValue(s, out (string File, string Text) given))
            {
                sources[s] = given;
            }
            else if ((s.EndsWith(".yaml", StringComparison.Ordinal) || s.EndsWith(".yml", StringComparison.Ordinal)) && File.Exists(path))
            {
                sources[s] = (Path.GetRelativePath(Environment.CurrentDirectory, path), File.ReadAllText(path));
            }
            else if (BuiltIn.ScenarioText(s) is string builtIn)
            {
                sources[s] = ("builtin:" + s, builtIn);
            }
            else
            {
                doc.Error(YamlDoc.Child(grid, "scenario"), $"'{s}' is neither a built-in scenario nor a .yaml file next to the sweep.", $"built-in scenarios: {string.Join(", ", BuiltIn.ScenarioNames)}.");
            }
        }

        List<double?> rates = [.. (doc.StringList(grid, "rate", "grid") ?? []).Select(r => Rate(doc, grid, r))];
        List<long?> sessions = [.. (doc.StringList(grid, "sessions", "grid") ?? []).Select(v => Whole(doc, grid, v))];
        List<double?> shares = [.. (doc.StringList(grid, "mms-share", "grid") ?? []).Select(v => Share(doc, grid, v))];
        var parameters = new List<string>();
        var values = new List<List<string>>();
        foreach ((YamlNode key, YamlNode node) in grid?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            string path = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (GridKeys.Contains(path, StringComparer.Ordinal))
            {
                continue;
            }

            List<(YamlNode Node, string Value)>? list = PathValues(doc, key, node, path);
            if (list is null)
            {
                continue;
            }

            // Validated the way the scenario loader validates the file: each value on each scenario.
            bool pathFailed = false;
            foreach ((string name, (string sFile, string sText)) in sources)
            {
                foreach ((YamlNode at, string value) in list)
                {
                    if (pathFailed)
                    {
                        break;
                    }

                    try
                    {
                        ScenarioLoader.Load(sFile, sText, [new KeyValuePair<string, string>(path, value)]);
                    }
                    catch (FileErrorException e)
                    {
                        FileError first = e.Errors[0];
                        bool noKey = first.Message.StartsWith($"'{path}' names no key", StringComparison.Ordinal) || first.Message.StartsWith("unknown key", StringComparison.Ordinal);
                        pathFailed |= noKey;
                        doc.Error(noKey ? key : at, noKey
                            ? $"grid key '{path}' is neither a sweep parameter ({string.Join(", ", GridKeys)}) nor a key of scenario '{name}': {first.Message}"
                            : $"'{path}: {value}' does not fit scenario '{name}': {first.Message}",
                            noKey && YamlDoc.Suggest(path, GridKeys) is string near ? $"did you mean '{near}'? (a sweep parameter)" : first.Hint ?? "see docs/sweep-files.md.");
                    }
                }
            }

            parameters.Add(path);
            values.Add([.. list.Select(v => v.Value)]);
        }

        doc.ThrowIfErrors();

        var points = new List<SweepPoint>();
        foreach (string scenario in scenarios)
        {
            foreach (double? rate in rates.Count == 0 ? [null] : rates)
            {
                foreach (long? n in sessions.Count == 0 ? [null] : sessions)
                {
                    foreach (double? share in shares.Count == 0 ? [null] : shares)
                    {
                        foreach (string[] combination in Combinations(values))
                        {
                            points.Add(new SweepPoint(points.Count, scenario, rate, n, share) { Values = combination });
                        }
                    }
                }
            }
        }

        var def = new SweepDefinition
        {
            Name = doc.String(root, "name", "the sweep", required: true) ?? "sweep",
            Source = file,
            Points = points,
            Parameters = parameters,
            Scenarios = sources,
            Replications = (int)(doc.Integer(root, "replications", "the sweep", 1, 10_000) ?? 3),
            Seed = (ulong)(doc.Integer(root, "seed", "the sweep", 0) ?? 1),
            StepSampleEvery = (int)(doc.Integer(root, "step-sample-every", "the sweep", 0, int.MaxValue) ?? 0),
        };
        doc.ThrowIfErrors();
        return def;
    }

    /// <summary>Every combination of the values, the last parameter varying fastest (one empty combination when there are none).</summary>
    private static IEnumerable<string[]> Combinations(List<List<string>> values)
    {
        IEnumerable<string[]> all = [[]];
        foreach (List<string> v in values)
        {
            List<string[]> before = [.. all];
            all = before.SelectMany(c => v.Select(x => (string[])[.. c, x]));
        }

        return all;
    }

    private static List<(YamlNode Node, string Value)>? PathValues(YamlDoc doc, YamlNode key, YamlNode node, string path)
    {
        if (path.Length == 0 || path.Contains(',', StringComparison.Ordinal))
        {
            doc.Error(key, $"grid key '{path}' is not a key path.", "write a scenario key path such as nodes.iwf-sms.processing.servers.");
            return null;
        }

        if (node is not YamlSequenceNode seq || seq.Children.Count == 0)
        {
            doc.Error(node, $"'{path}' in grid must be a list of values.", $"e.g. {path}: [1, 2, 4]");
            return null;
        }

        var list = new List<(YamlNode, string)>();
        foreach (YamlNode item in seq)
        {
            if (item is YamlScalarNode { Value: string v })
            {
                list.Add((item, v));
            }
            else
            {
                doc.Error(item, $"a value of '{path}' must be a single value (a number, a time, a distribution, a word).", "sweep the keys inside a mapping one by one, each by its own path.");
            }
        }

        return list.Count == seq.Children.Count ? list : null;
    }

    private static double? Rate(YamlDoc doc, YamlMappingNode? grid, string text)
    {
        if (ScenarioLoader.TryParseRate(text, out double r))
        {
            return r;
        }

        doc.Error(YamlDoc.Child(grid, "rate"), $"rate '{text}' must be sessions per second, e.g. 40/s.");
        return null;
    }

    private static long? Whole(YamlDoc doc, YamlMappingNode? grid, string text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n > 0)
        {
            return n;
        }

        doc.Error(YamlDoc.Child(grid, "sessions"), $"sessions '{text}' must be a positive whole number.");
        return null;
    }

    private static double? Share(YamlDoc doc, YamlMappingNode? grid, string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v is >= 0 and <= 1)
        {
            return v;
        }

        doc.Error(YamlDoc.Child(grid, "mms-share"), $"mms-share '{text}' must be a number in [0, 1].");
        return null;
    }
}
