using System.Globalization;
using CpmSim.Core.Csv;
using CpmSim.Scenarios.Cpm;
using CsvHelper;
using HdrHistogram;
using HdrHistogram.Iteration;

namespace CpmSim.Scenarios.Load;

/// <summary>
/// Writes a load report as CSV files in the invariant culture: <c>summary.csv</c>, <c>nodes.csv</c>,
/// <c>steps.csv</c>, <c>latency-histogram.csv</c> and, when sessions were recorded, <c>sessions.csv</c>.
/// The same runs give byte-identical files.
/// </summary>
public static class LoadReportWriter
{
    public const string SummaryHeader = "metric,unit,mean,ci95_low,ci95_high,p50,p90,p99,p999,max,n,steady_state";

    public static IReadOnlyList<string> WriteAll(LoadReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        void Write(string name, Action<CsvWriter> body)
        {
            string path = Path.Combine(directory, name);
            using var stream = new StreamWriter(path);
            using CsvWriter csv = CsvWriter.Create(stream, CsvFiles.Writer, true);
            body(csv);
            csv.Flush();
            written.Add(path);
        }

        Write("summary.csv", csv => Summary(report, csv));
        Write("replications.csv", csv => Replications(report, csv));
        Write("nodes.csv", csv => Nodes(report, csv));
        Write("steps.csv", csv => Steps(report, csv));
        Write("latency-histogram.csv", csv => Histogram(report, csv));
        if (report.Runs.All(r => r.Sessions is not null))
        {
            Write("sessions.csv", csv => Sessions(report, csv));
        }

        Write("timeline.csv", csv => TimelineCsv(report, csv));
        if (report.Runs[0].Faults.Count > 0)
        {
            Write("faults.csv", csv => FaultsCsv(report, csv));
        }

        written.AddRange(Flows.FlowMix.WriteAll(report, directory));
        return written;
    }

