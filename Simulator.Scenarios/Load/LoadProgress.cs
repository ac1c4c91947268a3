using CpmSim.Core.Kernel;

namespace CpmSim.Scenarios.Load;

/// <summary>A run's progress: virtual time, sessions started and ended, events so far.</summary>
public readonly record struct LoadProgress(SimTime Now, long SessionsStarted, long SessionsEnded, long InProgress, long Events, long? SessionsPlanned);
