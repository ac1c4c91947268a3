namespace CpmSim.Scenarios.Cpm;

/// <summary>How an IWF rejects a newly offered stream it cannot carry (all are legal SIP).</summary>
public enum RejectEncoding
{
    /// <summary>488 Not Acceptable Here with warning 304 (media type not available).</summary>
    Status488,

    /// <summary>200 OK whose answer sets the stream's port to 0.</summary>
    PortZero,

    /// <summary>415 Unsupported Media Type (no warning).</summary>
    Status415,

    /// <summary>606 Not Acceptable with warning 304.</summary>
    Status606,
}
