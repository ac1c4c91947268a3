namespace CpmSim.Scenarios.Cpm;

/// <summary>How a session ended. Every session ends in exactly one.</summary>
public enum SessionOutcome
{
    /// <summary>Chat established, the file added when planned, released.</summary>
    Success,

    /// <summary>The chat session stood but the added file stream was rejected.</summary>
    FileRejected,

    /// <summary>The CPM Session Invitation was rejected (final response ≥ 300).</summary>
    SetupRejected,

    /// <summary>No final response to the invitation within Timer B.</summary>
    SetupTimeout,

    /// <summary>No final response to the modification within Timer B.</summary>
    ModificationTimeout,

    /// <summary>The modification failed with another code (491, 500, 503, ...).</summary>
    ModificationFailed,

    /// <summary>
    /// A network failure cut the session: a request of the client could not be delivered (transport
    /// error over a reliable transport: its link down, or the next hop crashed), or a node on the
    /// session's Signalling Path lost the dialog in a crash (481 Call/Transaction Does Not Exist to a
    /// request within it).
    /// </summary>
    NetworkFailure,
}
