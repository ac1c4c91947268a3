using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Sweeps;

namespace CpmSim.Cli;

/// <summary>
/// Writes <c>manifest.json</c> into every output folder (<c>run</c>, <c>capacity</c>, <c>sweep</c>,
/// <c>merge</c>): what produced the folder — tool version and git commit, the command line, seeds and
/// replications, the resolved scenario (after <c>extends:</c> and command-line overrides, as YAML), the
/// machine, and the wall-clock start and end — so that <c>cpmsim rerun</c> can produce the same CSVs.
/// The CLI is the only place that reads the wall clock; the simulation never does.
/// </summary>
internal static class ManifestWriter
{
    public const string FileName = "manifest.json";

    /// <summary>The manifest format; a reader refuses another.</summary>
    public const int Format = 1;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>This build's version with its git commit (<c>0.1.0+SHA</c>; <c>+unknown</c> when built without git).</summary>
    public static string Version { get; } =
        typeof(ManifestWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The git commit the tool was built from, or <c>unknown</c>.</summary>
    public static string Commit => Version.Contains('+', StringComparison.Ordinal) ? Version[(Version.IndexOf('+', StringComparison.Ordinal) + 1)..] : "unknown";

    /// <summary>
    /// For <c>run</c> and <c>capacity</c>: the scenario (SCENARIO argument or <c>--variant</c>) resolved with the
    /// <c>--rate</c>/<c>--sessions</c> overrides, and the replications' fingerprints when the run folded them in
    /// (<c>fingerprints</c>, in replication order). Does nothing without <c>--out</c>.
    /// </summary>
    public static void Scenario(ParseResult parse, DateTimeOffset started, IReadOnlyList<string?>? fingerprints = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (Value<string?>(parse, "--out") is not string outDir)
        {
            return;
        }

        string? file = parse.CommandResult.Command.Arguments.Count > 0 ? parse.GetValue<string?>(parse.CommandResult.Command.Arguments[0].Name) : null;
        string? variant = Value<string?>(parse, "--variant");
        (string source, string text) = file is not null ? (file, File.ReadAllText(file)) : ("builtin:" + variant, BuiltIn.ScenarioText(variant!)!);
        var overrides = new List<KeyValuePair<string, string>>();
        if (Value<string?>(parse, "--rate") is string rate && RunCommand.ParseRate(rate) is double r)
        {
            overrides.Add(new("workload.arrivals", $"poisson({r.ToString("R", CultureInfo.InvariantCulture)}/s)"));
        }

        if (Value<long?>(parse, "--sessions") is long n)
        {
            overrides.Add(new("workload.sessions", n.ToString(CultureInfo.InvariantCulture)));
        }

        ScenarioDefinition scenario = ScenarioLoader.Load(source, text, overrides);
        JsonObject m = Common(parse, started);
        m["seed"] = Value<ulong?>(parse, "--seed") ?? scenario.Seed;
        m["replications"] = Value<int?>(parse, "--replications") ?? 1;
        m["scenario"] = new JsonObject
        {
            ["name"] = scenario.Name,
            ["argument"] = file,
            ["variant"] = variant,
            ["overrides"] = new JsonObject(overrides.Select(o => new KeyValuePair<string, JsonNode?>(o.Key, o.Value))),
            ["resolved"] = ScenarioLoader.ResolvedYaml(source, text, overrides),
        };
        if (fingerprints is not null && fingerprints.Any(f => f is not null))
        {
            m["fingerprints"] = new JsonArray([.. fingerprints.Select(f => (JsonNode?)f)]);
        }

        Save(outDir, m);
    }

    /// <summary>For <c>sweep</c>: the sweep file, its grid, the shard, and every grid scenario resolved.</summary>
    public static void Sweep(string outDir, ParseResult parse, SweepDefinition sweep, int shard, int shards, DateTimeOffset started, string? sweepText = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(sweep);
        JsonObject m = Common(parse, started);
        m["seed"] = sweep.Seed;
        m["replications"] = sweep.Replications;
        m["sweep"] = SweepBlock(sweep, sweepText, $"{shard}/{shards}", Enumerable.Range(0, sweep.RunCount).Count(id => id % shards == shard));
        Save(outDir, m);
    }

    /// <summary>For <c>merge</c>: the inputs and their manifests' versions and shards; the sweep block of the first input that has one.</summary>
    public static void Merge(string outDir, ParseResult parse, IReadOnlyList<string> inputs, int runs, DateTimeOffset started)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(inputs);
        JsonObject m = Common(parse, started);
        var list = new JsonArray();
        JsonNode? sweep = null;
        foreach (string dir in inputs)
        {
            var entry = new JsonObject { ["directory"] = dir };
            string path = Path.Combine(dir, FileName);
            if (File.Exists(path))
            {
                try
                {
                    JsonNode? input = JsonNode.Parse(File.ReadAllText(path));
                    entry["version"] = input?["version"]?.DeepClone();
                    entry["shard"] = input?["sweep"]?["shard"]?.DeepClone();
                    entry["started_utc"] = input?["started_utc"]?.DeepClone();
                    entry["finished_utc"] = input?["finished_utc"]?.DeepClone();
                    m["seed"] ??= input?["seed"]?.DeepClone();
                    m["replications"] ??= input?["replications"]?.DeepClone();
                    sweep ??= input?["sweep"]?.DeepClone();
                }
                catch (JsonException)
                {
                    entry["manifest"] = "damaged";
                }
            }
            else
            {
                entry["manifest"] = "missing";
            }

            list.Add(entry);
        }

        if (sweep is JsonObject s)
        {
            s["shard"] = "0/1";
            s["runs_in_shard"] = runs;
            m["sweep"] = s;
        }

        m["inputs"] = list;
        Save(outDir, m);
    }

