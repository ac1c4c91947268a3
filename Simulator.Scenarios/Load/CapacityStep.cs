namespace CpmSim.Scenarios.Load;

/// <summary>One constant-load step of a capacity search (ETSI TS 186 008): attempts, inadequately handled ones, and the verdict.</summary>
public sealed record CapacityStep(int Index, double Saps, long Attempts, long InadequatelyHandled, double IhsShare, double ModificationP99Ms, double SessionRequestP99Ms, bool Passed);
