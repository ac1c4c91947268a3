using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Sweeps;

namespace CpmSim.Cli;

/// <summary>
/// <c>cpmsim rerun DIR --out DIR2</c>: runs again what produced DIR, from DIR/manifest.json alone — the
/// resolved scenario (or, for a sweep, the sweep file and each grid scenario resolved), the seeds and
/// the options of the recorded command line — and writes the same CSV files, byte for byte, to DIR2.
/// A manifest of another cpmsim version is refused (the figures could differ).
/// </summary>
internal static class RerunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var input = new Argument<string>("DIR") { Description = "An output directory with a manifest.json (from run, capacity, sweep or merge)." };
        var output = new Option<string>("--out", "-o") { Description = "Directory for the re-run's files.", Required = true };
        var parallel = new Option<int>("--parallel", "-p") { Description = "Runs at once (does not change the results).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var cmd = new Command("rerun", "Re-run what produced an output directory, from its manifest.json: the same CSV files, byte for byte.") { input, output, parallel };
        cmd.SetAction(parse =>
        {
            string dir = parse.GetValue(input)!;
            string outDir = parse.GetValue(output)!;
            string path = Path.Combine(dir, ManifestWriter.FileName);
            JsonObject manifest = Read(path);
            string command = Text(manifest, "command", path);
            string[] args = [.. (manifest["arguments"] as JsonArray ?? throw Damaged(path, "no 'arguments'")).Select(a => a?.GetValue<string>() ?? string.Empty)];
            stdout.WriteLine($"rerun of: {manifest["command_line"]?.GetValue<string>()} (started {manifest["started_utc"]?.GetValue<string>()})");
            switch (command)
            {
                case "run" or "capacity":
                    return Scenario(manifest, path, args, outDir, stdout, stderr);
                case "sweep" or "merge":
                    Sweep(manifest, path, outDir, parse, stdout);
                    return CliApp.ExitOk;
                default:
                    throw Damaged(path, $"the command '{command}' cannot be re-run");
            }
        });
        return cmd;
    }

    /// <summary>Reads and checks a manifest: present, JSON, this format and this version.</summary>
    internal static JsonObject Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{path}: not found. Hint: give an output directory of run, capacity, sweep or merge (cpmsim writes manifest.json there).");
        }

        JsonObject? manifest;
        try
        {
            manifest = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (JsonException e)
        {
            throw new CliException($"{path}:{(e.LineNumber ?? 0) + 1}: damaged manifest ({CliApp.OneLine(e.Message)}). Hint: re-create it by running the command again.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: cannot be read: {e.Message}");
        }

        if (manifest is null || manifest["tool"]?.GetValueKind() != JsonValueKind.String || manifest["tool"]!.GetValue<string>() != "cpmsim")
        {
            throw Damaged(path, "not a cpmsim manifest");
        }

        if (manifest["manifest_format"]?.GetValueKind() != JsonValueKind.Number || manifest["manifest_format"]!.GetValue<int>() != ManifestWriter.Format)
        {
            throw Damaged(path, $"manifest format {manifest["manifest_format"]?.ToJsonString() ?? "missing"}, this cpmsim reads format {ManifestWriter.Format}");
        }

        string version = Text(manifest, "version", path);
        if (version != ManifestWriter.Version)
        {
            string commit = manifest["commit"]?.GetValue<string>() ?? "unknown";
            throw new CliException($"{path}: written by cpmsim {version}, this is cpmsim {ManifestWriter.Version}; another version may give other figures. Hint: re-run it with the version that wrote it"
                + (commit == "unknown" ? "." : $" (git checkout {commit}, then build)."));
        }

        return manifest;
    }

    private static int Scenario(JsonObject manifest, string path, string[] args, string outDir, TextWriter stdout, TextWriter stderr)
    {
        JsonObject scenario = manifest["scenario"] as JsonObject ?? throw Damaged(path, "no 'scenario'");
        string resolved = Text(scenario, "resolved", path);
        string? argument = scenario["argument"]?.GetValue<string>();
        string tmp = Path.Combine(Path.GetTempPath(), "cpmsim-rerun-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(tmp);
        try
        {
            string file = Path.Combine(tmp, Text(scenario, "name", path) + ".yaml");
            File.WriteAllText(file, resolved);
            var rerun = new List<string>();
            bool replaced = false;
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                if (a is "--out" or "-o" or "--variant" or "-v")
                {
                    i++; // its value goes too
                    continue;
                }

                if (a.StartsWith("--out=", StringComparison.Ordinal) || a.StartsWith("--variant=", StringComparison.Ordinal))
                {
                    continue;
                }

                if (!replaced && argument is not null && a == argument)
                {
                    replaced = true;
                    continue;
                }

                rerun.Add(a);
            }

            rerun.InsertRange(1, [file]);
            rerun.AddRange(["--out", outDir]);
            return CliApp.Run([.. rerun], stdout, stderr);
        }
        finally
        {
            Directory.Delete(tmp, recursive: true);
        }
    }

    private static void Sweep(JsonObject manifest, string path, string outDir, ParseResult parse, TextWriter stdout)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        JsonObject sweep = manifest["sweep"] as JsonObject ?? throw Damaged(path, "no 'sweep' (a merge of shards without manifests cannot be re-run)");
        string file = Text(sweep, "file", path);
        string text = Text(sweep, "text", path);
        var scenarios = new Dictionary<string, (string File, string Text)>(StringComparer.Ordinal);
        foreach ((string name, JsonNode? s) in sweep["scenarios"] as JsonObject ?? throw Damaged(path, "no 'sweep.scenarios'"))
        {
            scenarios[name] = (s?["file"]?.GetValue<string>() ?? name, s?["resolved"]?.GetValue<string>() ?? throw Damaged(path, $"no resolved text for scenario '{name}'"));
        }

        string[] shard = Text(sweep, "shard", path).Split('/');
        if (shard.Length != 2 || !int.TryParse(shard[0], out int i) || !int.TryParse(shard[1], out int n) || n < 1 || i < 0 || i >= n)
        {
            throw Damaged(path, $"sweep.shard '{string.Join('/', shard)}' is not i/N");
        }

        SweepDefinition definition;
        try
        {
            definition = SweepLoader.Load(file, text, scenarios);
        }
        catch (FileErrorException e)
        {
            throw new CliException($"{path}: the sweep it records does not load: {e.Message}");
        }

        SweepCommand.Run(definition, i, n, Math.Max(1, parse.GetValue<int>("--parallel")), outDir, plots: n == 1, stdout);
        ManifestWriter.Sweep(outDir, parse, definition, i, n, started, text);
    }

    private static string Text(JsonObject o, string key, string path) =>
        o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Damaged(path, $"no '{key}'");

    private static CliException Damaged(string path, string what) =>
        new($"{path}: damaged or not a manifest cpmsim can re-run ({what}). Hint: re-create it by running the command again.");
}
