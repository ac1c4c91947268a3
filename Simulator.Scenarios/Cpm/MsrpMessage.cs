using CpmSim.Scenarios.Sip;
using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Cpm;

/// <summary>An MSRP transaction on the media plane: a SEND (chat text or a file) or its 200 response.</summary>
public sealed class MsrpMessage : Message, IFlowMessage
{
    public required long Session { get; init; }

    public required bool IsResponse { get; init; }

    public required MediaType Media { get; init; }

    /// <summary>Chat text (chat SEND).</summary>
    public string? Text { get; init; }

    /// <summary>Bytes carried (file SEND).</summary>
    public long PayloadBytes { get; init; }

    /// <summary>Correlates a response with its SEND.</summary>
    public long Reference { get; init; }

    public override long SessionId => Session;

    public override int SizeBytes => (int)Math.Min(int.MaxValue, 150 + (Text?.Length ?? 0) + PayloadBytes);

    public override string Kind => IsResponse ? "MSRP 200" : "MSRP SEND";

    public string Word => IsResponse ? "MsrpOk" : "MsrpSend";

    public string Rendering => Kind;

    public bool Unnumbered => false;

    public override string Label => IsResponse ? Kind : Media == MediaType.File ? $"MSRP SEND file({SipFormat.Size(PayloadBytes)})" : $"MSRP SEND \"{Text}\"";
}
