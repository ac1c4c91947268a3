namespace CpmSim.Scenarios.Sip;

/// <summary>The kinds of media stream an SDP offer can carry.</summary>
public enum MediaType
{
    /// <summary>MSRP message session (chat).</summary>
    Chat,

    /// <summary>MSRP file transfer, with a size.</summary>
    File,

    Audio,
    Video,
}