    public static void Summary(LoadReport report, CsvWriter csv)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(csv);
        Header(csv, SummaryHeader);
        foreach (SummaryRow r in report.Rows)
        {
            Fields(csv, r.Metric, r.Unit, Num(r.Mean), Num(r.Ci95Low), Num(r.Ci95High), Num(r.P50), Num(r.P90), Num(r.P99), Num(r.P999), Num(r.Max), Int(r.N), r.Steady ? "true" : "false");
        }
    }

    public const string ReplicationsHeader = "metric,unit,run,seed,value";

    /// <summary>Each summary metric per replication (the values summary.csv's mean and interval are made of).</summary>
    private static void Replications(LoadReport report, CsvWriter csv)
    {
        Header(csv, ReplicationsHeader);
        foreach ((string metric, string unit, IReadOnlyList<double> values) in report.PerReplication)
        {
            for (int i = 0; i < values.Count; i++)
            {
                Fields(csv, metric, unit, Int(report.Runs[i].RunIndex), report.Runs[i].Seed.ToString(CultureInfo.InvariantCulture), Num(values[i]));
            }
        }
    }

    private static void Nodes(LoadReport report, CsvWriter csv)
    {
        Header(csv, "run,node,kind,servers,arrivals,served,dropped,rejected,utilisation,mean_queue,max_queue,mean_wait_ms,mean_service_ms,mean_in_system,throughput_per_s,retransmissions,in_node_at_end,measured_from_s,measured_to_s,steady_state");
        foreach (RunMetrics run in report.Runs)
        {
            foreach (NodeReport n in run.Nodes)
            {
                Fields(csv, Int(run.RunIndex), n.Node, n.Kind, Int(n.Servers), Int(n.Arrivals), Int(n.Served), Int(n.Dropped), Int(n.Rejected),
                    Num(n.Utilisation), Num(n.MeanQueue), Num(n.MaxQueue), Num(n.MeanWaitMs), Num(n.MeanServiceMs), Num(n.MeanInSystem), Num(n.ThroughputPerSecond), Int(n.Retransmissions), Int(n.InNodeAtEnd),
                    Num(run.MeasuredFrom.TotalSeconds), Num(run.MeasuredTo.TotalSeconds), run.IsSteady ? "true" : "false");
            }
        }
    }

    private static void Steps(LoadReport report, CsvWriter csv)
    {
        Header(csv, "step,n,mean_ms,p50_ms,p90_ms,p99_ms,max_ms");
        var order = report.Runs.SelectMany(r => r.StepOrder).Distinct().ToList();
        foreach (string step in order)
        {
            LongHistogram h = report.Pooled(r => r.StepDelays.TryGetValue(step, out LongHistogram? x) ? x : RunMetrics.NewHistogram());
            Fields(csv, step, Int(h.TotalCount), Num(h.GetMean() / 1000), Num(h.GetValueAtPercentile(50) / 1000.0), Num(h.GetValueAtPercentile(90) / 1000.0),
                Num(h.GetValueAtPercentile(99) / 1000.0), Num(h.GetMaxValue() / 1000.0));
        }
    }

    private static void Histogram(LoadReport report, CsvWriter csv)
    {
        Header(csv, "metric,upper_ms,count,cumulative_fraction");
        foreach ((string name, Func<RunMetrics, LongHistogram> pick) in new (string, Func<RunMetrics, LongHistogram>)[]
                 {
                     ("session_request_delay", r => r.SessionRequestDelay.Histogram),
                     ("modification_delay", r => r.ModificationDelay.Histogram),
                     ("media_added_delay", r => r.MediaAddedDelay.Histogram),
                 })
        {
            LongHistogram h = report.Pooled(pick);
            long cumulative = 0;
            foreach (HistogramIterationValue v in h.RecordedValues())
            {
                cumulative += v.CountAtValueIteratedTo;
                Fields(csv, name, Num(h.HighestEquivalentValue(v.ValueIteratedTo) / 1000.0), Int(v.CountAtValueIteratedTo), Num((double)cumulative / h.TotalCount));
            }
        }
    }

    private static void Sessions(LoadReport report, CsvWriter csv)
    {
        Header(csv, "run,session,outcome,failure_status,invite_sent_us,established_us,modification_sent_us,modification_answered_us,media_added_us,released_us");
        foreach (RunMetrics run in report.Runs)
        {
            foreach (SessionRecord s in run.Sessions!)
            {
                Fields(csv, Int(run.RunIndex), Int(s.Session), LoadReport.OutcomeName(s.Outcome), Int(s.FailureStatus), Us(s.InviteSentNs), Us(s.EstablishedNs),
                    Us(s.ModificationSentNs), Us(s.ModificationAnsweredNs), Us(s.NewSessionNs), Us(s.ReleasedNs));
            }
        }
    }

    public const string TimelineHeader = "run,second,sessions_started,sessions_handled,success_ratio,session_request_delay_mean_ms,modification_delay_mean_ms,faults";

    public const string FaultsHeader = "run,fault,label,kind,start_s,end_s,sessions_affected,success_ratio_before,success_ratio_during,recovery_time_s";

    /// <summary>Each run second by second: the sessions started in it, handled, their delays, and the faults active at some time in it (their numbers in faults.csv, ';'-separated).</summary>
    private static void TimelineCsv(LoadReport report, CsvWriter csv)
    {
        Header(csv, TimelineHeader);
        foreach (RunMetrics run in report.Runs)
        {
            foreach ((long s, Timeline.Second b) in run.Timeline.Seconds())
            {
                long from = s * Core.Kernel.SimTime.NanosPerSecond;
                long to = from + Core.Kernel.SimTime.NanosPerSecond;
                string active = string.Join(";", run.Faults.Where(f => f.Fault.At.Nanoseconds < to && f.Fault.EndNs > from).Select(f => Int(f.Number)));
                Fields(csv, Int(run.RunIndex), Int(s), Int(b.Started), Int(b.Handled), Num(b.SuccessRatio), Num(b.SetupDelayMeanMs), Num(b.ModificationDelayMeanMs), active);
            }
        }
    }

    private static void FaultsCsv(LoadReport report, CsvWriter csv)
    {
        Header(csv, FaultsHeader);
        foreach (RunMetrics run in report.Runs)
        {
            foreach (FaultImpact f in run.Faults)
            {
                Fields(csv, Int(run.RunIndex), Int(f.Number), f.Fault.Label, Scenario.FaultSchedule.KindName(f.Fault.Kind), Num(f.Fault.At.TotalSeconds),
                    f.Fault.EndNs == long.MaxValue ? string.Empty : Num(f.Fault.EndNs / 1e9), Int(f.SessionsAffected), Num(f.SuccessRatioBefore), Num(f.SuccessRatioDuring),
                    double.IsPositiveInfinity(f.RecoveryTimeSeconds) ? "never" : Num(f.RecoveryTimeSeconds));
            }
        }
    }

    private static void Header(CsvWriter csv, string header) => Fields(csv, header.Split(','));

    private static void Fields(CsvWriter csv, params string[] fields)
    {
        foreach (string f in fields)
        {
            csv.WriteField(f);
        }

        csv.EndRecord();
    }

    /// <summary>Fixed, culture-free number text: up to 6 decimals, empty for NaN.</summary>
    public static string Num(double v) => double.IsFinite(v) ? v.ToString("0.######", CultureInfo.InvariantCulture) : string.Empty;

    private static string Int(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Us(long ns) => ns < 0 ? string.Empty : (ns / 1000).ToString(CultureInfo.InvariantCulture);
}
