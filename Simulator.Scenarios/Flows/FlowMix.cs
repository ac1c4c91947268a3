using System.Globalization;
using CpmSim.Core.Csv;
using CpmSim.Core.Metrics;
using CpmSim.Scenarios.Load;
using CsvHelper;

namespace CpmSim.Scenarios.Flows;

/// <summary>
/// The flows a load scenario can produce (its <c>flows:</c> list): each sampled session is classified
/// against them in order — the first that it conforms to, <see cref="NoModification"/> for a session that
/// never tried a modification, or <see cref="Unexplained"/> — and <c>flows.csv</c> gives the share of each.
/// </summary>
public static class FlowMix
{
    /// <summary>The reserved name in <c>flows:</c> for a session that never sends a modification (no file added).</summary>
    public const string NoModification = "no-modification";

    /// <summary>The class of a session that matches no declared flow.</summary>
    public const string Unexplained = "unexplained";

    /// <summary>How many unexplained sessions per run keep their first mismatch (written to <c>flow-mismatches.txt</c>).</summary>
    public const int MismatchesKept = 5;

    /// <summary>The stand-in for <see cref="NoModification"/> in a scenario's flow list: no roles, no steps.</summary>
    public static FlowDefinition NoModificationFlow { get; } = new() { Name = NoModification, Title = "a session that adds no stream", Roles = [], Steps = [] };

    /// <summary>The flow names of a report, in declared order, then <see cref="Unexplained"/>.</summary>
    public static IReadOnlyList<string> Classes(LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var names = new List<string>();
        foreach (string name in report.Runs.SelectMany(r => r.FlowCounts.Keys))
        {
            if (name != Unexplained && !names.Contains(name))
            {
                names.Add(name);
            }
        }

        names.Add(Unexplained);
        return names;
    }

    /// <summary>
    /// Writes <c>flows.csv</c> (flow, sessions, pooled share, mean share over replications with its 95% CI) and
    /// <c>flow-mismatches.txt</c> (the first mismatch of a few unexplained sessions per replication); nothing when no
    /// session was classified against a flow list.
    /// </summary>
    public static IReadOnlyList<string> WriteAll(LoadReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Runs.All(r => r.FlowCounts.Count == 0))
        {
            return [];
        }

        string csvPath = Path.Combine(directory, "flows.csv");
        using (var w = new StreamWriter(csvPath))
        {
            Write(report, w);
        }

        string textPath = Path.Combine(directory, "flow-mismatches.txt");
        using (var w = new StreamWriter(textPath))
        {
            w.NewLine = "\n";
            int shown = 0;
            for (int i = 0; i < report.Runs.Count; i++)
            {
                foreach (string m in report.Runs[i].FlowMismatches)
                {
                    w.WriteLine($"replication {i.ToString(CultureInfo.InvariantCulture)}: {m}");
                    shown++;
                }
            }

            if (shown == 0)
            {
                w.WriteLine("every sampled session matched a declared flow.");
            }
        }

        return [csvPath, textPath];
    }

    public static void Write(LoadReport report, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(w);
        using CsvWriter csv = CsvWriter.Create(w, CsvFiles.Writer, leaveOpen: true);
        csv.WriteRecord(["flow", "declared", "sessions", "share", "share_mean", "share_ci95_low", "share_ci95_high"]);
        long total = report.Runs.Sum(r => r.SampledSessions);
        foreach (string name in Classes(report))
        {
            long n = report.Runs.Sum(r => r.FlowCounts.GetValueOrDefault(name));
            ConfidenceInterval ci = ConfidenceInterval.Of(report.Runs.Where(r => r.SampledSessions > 0).Select(r => (double)r.FlowCounts.GetValueOrDefault(name) / r.SampledSessions));
            csv.WriteRecord([name, name == Unexplained ? "false" : "true", n.ToString(CultureInfo.InvariantCulture),
                LoadReportWriter.Num(total == 0 ? double.NaN : (double)n / total), LoadReportWriter.Num(ci.Mean), LoadReportWriter.Num(ci.Low), LoadReportWriter.Num(ci.High)]);
        }
    }
}
