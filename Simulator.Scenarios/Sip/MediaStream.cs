using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// One m-line of an SDP body. <see cref="Port"/> 0 marks a rejected (or removed) stream, as in
/// RFC 3264. <see cref="Endpoint"/> is the node that terminates the media (the c=/a=path address),
/// so the trace can say between which nodes a session carries a stream. A small value.
/// </summary>
public readonly record struct MediaStream(MediaType Type, int Port, NodeId Endpoint, long SizeBytes = 0)
{
    public bool IsRejected => Port == 0;

    public MediaStream Rejected() => this with { Port = 0 };

    public override string ToString() =>
        (Type == MediaType.File ? $"file({SipFormat.Size(SizeBytes)})" : SipFormat.Name(Type)) + (IsRejected ? ":0" : string.Empty);
}
