using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Cpm;

/// <summary>An MSRP transaction on the media plane: a SEND (chat text or a file) or its 200 response. Pooled.</summary>
public sealed class MsrpMessage : Message, IFlowMessage
{
    public long Session { get; set; }

    public bool IsResponse { get; set; }

    public MediaType Media { get; set; }

    /// <summary>Chat text (chat SEND).</summary>
    public string? Text { get; set; }

    /// <summary>Bytes carried (file SEND).</summary>
    public long PayloadBytes { get; set; }

    /// <summary>Correlates a response with its SEND.</summary>
    public long Reference { get; set; }

    public override long SessionId => Session;

    public override int SizeBytes => (int)Math.Min(int.MaxValue, 150 + (Text?.Length ?? 0) + PayloadBytes);

    public override string Kind => IsResponse ? "MSRP 200" : "MSRP SEND";

    public string Word => IsResponse ? "MsrpOk" : "MsrpSend";

    public string Rendering => Kind;

    public bool Unnumbered => false;

    public override string Label => IsResponse ? Kind : Media == MediaType.File ? $"MSRP SEND file({SipFormat.Size(PayloadBytes)})" : $"MSRP SEND \"{Text}\"";

    /// <summary>The 200 that answers <paramref name="send"/>, from <paramref name="pool"/>.</summary>
    public static MsrpMessage OkFor(MsrpMessage send, MessagePool<MsrpMessage>? pool)
    {
        ArgumentNullException.ThrowIfNull(send);
        MsrpMessage ok = pool?.Rent() ?? new MsrpMessage();
        ok.Session = send.Session;
        ok.IsResponse = true;
        ok.Media = send.Media;
        ok.Reference = send.Reference;
        return ok;
    }

    protected override void Reset()
    {
        Session = 0;
        IsResponse = false;
        Media = default;
        Text = null;
        PayloadBytes = 0;
        Reference = 0;
    }
}
