namespace CpmSim.Scenarios.Sip;

/// <summary>The kinds of media stream an SDP offer can carry.</summary>
#pragma warning disable CA1028 // a byte keeps a media stream at 16 bytes
public enum MediaType : byte
#pragma warning restore CA1028
{
    /// <summary>MSRP message session (chat).</summary>
    Chat,

    /// <summary>MSRP file transfer, with a size.</summary>
    File,

    Audio,
    Video,
}
