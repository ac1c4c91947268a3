using System.CommandLine;
using System.Globalization;
using System.Xml.Linq;
using CpmSim.Core.Kernel;
using CpmSim.Core.Tracing.Charts;
using CpmSim.Scenarios.Compare;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;
using Spectre.Console;

namespace CpmSim.Cli;

/// <summary>
/// <c>cpmsim compare A B</c>: two flows (built-in variants or scenario files, each replayed) aligned step by step,
/// or two load runs (their output folders) metric by metric with the difference and its 95% interval.
/// </summary>
internal static class CompareCommand
{
    private static readonly string[] Formats = ["table", "csv", "mermaid", "svg"];

    public static Command Create(TextWriter stdout)
    {
        var a = new Argument<string>("A") { Description = "A built-in variant (r01, ...), a scenario file, or a run output folder (cpmsim run --out)." };
        var b = new Argument<string>("B") { Description = "The same kind as A." };
        var seed = new Option<ulong?>("--seed", "-s") { Description = "Master seed for both replays (default: each scenario's)." };
        var format = new Option<string>("--format", "-f") { Description = "Output: table, csv, mermaid or svg (flows; runs: table or csv).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string?>("--out", "-o") { Description = "Write to this file instead of the terminal." };
        var cmd = new Command("compare", "Compare two flows (variants or scenario files: the traces aligned by step, the first difference, message counts per node and hop, the delays) or two runs (output folders: every summary metric with the difference and its 95% interval, paired over replications under common random numbers when the runs allow it).")
        {
            a, b, seed, format, output,
        };
        cmd.SetAction(parse =>
        {
            Input ia = Classify(parse.GetValue(a)!), ib = Classify(parse.GetValue(b)!);
            if (ia.IsRun != ib.IsRun)
            {
                Input flow = ia.IsRun ? ib : ia, run = ia.IsRun ? ia : ib;
                throw new CliException($"cannot compare {flow.Describe} with {run.Describe}: give two variants or scenario files (flows), or two run output folders (runs).");
            }

            string fmt = parse.GetValue(format)!;
            string? path = parse.GetValue(output);
            using TextWriter writer = path is null ? new NonClosingWriter(stdout) : Open(path);
            if (ia.IsRun)
            {
                if (fmt is "mermaid" or "svg")
                {
                    throw new CliException($"--format {fmt} draws flows; two runs compare as a table or csv.");
                }

                Runs(ia, ib, fmt, writer);
            }
            else
            {
                ulong? s = parse.GetValue(seed);
                var comparison = FlowComparison.Of(ReplayRunner.Run(ia.Scenario!, s), ReplayRunner.Run(ib.Scenario!, s));
                Flows(comparison, fmt, writer);
            }

            if (path is not null)
            {
                stdout.WriteLine($"wrote {fmt} to {path}");
            }

            return CliApp.ExitOk;
        });
        return cmd;
    }

    private sealed record Input(string Text, ScenarioDefinition? Scenario, string? Folder)
    {
        public bool IsRun => Folder is not null;

        public string Describe => IsRun ? $"the run folder '{Text}'" : File.Exists(Text) ? $"the scenario file '{Text}'" : $"the variant '{Text}'";
    }

    private static Input Classify(string text)
    {
        if (Directory.Exists(text))
        {
            if (!File.Exists(Path.Combine(text, "summary.csv")))
            {
                throw new CliException($"'{text}' is a folder but not a run's output (no summary.csv): give the folder 'cpmsim run --out DIR' wrote.");
            }

            return new Input(text, null, text);
        }

        if (File.Exists(text) || text.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            return new Input(text, ScenarioInput.Load(text, null), null);
        }

        if (BuiltIn.ScenarioNames.Contains(text))
        {
            return new Input(text, ScenarioInput.Load(null, text), null);
        }

        throw new CliException($"'{text}' is neither a built-in variant ({string.Join(", ", BuiltIn.ScenarioNames)}), a scenario file nor a run output folder.");
    }

    private static StreamWriter Open(string path)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null && !Directory.Exists(dir))
        {
            throw new CliException($"cannot write '{path}': the folder '{dir}' does not exist.");
        }

        try
        {
            return new StreamWriter(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write '{path}': {e.Message}");
        }
    }

