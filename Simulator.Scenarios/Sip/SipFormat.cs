using System.Globalization;

namespace CpmSim.Scenarios.Sip;

/// <summary>Invariant formatting helpers for SIP renderings.</summary>
public static class SipFormat
{
    public static string Size(long bytes) => bytes switch
    {
        >= 1_000_000 when bytes % 1000 == 0 => (bytes / 1_000_000.0).ToString("0.###", CultureInfo.InvariantCulture) + "MB",
        >= 1000 when bytes % 1000 == 0 => (bytes / 1000).ToString(CultureInfo.InvariantCulture) + "KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + "B",
    };

    /// <summary>The media type as SDP and the flows write it: <c>chat</c>, <c>file</c>, <c>audio</c>, <c>video</c>.</summary>
    public static string Name(MediaType type) => type switch
    {
        MediaType.Chat => "chat",
        MediaType.File => "file",
        MediaType.Audio => "audio",
        MediaType.Video => "video",
        _ => type.ToString().ToLowerInvariant(),
    };
}
