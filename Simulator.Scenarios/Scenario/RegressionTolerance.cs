namespace CpmSim.Scenarios.Scenario;

/// <summary>
/// How much worse than its baseline a metric may get before <c>cpmsim check --baseline</c> fails it
/// (<c>expect: regression: {modification_delay.p99: 5%}</c> or <c>--regression modification_delay.p99=5%</c>).
/// For a delay (and goodput, retransmissions, losses) the tolerance is relative to the baseline's value;
/// for a ratio (in [0, 1]) it is absolute, in percentage points.
/// </summary>
/// <param name="Metric">A baseline metric (see <see cref="Load.BaselineMetrics.Names"/>), e.g. <c>modification_delay.p99</c>.</param>
/// <param name="Tolerance">As a fraction: 0.05 for 5%.</param>
/// <param name="Location">Where it was written (<c>file:line:column</c>, or the option).</param>
public sealed record RegressionTolerance(string Metric, double Tolerance, string Location);
