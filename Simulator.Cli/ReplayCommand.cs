using System.CommandLine;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;
using Wire = CpmSim.Scenarios.Wire;

namespace CpmSim.Cli;

/// <summary><c>cpmsim replay</c>: one session, its trace with step numbers, in a chosen format. Exit 1 when the trace does not conform to its flow.</summary>
internal static class ReplayCommand
{
    private static readonly string[] Formats = ["table", "csv", "json", "sip", "pcap", "mermaid", "plantuml", "svg"];

    public static Command Create(TextWriter stdout)
    {
        var file = new Argument<string?>("SCENARIO") { Description = "A scenario file (YAML). Omit it and give --variant for a built-in one.", Arity = ArgumentArity.ZeroOrOne };
        var variant = new Option<string?>("--variant", "-v") { Description = "A built-in scenario: r01, pre-r01, ... (see 'cpmsim variants')." };
        var seed = new Option<ulong?>("--seed", "-s") { Description = "Master seed (default: the scenario's)." };
        var format = new Option<string>("--format", "-f") { Description = "Output: table, csv, json (with every message's full text and headers), sip (the SIP log: every message in full), pcap (a capture for Wireshark; needs --out), mermaid, plantuml or svg.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string?>("--out", "-o") { Description = "Write to this file instead of the terminal." };
        var cmd = new Command("replay", "Replay one session of a scenario: the trace with the standard's step numbers, checked against the expected flow. Exit code 0: the trace conforms (or the scenario has no flow), 1: it does not conform, 2: bad input.")
        {
            file, variant, seed, format, output,
        };
        cmd.SetAction(parse =>
        {
            ScenarioDefinition scenario = ScenarioInput.Load(parse.GetValue(file), parse.GetValue(variant));
            ReplayResult result = ReplayRunner.Run(scenario, parse.GetValue(seed));
            string fmt = parse.GetValue(format)!;
            string? path = parse.GetValue(output);
            if (fmt == "pcap")
            {
                PcapOut.Write(path, "--out", stream => Wire.PcapExport.Write(result, stream));
                stdout.WriteLine($"wrote pcap to {path}");
                ReplayWriters.Summary(result, stdout);
                return result.Match is { Conforms: false } ? CliApp.ExitFailed : CliApp.ExitOk;
            }

            using TextWriter writer = path is null ? new NonClosingWriter(stdout) : OpenOut(path);
            switch (fmt)
            {
                case "csv":
                    ReplayWriters.Csv(result, writer);
                    break;
                case "json":
                    ReplayWriters.Json(result, writer);
                    break;
                case "sip":
                    Wire.SipLog.Write(result, writer);
                    break;
                case "mermaid" or "plantuml" or "svg":
                    ReplayCharts.Write(result, fmt, writer);
                    break;
                default:
                    ReplayWriters.Table(result, writer, color: path is null && !Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out));
                    break;
            }

            if (path is not null)
            {
                stdout.WriteLine($"wrote {fmt} to {path}");
                if (fmt != "table")
                {
                    ReplayWriters.Summary(result, stdout);
                }
            }

            // The verdict printed above decides the exit code, as check's does: 1 when the trace does not conform.
            return result.Match is { Conforms: false } ? CliApp.ExitFailed : CliApp.ExitOk;
        });
        return cmd;
    }

    private static StreamWriter OpenOut(string path)
    {
        try
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }

            return new StreamWriter(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"cannot write '{path}': {e.Message}");
        }
    }
}
