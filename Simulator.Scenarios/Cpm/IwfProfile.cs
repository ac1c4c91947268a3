using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Cpm;

/// <summary>What an Interworking Function carries and how it converts, per non-CPM service.</summary>
public sealed record IwfProfile
{
    public required NonCpmService Service { get; init; }

    /// <summary>Media the IWF can carry; it rejects other streams.</summary>
    public required IReadOnlySet<MediaType> Media { get; init; }

    /// <summary>Largest file (bytes) it accepts; null: no limit.</summary>
    public long? MaxFileBytes { get; init; }

    public RejectEncoding RejectWith { get; init; } = RejectEncoding.Status488;

    public ConfirmMode Confirm { get; init; } = ConfirmMode.Immediate;

    /// <summary>How long it waits for the non-CPM ack before answering 408.</summary>
    public SimTime NonCpmTimeout { get; init; } = SimTime.FromSeconds(20);

    /// <summary>How it converts CPM content into messages of its service (<c>conversion:</c>).</summary>
    public required IIwfConversion Conversion { get; init; }

    /// <summary>Concatenated SMS with the 16-bit reference (152/66 per segment) instead of 8-bit (153/67).</summary>
    public bool SixteenBitReference { get; init; }

    /// <summary>CPM-SMS: chat only. Rejects new streams with 488.</summary>
    public static IwfProfile Sms => new() { Service = NonCpmService.Sms, Media = new HashSet<MediaType> { MediaType.Chat }, Conversion = SmsConversion.Instance };

    /// <summary>CPM-MMS: file and chat, 300 KB limit, OK after the MMSC's ack.</summary>
    public static IwfProfile Mms => new()
    {
        Service = NonCpmService.Mms,
        Conversion = MmsConversion.Instance,
        Media = new HashSet<MediaType> { MediaType.Chat, MediaType.File },
        MaxFileBytes = 300_000,
        Confirm = ConfirmMode.NonCpmAck,
    };

    /// <summary>Whether this IWF can carry <paramref name="stream"/>.</summary>
    public bool Supports(MediaStream stream) =>
        Media.Contains(stream.Type) && (stream.Type != MediaType.File || MaxFileBytes is null || stream.SizeBytes <= MaxFileBytes);
}
