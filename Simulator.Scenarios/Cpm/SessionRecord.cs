namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// What happened in one session, seen from the originating client. Times are virtual nanoseconds;
/// -1 where the event did not happen.
/// </summary>
public sealed class SessionRecord
{
    public required long Session { get; init; }

    public SessionOutcome Outcome { get; set; }

    /// <summary>Final status code of the failing request, when the outcome is a failure.</summary>
    public int FailureStatus { get; set; }

    public long InviteSentNs { get; set; } = -1;

    /// <summary>2xx to the CPM Session Invitation received (RFC 6076 Session Request Delay ends here).</summary>
    public long EstablishedNs { get; set; } = -1;

    /// <summary>Modification (re-INVITE) sent: seed step 2.</summary>
    public long ModificationSentNs { get; set; } = -1;

    /// <summary>Final answer to the modification (the re-INVITE's own transaction) received: seed step 22; before R01, the rejection.</summary>
    public long ModificationAnsweredNs { get; set; } = -1;

    /// <summary>The added stream is usable: seed step 23; before R01, the 200 to the client's new invitation for it.</summary>
    public long NewSessionNs { get; set; } = -1;

    public long ReleasedNs { get; set; } = -1;

    public int ChatMessagesSent { get; set; }

    public double SessionRequestDelayNs => EstablishedNs < 0 ? double.NaN : EstablishedNs - InviteSentNs;

    public double ModificationDelayNs => ModificationAnsweredNs < 0 ? double.NaN : ModificationAnsweredNs - ModificationSentNs;
}

/// <summary>The fields of a <see cref="SessionRecord"/> while the session runs, kept by value in the client's session table.</summary>
internal struct SessionRecordData
{
    public SessionOutcome Outcome;
    public int FailureStatus;
    public long InviteSentNs;
    public long EstablishedNs;
    public long ModificationSentNs;
    public long ModificationAnsweredNs;
    public long NewSessionNs;
    public long ReleasedNs;
    public int ChatMessagesSent;

    /// <summary>Every time unset (-1), the outcome a success until something fails.</summary>
    public void Reset()
    {
        Outcome = SessionOutcome.Success;
        FailureStatus = 0;
        InviteSentNs = EstablishedNs = ModificationSentNs = ModificationAnsweredNs = NewSessionNs = ReleasedNs = -1;
        ChatMessagesSent = 0;
    }

    public readonly SessionRecord ToRecord(long session) => new()
    {
        Session = session,
        Outcome = Outcome,
        FailureStatus = FailureStatus,
        InviteSentNs = InviteSentNs,
        EstablishedNs = EstablishedNs,
        ModificationSentNs = ModificationSentNs,
        ModificationAnsweredNs = ModificationAnsweredNs,
        NewSessionNs = NewSessionNs,
        ReleasedNs = ReleasedNs,
        ChatMessagesSent = ChatMessagesSent,
    };
}
