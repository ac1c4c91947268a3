using CpmSim.Core.Kernel;

namespace CpmSim.Scenarios.Cpm;

/// <summary>What one CPM user does in one session: chat with a non-CPM recipient, maybe add a file, then release.</summary>
public sealed record SessionPlan
{
    /// <summary>The non-CPM recipient, e.g. <c>tel:+15550100</c>.</summary>
    public required string Recipient { get; init; }

    /// <summary>Chat messages sent once the chat session stands, one every <see cref="ChatInterval"/>.</summary>
    public IReadOnlyList<string> ChatMessages { get; init; } = [];

    public SimTime ChatInterval { get; init; } = SimTime.FromSeconds(1);

    /// <summary>Add a file stream to the session (the seed's modification).</summary>
    public bool AddFile { get; init; } = true;

    public long FileSizeBytes { get; init; } = 120_000;

    /// <summary>Time from the chat session's establishment (and its chat messages) to the modification.</summary>
    public SimTime ModifyAfter { get; init; } = SimTime.FromSeconds(1);

    /// <summary>Pre-R01 behaviour: when the modification is rejected, send a new Invitation for the file.</summary>
    public bool ReattemptOnRejection { get; init; }

    /// <summary>Send the file over MSRP once its stream is accepted.</summary>
    public bool SendFile { get; init; } = true;

    /// <summary>Time from the end of the last activity to the release (BYE).</summary>
    public SimTime ReleaseAfter { get; init; } = SimTime.FromSeconds(2);
}