    internal static JsonObject SweepBlock(SweepDefinition sweep, string? text, string shard, int runsInShard) => new()
    {
        ["name"] = sweep.Name,
        ["file"] = sweep.Source,
        ["text"] = text ?? File.ReadAllText(sweep.Source),
        ["shard"] = shard,
        ["runs_in_shard"] = runsInShard,
        ["grid"] = new JsonObject
        {
            ["points"] = sweep.Points.Count,
            ["runs"] = sweep.RunCount,
            ["scenarios"] = new JsonArray([.. sweep.Points.Select(p => p.Scenario).Distinct().Select(s => (JsonNode)s)]),
            ["rates"] = new JsonArray([.. sweep.Points.Where(p => p.Rate is not null).Select(p => p.Rate!.Value).Distinct().Select(r => (JsonNode)r)]),
            ["sessions"] = new JsonArray([.. sweep.Points.Where(p => p.Sessions is not null).Select(p => p.Sessions!.Value).Distinct().Select(r => (JsonNode)r)]),
            ["mms_shares"] = new JsonArray([.. sweep.Points.Where(p => p.MmsShare is not null).Select(p => p.MmsShare!.Value).Distinct().Select(r => (JsonNode)r)]),
            ["parameters"] = new JsonObject(sweep.Parameters.Select((path, i) => new KeyValuePair<string, JsonNode?>(path,
                new JsonArray([.. sweep.Points.Select(p => p.Values[i]).Distinct().Select(v => (JsonNode)v)])))),
        },
        ["scenarios"] = new JsonObject(sweep.Scenarios.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, new JsonObject
        {
            ["file"] = kv.Value.File,
            ["resolved"] = ScenarioLoader.ResolvedYaml(kv.Value.File, kv.Value.Text, []),
        }))),
    };

    private static JsonObject Common(ParseResult parse, DateTimeOffset started)
    {
        string[] args = [.. parse.Tokens.Select(t => t.Value)];
        return new JsonObject
        {
            ["manifest_format"] = Format,
            ["tool"] = "cpmsim",
            ["version"] = Version,
            ["commit"] = Commit,
            ["command"] = parse.CommandResult.Command.Name,
            ["arguments"] = new JsonArray([.. args.Select(a => (JsonNode)a)]),
            ["command_line"] = "cpmsim " + CliApp.CommandLine(args),
            ["working_directory"] = Environment.CurrentDirectory,
            ["seed"] = null,
            ["replications"] = null,
            ["machine"] = new JsonObject
            {
                ["cores"] = Environment.ProcessorCount,
                ["os"] = RuntimeInformation.OSDescription,
                ["architecture"] = RuntimeInformation.OSArchitecture.ToString(),
                ["dotnet"] = RuntimeInformation.FrameworkDescription,
            },
            ["started_utc"] = started.UtcDateTime.ToString("o", CultureInfo.InvariantCulture),
            ["finished_utc"] = null,
        };
    }

    private static void Save(string outDir, JsonObject m)
    {
        m["finished_utc"] = DateTimeOffset.UtcNow.UtcDateTime.ToString("o", CultureInfo.InvariantCulture);
        try
        {
            Directory.CreateDirectory(outDir);
            File.WriteAllText(Path.Combine(outDir, FileName), m.ToJsonString(Indented) + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write to '{outDir}': {e.Message}");
        }
    }

    /// <summary>An option's value by name, or default when the command has no such option (commands differ in options).</summary>
    private static T? Value<T>(ParseResult parse, string name) =>
        parse.CommandResult.Command.Options.Any(o => o.Name == name) ? parse.GetValue<T>(name) : default;
}
