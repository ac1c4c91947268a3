using CpmSim.Core.Random;

namespace CpmSim.Scenarios.Workloads;

/// <summary>
/// How users behave, as distributions; each session draws its own plan. A null entry keeps the
/// scenario's fixed <c>session:</c> value.
/// </summary>
public sealed record UserBehaviour
{
    /// <summary>
    /// The most chat messages one session plans: a session's messages are drawn when it starts, so the
    /// count is bounded. A scenario file whose <c>chat-messages</c> has a larger mean is rejected; a
    /// larger draw from a distribution with a smaller mean is cut to this.
    /// </summary>
    public const int MaxChatMessages = 1_000_000;

    /// <summary>Chat messages per session (rounded to a whole number, at most <see cref="MaxChatMessages"/>).</summary>
    public Distribution? ChatMessages { get; init; }

    /// <summary>Characters per chat message.</summary>
    public Distribution? ChatSize { get; init; }

    public Distribution? ChatInterval { get; init; }

    /// <summary>Probability that the user adds a file.</summary>
    public double? FileProbability { get; init; }

    /// <summary>File size in bytes.</summary>
    public Distribution? FileSize { get; init; }

    /// <summary>Holding time before the modification (the chat phase after the last message).</summary>
    public Distribution? HoldingTime { get; init; }

    /// <summary>Time from the modification's end to the release.</summary>
    public Distribution? ReleaseAfter { get; init; }

    /// <summary>Share of clients that behave as before R01 (re-attempt a rejected file themselves).</summary>
    public double? PreR01Share { get; init; }
}
