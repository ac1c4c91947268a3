namespace CpmSim.Scenarios.Load;

/// <summary>
/// One line of <c>summary.csv</c>: a metric's mean over replications with its 95% Student-t
/// interval, and (for delays) percentiles of all samples pooled. NaN where a column does not apply.
/// <paramref name="Steady"/> is false when a replication was not in steady state: the figures then
/// describe a transient, and the interval estimates nothing.
/// </summary>
public sealed record SummaryRow(string Metric, string Unit, double Mean, double Ci95Low, double Ci95High, double P50, double P90, double P99, double P999, double Max, long N, bool Steady = true);
