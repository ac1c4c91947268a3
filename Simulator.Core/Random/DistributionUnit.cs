namespace CpmSim.Core.Random;

/// <summary>The kind of unit a distribution's values were written in.</summary>
public enum DistributionUnit
{
    /// <summary>Plain numbers (counts, bytes without a unit).</summary>
    Plain,

    /// <summary>Times (ns, us, ms, s, min, h): values in nanoseconds.</summary>
    Time,

    /// <summary>Sizes (B, KB, MB, GB): values in bytes.</summary>
    Size,
}
