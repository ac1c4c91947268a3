using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// One m-line of an SDP body. <see cref="Port"/> 0 marks a rejected (or removed) stream, as in
/// RFC 3264. <see cref="Endpoint"/> is the node that terminates the media (the c=/a=path address),
/// so the trace can say between which nodes a session carries a stream. A 16-byte value.
/// </summary>
public readonly struct MediaStream : IEquatable<MediaStream>
{
    private readonly long _sizeBytes;
    private readonly NodeId _endpoint;
    private readonly ushort _port;
    private readonly MediaType _type;

    public MediaStream(MediaType type, int port, NodeId endpoint, long sizeBytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, ushort.MaxValue);
        _type = type;
        _port = (ushort)port;
        _endpoint = endpoint;
        _sizeBytes = sizeBytes;
    }

    public MediaType Type => _type;

    public int Port => _port;

    public NodeId Endpoint => _endpoint;

    /// <summary>A file's size in bytes (0 for other media).</summary>
    public long SizeBytes => _sizeBytes;

    public bool IsRejected => _port == 0;

    public MediaStream Rejected() => new(_type, 0, _endpoint, _sizeBytes);

    /// <summary>The same stream terminating at <paramref name="endpoint"/>.</summary>
    public MediaStream At(NodeId endpoint) => new(_type, _port, endpoint, _sizeBytes);

    public bool Equals(MediaStream other) => _type == other._type && _port == other._port && _endpoint == other._endpoint && _sizeBytes == other._sizeBytes;

    public override bool Equals(object? obj) => obj is MediaStream other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_type, _port, _endpoint, _sizeBytes);

    public static bool operator ==(MediaStream left, MediaStream right) => left.Equals(right);

    public static bool operator !=(MediaStream left, MediaStream right) => !left.Equals(right);

    public override string ToString() =>
        (_type == MediaType.File ? $"file({SipFormat.Size(_sizeBytes)})" : SipFormat.Name(_type)) + (IsRejected ? ":0" : string.Empty);
}
