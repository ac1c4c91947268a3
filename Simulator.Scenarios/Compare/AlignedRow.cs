using CpmSim.Scenarios.Flows;

namespace CpmSim.Scenarios.Compare;

/// <summary>How an aligned pair of records compares.</summary>
public enum AlignedStatus
{
    /// <summary>The same message at the same hop, with the same step and rendering.</summary>
    Same,

    /// <summary>The same message at the same hop, but numbered or rendered differently.</summary>
    Differs,

    OnlyA,

    OnlyB,
}

/// <summary>One row of two aligned traces: a record of each (null on the side that has none).</summary>
public sealed record AlignedRow(ObservedRecord? A, ObservedRecord? B, AlignedStatus Status)
{
    /// <summary>B's time minus A's, in nanoseconds (null unless both are there).</summary>
    public long? DeltaNs => A is not null && B is not null ? B.SentNs - A.SentNs : null;
}
