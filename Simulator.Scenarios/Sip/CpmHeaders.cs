namespace CpmSim.Scenarios.Sip;

/// <summary>
/// The CPM headers of a request (OMA CPM Conversation Functions): Conversation-ID and Contribution-ID,
/// the originator's own address (From) and the identity the originating network asserts for it
/// (P-Asserted-Identity, RFC 3325). One value, copied whole; B2BUAs carry it onto the requests they make,
/// so it reaches the IWFs.
/// </summary>
public readonly record struct CpmHeaders(long ConversationId, long ContributionId, string? From, string? AssertedIdentity)
{
    public bool IsNone => ConversationId == 0 && From is null;

    /// <summary>These headers with the originator's identity asserted by a trusted server of its network (the From, unless one is asserted already).</summary>
    public CpmHeaders Asserted() => AssertedIdentity is null && From is not null ? this with { AssertedIdentity = From } : this;
}