    private static string Cell(ObservedRecord? r) => r is null ? "—" : r.Kind switch
    {
        FlowItemKind.Send => $"{r.Name} {r.FromRole}→{r.ToRole} ({r.Rendering})",
        FlowItemKind.Action => $"({r.Name}) at {r.FromRole}",
        _ => $"[{r.Name}] {r.FromRole}↔{r.ToRole}",
    };

    private static string Time(long? ns) => ns is long n ? new SimTime(n).ToString() : string.Empty;

    private static string Ms(double ns) => double.IsFinite(ns) ? (ns / 1e6).ToString("0.###", CultureInfo.InvariantCulture) + "ms" : "—";

    private static string Status(AlignedStatus s) => s switch
    {
        AlignedStatus.Same => "same",
        AlignedStatus.Differs => "differs",
        AlignedStatus.OnlyA => "only A",
        _ => "only B",
    };

    private static void Flows(FlowComparison c, string format, TextWriter w)
    {
        switch (format)
        {
            case "csv":
                FlowsCsv(c, w);
                return;
            case "mermaid":
                FlowsMermaid(c, w);
                return;
            case "svg":
                FlowsSvg(c, w);
                return;
        }

        w.WriteLine($"A: {c.A.Scenario.Name} ({c.A.FlowVerdict() ?? "no flow"})");
        w.WriteLine($"B: {c.B.Scenario.Name} ({c.B.FlowVerdict() ?? "no flow"})");
        var table = new Table().Border(TableBorder.Simple);
        foreach (string h in new[] { "A step", "A time", "A", "B step", "B time", "B", "" })
        {
            table.AddColumn(h);
        }

        foreach (AlignedRow r in c.Rows)
        {
            table.AddRow(
                new Text(r.A?.Step ?? string.Empty), new Text(Time(r.A?.SentNs)), new Text(Cell(r.A)),
                new Text(r.B?.Step ?? string.Empty), new Text(Time(r.B?.SentNs)), new Text(Cell(r.B)),
                new Text(r.Status == AlignedStatus.Same ? string.Empty : "≠ " + Status(r.Status)));
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(w), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = Math.Max(console.Profile.Width, 160);
        console.Write(table);
        AlignedRow? first = c.FirstDifference;
        w.WriteLine(first is null
            ? "first difference: none (the numbered steps are the same)"
            : $"first difference: {Status(first.Status)}: A {(first.A is null ? "—" : $"step {first.A.Step} {Cell(first.A)}")} | B {(first.B is null ? "—" : $"step {first.B.Step} {Cell(first.B)}")}");
        w.WriteLine();
        w.WriteLine($"{"delays",-42} {"A",-12} {"B",-12} B − A");
        foreach ((string name, double da, double db) in c.Delays)
        {
            w.WriteLine($"  {name,-40} {Ms(da),-12} {Ms(db),-12} {Ms(db - da)}");
        }

        w.WriteLine();
        w.WriteLine($"{"messages sent per node",-30} {"A",4} {"B",4} {"B − A",6}");
        foreach ((string key, int ca, int cb) in c.PerNode)
        {
            w.WriteLine($"  {key,-28} {ca,4} {cb,4} {cb - ca,6}");
        }

        w.WriteLine();
        w.WriteLine($"{"messages per hop",-42} {"A",4} {"B",4} {"B − A",6}");
        foreach ((string key, int ca, int cb) in c.PerHop.Where(h => h.A != h.B))
        {
            w.WriteLine($"  {key,-40} {ca,4} {cb,4} {cb - ca,6}");
        }

        int sameHops = c.PerHop.Count(h => h.A == h.B);
        w.WriteLine($"  ({sameHops} other hop(s) carry as many messages in both)");
    }

    private static void FlowsCsv(FlowComparison c, TextWriter w)
    {
        w.WriteLine("status,step_a,from_a,to_a,message_a,sip_a,sent_us_a,step_b,from_b,to_b,message_b,sip_b,sent_us_b,delta_us");
        static string Q(string? s) => s is null ? string.Empty : s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
        static string Us(long? ns) => ns is long n ? (n / 1000).ToString(CultureInfo.InvariantCulture) : string.Empty;
        foreach (AlignedRow r in c.Rows)
        {
            w.WriteLine(string.Join(',', Status(r.Status).Replace(' ', '_').ToLowerInvariant(),
                Q(r.A?.Step), Q(r.A?.FromRole), Q(r.A?.ToRole), Q(r.A?.Name), Q(r.A?.Rendering), Us(r.A?.SentNs),
                Q(r.B?.Step), Q(r.B?.FromRole), Q(r.B?.ToRole), Q(r.B?.Name), Q(r.B?.Rendering), Us(r.B?.SentNs),
                Us(r.DeltaNs)));
        }
    }

    /// <summary>One Mermaid sequence diagram: A's steps in one box, B's in another, a note on each step that differs.</summary>
    private static void FlowsMermaid(FlowComparison c, TextWriter w)
    {
        var participants = c.A.Participants.Concat(c.B.Participants).Distinct().ToList();
        w.WriteLine("sequenceDiagram");
        foreach (string p in participants)
        {
            w.WriteLine($"    participant {p}");
        }

        foreach ((string label, Func<AlignedRow, ObservedRecord?> pick, string colour) in new[] { ($"A: {c.A.Scenario.Name}", (Func<AlignedRow, ObservedRecord?>)(r => r.A), "rgb(235, 242, 255)"), ($"B: {c.B.Scenario.Name}", r => r.B, "rgb(255, 243, 230)") })
        {
            w.WriteLine($"    rect {colour}");
            w.WriteLine($"    Note over {participants[0]},{participants[^1]}: {label}");
            foreach (AlignedRow row in c.Rows)
            {
                if (pick(row) is not ObservedRecord r)
                {
                    continue;
                }

                string mark = row.Status == AlignedStatus.Same ? string.Empty : " ≠";
                string text = $"{r.Step}. {r.Name}{mark}".Replace(";", ",", StringComparison.Ordinal).Replace("#", string.Empty, StringComparison.Ordinal);
                w.WriteLine(r.Kind switch
                {
                    FlowItemKind.Send => $"    {r.FromRole}->>{r.ToRole}: {text} ({r.Rendering.Replace(";", ",", StringComparison.Ordinal)})",
                    FlowItemKind.Action => $"    Note over {r.FromRole}: {text}",
                    _ => $"    Note over {r.FromRole},{r.ToRole}: {text}",
                });
            }

            w.WriteLine("    end");
        }
    }

    /// <summary>The two sequence charts side by side.</summary>
    private static void FlowsSvg(FlowComparison c, TextWriter w)
    {
        XNamespace ns = "http://www.w3.org/2000/svg";
        var charts = new[] { c.A, c.B }.Select(r =>
        {
            var text = new StringWriter();
            new SvgSequenceWriter { MeasureText = SkiaText.Width }.Write(ReplayChart.From(r), text);
            return XElement.Parse(text.ToString());
        }).ToList();
        double Size(XElement e, string name) => double.Parse((string)e.Attribute(name)!, CultureInfo.InvariantCulture);
        double gap = 30, titleHeight = 24;
        double width = Size(charts[0], "width") + gap + Size(charts[1], "width");
        double height = titleHeight + Math.Max(Size(charts[0], "height"), Size(charts[1], "height"));
        charts[0].SetAttributeValue("y", titleHeight.ToString(CultureInfo.InvariantCulture));
        charts[1].SetAttributeValue("x", (Size(charts[0], "width") + gap).ToString(CultureInfo.InvariantCulture));
        charts[1].SetAttributeValue("y", titleHeight.ToString(CultureInfo.InvariantCulture));
        AlignedRow? first = c.FirstDifference;
        var svg = new XElement(ns + "svg",
            new XAttribute("width", width.ToString(CultureInfo.InvariantCulture)), new XAttribute("height", height.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("font-family", "sans-serif"), new XAttribute("font-size", "12"),
            new XElement(ns + "text", new XAttribute("x", "10"), new XAttribute("y", "16"),
                $"A: {c.A.Scenario.Name}   B: {c.B.Scenario.Name}   first difference: " + (first is null ? "none" : $"{Status(first.Status)} at A step {first.A?.Step ?? "—"} / B step {first.B?.Step ?? "—"}")),
            charts[0], charts[1]);
        w.WriteLine(svg.ToString());
    }

    private static void Runs(Input a, Input b, string format, TextWriter w)
    {
        (var va, var sa) = ReadReplications(a.Folder!);
        (var vb, var sb) = ReadReplications(b.Folder!);
        bool crn = sa.SequenceEqual(sb) && sa.Count >= 2;
        IReadOnlyList<RunComparison.Row> rows = RunComparison.Of(va, vb, crn);
        if (format == "csv")
        {
            w.WriteLine("metric,unit,mean_a,mean_b,difference,ci95_low,ci95_high,paired,paired_ci_width,unpaired_ci_width,n");
            foreach (RunComparison.Row r in rows)
            {
                w.WriteLine(string.Join(',', r.Metric, r.Unit, RunComparison.Format(r.MeanA), RunComparison.Format(r.MeanB), RunComparison.Format(r.Difference),
                    RunComparison.Format(r.Low), RunComparison.Format(r.High), r.Paired ? "true" : "false", RunComparison.Format(r.PairedWidth), RunComparison.Format(r.WelchWidth),
                    r.N.ToString(CultureInfo.InvariantCulture)));
            }

            return;
        }

        w.WriteLine($"A: {a.Folder} ({sa.Count} replication(s))");
        w.WriteLine($"B: {b.Folder} ({sb.Count} replication(s))");
        w.WriteLine(crn
            ? "paired: both runs have the same replications with the same seeds (common random numbers), so each interval is over the per-replication differences B − A; the unpaired (Welch) width is shown for comparison"
            : "unpaired: the runs do not share their replications' seeds (or have fewer than two), so each interval is Welch's over the two sets of replications");
        var table = new Table().Border(TableBorder.Simple);
        foreach (string h in new[] { "metric", "unit", "A", "B", "B − A", "95% CI of B − A", crn ? "paired width" : "", "unpaired width" })
        {
            table.AddColumn(h is "metric" or "unit" ? new TableColumn(h) : new TableColumn(h).RightAligned());
        }

        foreach (RunComparison.Row r in rows)
        {
            table.AddRow(new[]
            {
                r.Metric, r.Unit, RunComparison.Format(r.MeanA), RunComparison.Format(r.MeanB), RunComparison.Format(r.Difference),
                double.IsFinite(r.Low) ? $"[{RunComparison.Format(r.Low)}, {RunComparison.Format(r.High)}]" : "—",
                r.Paired ? RunComparison.Format(r.PairedWidth) : string.Empty, RunComparison.Format(r.WelchWidth),
            }.Select(t => new Text(t)));
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(w), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = Math.Max(console.Profile.Width, 150);
        console.Write(table);
    }

    /// <summary>A run folder's replications.csv: each metric's values by run index, and the (run, seed) pairs.</summary>
    private static (List<(string Metric, string Unit, IReadOnlyList<double> Values)> Values, List<(int Run, string Seed)> Seeds) ReadReplications(string folder)
    {
        string path = Path.Combine(folder, "replications.csv");
        if (!File.Exists(path))
        {
            throw new CliException($"'{folder}' has no replications.csv (the per-replication values a comparison needs): rerun it with this version of cpmsim run --out.");
        }

        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Scenarios.Load.LoadReportWriter.ReplicationsHeader)
        {
            throw new CliException($"{path}:1: not a replications.csv of this version (its first line should be '{Scenarios.Load.LoadReportWriter.ReplicationsHeader}').");
        }

        var values = new List<(string Metric, string Unit, IReadOnlyList<double> Values)>();
        var seeds = new SortedDictionary<int, string>();
        var byMetric = new Dictionary<string, (string Unit, SortedDictionary<int, double> Values)>();
        var order = new List<string>();
        for (int i = 1; i < lines.Length; i++)
        {
            string[] f = lines[i].Split(',');
            if (f.Length != 5 || !int.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int run))
            {
                throw new CliException($"{path}:{i + 1}: expected metric,unit,run,seed,value; got '{lines[i]}'.");
            }

            double v = f[4].Length == 0 ? double.NaN : double.Parse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture);
            if (!byMetric.TryGetValue(f[0], out var m))
            {
                m = (f[1], new SortedDictionary<int, double>());
                byMetric[f[0]] = m;
                order.Add(f[0]);
            }

            m.Values[run] = v;
            seeds[run] = f[3];
        }

        foreach (string metric in order)
        {
            values.Add((metric, byMetric[metric].Unit, [.. byMetric[metric].Values.Values]));
        }

        return (values, [.. seeds.Select(kv => (kv.Key, kv.Value))]);
    }
}
