namespace CpmSim.Core.Metrics;

/// <summary>
/// One bucket of a <see cref="BoundedTimeSeries"/>: the value's time-weighted mean over
/// [<see cref="StartNs"/>, <see cref="EndNs"/>) and the largest value it took there.
/// </summary>
public readonly record struct TimeSeriesBucket(long StartNs, long EndNs, double Mean, double Max);
