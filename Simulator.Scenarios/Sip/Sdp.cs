using System.Runtime.CompilerServices;
using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// An SDP body: the ordered media streams (m-lines) of an offer or answer, held inline (no heap
/// object). <c>default</c> is no body at all (<see cref="IsNone"/>); <see cref="Of"/> makes one, also
/// an empty one. Up to <see cref="Capacity"/> streams — one of each media type.
/// </summary>
public readonly struct Sdp : IEquatable<Sdp>
{
    /// <summary>The most streams a body holds.</summary>
    public const int Capacity = 4;

    private readonly Buffer _streams;
    private readonly sbyte _count; // the number of streams plus one; 0: no body

    private Sdp(in Buffer streams, int count)
    {
        _streams = streams;
        _count = (sbyte)(count + 1);
    }

    /// <summary>No body.</summary>
    public static Sdp None => default;

    /// <summary>A body with the given streams, in order.</summary>
    public static Sdp Of(params ReadOnlySpan<MediaStream> streams)
    {
        if (streams.Length > Capacity)
        {
            throw new ArgumentException($"An SDP body of {streams.Length} media streams: the model carries up to {Capacity} (one per media type).", nameof(streams));
        }

        var buffer = default(Buffer);
        for (int i = 0; i < streams.Length; i++)
        {
            buffer[i] = streams[i];
        }

        return new Sdp(buffer, streams.Length);
    }

    /// <summary>True when there is no body (as opposed to a body without streams).</summary>
    public bool IsNone => _count == 0;

    /// <summary>Streams in the body (0 when there is none).</summary>
    public int Count => _count <= 0 ? 0 : _count - 1;

    public MediaStream this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"an SDP body of {Count} streams");
            }

            return _streams[index];
        }
    }

    /// <summary>The streams, in order (a copy).</summary>
    public MediaStream[] Streams
    {
        get
        {
            var all = new MediaStream[Count];
            for (int i = 0; i < all.Length; i++)
            {
                all[i] = _streams[i];
            }

            return all;
        }
    }

    public bool HasRejected
    {
        get
        {
            for (int i = 0; i < Count; i++)
            {
                if (_streams[i].IsRejected)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The body with <paramref name="stream"/> appended.</summary>
    public Sdp With(MediaStream stream)
    {
        int n = Count;
        if (n == Capacity)
        {
            throw new InvalidOperationException($"An SDP body of more than {Capacity} media streams (adding {stream}).");
        }

        Buffer buffer = _streams;
        buffer[n] = stream;
        return new Sdp(buffer, n + 1);
    }

    /// <summary>The body with every stream's endpoint set to <paramref name="endpoint"/> (a B2BUA anchoring the media).</summary>
    public Sdp AnchoredAt(NodeId endpoint)
    {
        if (IsNone)
        {
            return this;
        }

        Buffer buffer = _streams;
        for (int i = 0; i < Count; i++)
        {
            buffer[i] = buffer[i].At(endpoint);
        }

        return new Sdp(buffer, Count);
    }

    /// <summary>The streams from <paramref name="start"/> on that are not rejected and whose type is in <paramref name="types"/>.</summary>
    public Sdp Select(int start, MediaTypes types)
    {
        var buffer = default(Buffer);
        int n = 0;
        for (int i = start; i < Count; i++)
        {
            MediaStream s = _streams[i];
            if (!s.IsRejected && types.Contains(s.Type))
            {
                buffer[n++] = s;
            }
        }

        return new Sdp(buffer, n);
    }

    /// <summary>The types of the streams that are not rejected.</summary>
    public MediaTypes AcceptedTypes
    {
        get
        {
            MediaTypes t = MediaTypes.None;
            for (int i = 0; i < Count; i++)
            {
                if (!_streams[i].IsRejected)
                {
                    t = t.With(_streams[i].Type);
                }
            }

            return t;
        }
    }

    /// <summary>The first accepted stream of a type; false when there is none.</summary>
    public bool TryFindAccepted(MediaType type, out MediaStream stream)
    {
        for (int i = 0; i < Count; i++)
        {
            if (_streams[i].Type == type && !_streams[i].IsRejected)
            {
                stream = _streams[i];
                return true;
            }
        }

        stream = default;
        return false;
    }

    /// <summary>Rough size on the wire: SDP header plus one m-line block per stream.</summary>
    public int SizeBytes => 120 + (90 * Count);

    public bool Equals(Sdp other)
    {
        if (_count != other._count)
        {
            return false;
        }

        for (int i = 0; i < Count; i++)
        {
            if (_streams[i] != other._streams[i])
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is Sdp other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_count, Count > 0 ? _streams[0] : default);

    public static bool operator ==(Sdp left, Sdp right) => left.Equals(right);

    public static bool operator !=(Sdp left, Sdp right) => !left.Equals(right);

    public override string ToString()
    {
        var parts = new string[Count];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = _streams[i].ToString();
        }

        return string.Join(",", parts);
    }

    [InlineArray(Capacity)]
    private struct Buffer
    {
        private MediaStream _element;
    }
}
