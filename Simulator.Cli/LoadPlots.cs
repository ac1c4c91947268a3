using CpmSim.Core.Kernel;
using CpmSim.Core.Metrics;
using CpmSim.Scenarios.Load;
using HdrHistogram;
using HdrHistogram.Iteration;
using ScottPlot;

namespace CpmSim.Cli;

/// <summary>Plots of a load report, as PNG and SVG (ScottPlot, headless).</summary>
internal static class LoadPlots
{
    private const int Width = 900;
    private const int Height = 520;

    /// <summary>Points per node in the queue-over-time plot, whatever the run's virtual length.</summary>
    public const int QueueBuckets = 512;

    public static IReadOnlyList<string> WriteAll(LoadReport report, string directory)
    {
        var written = new List<string>();
        written.AddRange(Save(LatencyCdf(report), directory, "latency-cdf"));
        written.AddRange(Save(Utilisation(report), directory, "node-utilisation"));
        if (report.Runs[0].Timeline.Count > 0)
        {
            written.AddRange(Save(TimelinePlot(report.Runs[0], Heading(report)), directory, "timeline"));
        }

        if (report.Runs[0].QueueSeries.Count > 0)
        {
            written.AddRange(Save(QueueOverTime(report.Runs[0], Heading(report)), directory, "queue-length"));
        }

        return written;
    }

    public static IEnumerable<string> Save(Plot plot, string directory, string name)
    {
        string png = Path.Combine(directory, name + ".png");
        string svg = Path.Combine(directory, name + ".svg");
        plot.SavePng(png, Width, Height);
        plot.SaveSvg(svg, Width, Height);
        return [png, svg];
    }

    private static Plot LatencyCdf(LoadReport report)
    {
        var plot = new Plot();
        foreach ((string name, Func<RunMetrics, LongHistogram> pick) in new (string, Func<RunMetrics, LongHistogram>)[]
                 {
                     ("session request delay", r => r.SessionRequestDelay.Histogram),
                     ("modification delay", r => r.ModificationDelay.Histogram),
                     ("media added delay", r => r.MediaAddedDelay.Histogram),
                 })
        {
            LongHistogram h = report.Pooled(pick);
            if (h.TotalCount == 0)
            {
                continue;
            }

            var xs = new List<double>();
            var ys = new List<double>();
            long cumulative = 0;
            foreach (HistogramIterationValue v in h.RecordedValues())
            {
                cumulative += v.CountAtValueIteratedTo;
                xs.Add(h.HighestEquivalentValue(v.ValueIteratedTo) / 1000.0);
                ys.Add((double)cumulative / h.TotalCount);
            }

            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
            line.LegendText = name;
        }

        plot.Title($"{Heading(report)}: latency CDF");
        plot.XLabel("delay (ms)");
        plot.YLabel("fraction of sessions");
        plot.ShowLegend();
        return plot;
    }

    /// <summary>What a plot shows: the scenario, its load (attempts per second in the window, as <c>saps</c>) and the replications.</summary>
    private static string Heading(LoadReport report)
    {
        double saps = report.Rows.FirstOrDefault(r => r.Metric == "saps")?.Mean ?? double.NaN;
        string load = double.IsFinite(saps) ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{saps:0.##} sessions/s") : "load unknown";
        return $"{report.Scenario} at {load}, {report.Runs.Count} replication(s)";
    }

    private static Plot Utilisation(LoadReport report)
    {
        var plot = new Plot();
        var nodes = report.Runs[0].Nodes.Where(n => n.Servers > 0).Select(n => n.Node).ToList();
        if (nodes.Count == 0)
        {
            plot.Title($"{Heading(report)}: no node has a processing model (utilisation undefined)");
            return plot;
        }

        double[] values = [.. nodes.Select(name => report.Runs.Average(r => r.Nodes.First(n => n.Node == name).Utilisation))];
        plot.Add.Bars(values);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, nodes.Count).Select(i => (double)i)], [.. nodes]);
        plot.Axes.SetLimitsY(0, 1.05);
        plot.Title($"{Heading(report)}: node utilisation (mean over replications)");
        plot.YLabel("utilisation");
        return plot;
    }

    /// <summary>
    /// Replication 0 second by second: the success ratio of the sessions started in each second (left
    /// axis) and the sessions started (load, right axis), with each fault's window shaded and labelled.
    /// </summary>
    private static Plot TimelinePlot(RunMetrics run, string heading)
    {
        var plot = new Plot();
        Timeline t = run.Timeline;
        var seconds = t.Seconds().ToList();
        double[] xs = [.. seconds.Select(s => s.Second + 0.5)];
        foreach (FaultImpact f in run.Faults)
        {
            double start = f.Fault.At.TotalSeconds;
            double end = f.Fault.EndNs == long.MaxValue ? Math.Max(start + 1, t.Last + 1) : f.Fault.EndNs / 1e9;
            var span = plot.Add.HorizontalSpan(start, end);
            span.FillStyle.Color = Colors.OrangeRed.WithAlpha(0.18);
            span.LineStyle.Width = 0;
            span.LegendText = $"fault {f.Number}: {f.Fault.Label}";
        }

        var ratio = plot.Add.ScatterLine(xs, [.. seconds.Select(s => s.Bucket.SuccessRatio)]);
        ratio.LegendText = "success ratio (handled share)";
        var load = plot.Add.ScatterLine(xs, [.. seconds.Select(s => (double)s.Bucket.Started)]);
        load.LegendText = "sessions started per second";
        load.Axes.YAxis = plot.Axes.Right;
        plot.Axes.SetLimitsY(0, 1.05, plot.Axes.Left);
        plot.Title($"{heading}: timeline (replication 0{(run.Faults.Count > 0 ? ", fault windows shaded" : string.Empty)})");
        plot.XLabel("virtual time (s), by session start");
        plot.Axes.Left.Label.Text = "success ratio";
        plot.Axes.Right.Label.Text = "sessions started per second";
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }

    private static Plot QueueOverTime(RunMetrics run, string heading)
    {
        var plot = new Plot();
        foreach ((string node, IReadOnlyList<TimeSeriesBucket> buckets) in run.QueueSeries)
        {
            // One point per bucket, at its middle: the time-weighted mean queue over the bucket.
            double[] xs = [.. buckets.Select(b => (b.StartNs + b.EndNs) / 2.0 / SimTime.NanosPerSecond)];
            double[] ys = [.. buckets.Select(b => b.Mean)];
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = node;
        }

        plot.Title($"{heading}: queue length over time (replication 0, time-weighted mean per interval)");
        plot.XLabel("virtual time (s)");
        plot.YLabel("messages waiting");
        plot.ShowLegend();
        return plot;
    }
}
