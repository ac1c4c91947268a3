using System.Buffers.Binary;

namespace CpmSim.Core.Capture;

/// <summary>
/// Builds a packet capture (pcap, nanosecond timestamps, Ethernet link type) of application messages
/// between IPv4 hosts: each UDP datagram is one frame; TCP payloads go on connections with a three-way
/// handshake (SYN with MSS and window scale), sequence and acknowledgement numbers that follow the bytes
/// each side sent and received, and a pure ACK from the receiver when a segment arrives (unless nothing new
/// is acknowledged). A frame's time is when its sender sent it (an ACK: when the acknowledged segment
/// arrived), as virtual nanoseconds after <see cref="Epoch"/>. Frames go into the file in time order.
/// MAC addresses are 02:00 followed by the IPv4 address.
/// </summary>
public sealed class PacketCapture
{
    /// <summary>Time 0 of the simulation in the capture: 2000-01-01T00:00:00Z.</summary>
    public static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private const int MaxSegment = 60_000;
    private const byte WindowShift = 7;

    private readonly List<Frame> _frames = [];
    private readonly Dictionary<(uint Client, uint Server, int ServerPort), Connection> _connections = [];
    private readonly Dictionary<uint, int> _nextClientPort = [];
    private readonly Dictionary<uint, ushort> _ipId = [];
    private long _order;

    /// <summary>Frames so far (TCP frames are made when the capture is written).</summary>
    public int UdpFrames { get; private set; }

    public int TcpSegments { get; private set; }

    /// <summary>A UDP datagram sent at <paramref name="sentNs"/>.</summary>
    public void Udp(long sentNs, uint fromIp, int fromPort, uint toIp, int toPort, ReadOnlySpan<byte> payload)
    {
        byte[] udp = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)fromPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(2), (ushort)toPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(4), (ushort)udp.Length);
        payload.CopyTo(udp.AsSpan(8));
        ushort sum = Checksum(fromIp, toIp, 17, udp);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(6), sum == 0 ? (ushort)0xFFFF : sum);
        _frames.Add(new Frame(sentNs, 2, _order++, Ip(fromIp, toIp, 17, udp)));
        UdpFrames++;
    }

    /// <summary>
    /// A TCP payload sent at <paramref name="sentNs"/> from <paramref name="fromIp"/> to <paramref name="toIp"/>,
    /// arriving at <paramref name="receivedNs"/> (-1: lost), on the connection whose server is
    /// <paramref name="serverIp"/>:<paramref name="serverPort"/> (one of the two ends). Payloads must be
    /// given in the order they were sent.
    /// </summary>
    public void Tcp(long sentNs, long receivedNs, uint fromIp, uint toIp, uint serverIp, int serverPort, ReadOnlySpan<byte> payload)
    {
        if (serverIp != fromIp && serverIp != toIp)
        {
            throw new ArgumentException("The server of a TCP connection is one of its two ends.", nameof(serverIp));
        }

        uint client = serverIp == fromIp ? toIp : fromIp;
        if (!_connections.TryGetValue((client, serverIp, serverPort), out Connection? c))
        {
            int port = _nextClientPort.TryGetValue(client, out int p) ? p : 49152;
            _nextClientPort[client] = port + 1;
            c = new Connection(client, port, serverIp, serverPort, sentNs);
            _connections.Add((client, serverIp, serverPort), c);
        }

        bool fromClient = fromIp == client;
        for (int start = 0; start < payload.Length || (start == 0 && payload.Length == 0); start += MaxSegment)
        {
            byte[] data = payload.Slice(start, Math.Min(MaxSegment, payload.Length - start)).ToArray();
            c.Segments.Add(new Segment(fromClient, sentNs, receivedNs, data));
            TcpSegments++;
            if (payload.Length == 0)
            {
                break;
            }
        }
    }

    /// <summary>Writes the capture as a pcap file (nanosecond resolution, link type Ethernet).</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var frames = new List<Frame>(_frames);
        foreach (Connection c in _connections.Values)
        {
            AddTcpFrames(c, frames);
        }

        frames.Sort((a, b) => a.TimeNs != b.TimeNs ? a.TimeNs.CompareTo(b.TimeNs) : a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : a.Order.CompareTo(b.Order));
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B23C4D); // nanosecond pcap
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 262_144);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1); // LINKTYPE_ETHERNET
        stream.Write(header);
        long epochSeconds = (long)(Epoch - DateTime.UnixEpoch).TotalSeconds;
        Span<byte> record = stackalloc byte[16];
        foreach (Frame f in frames)
        {
            long ns = Math.Max(0, f.TimeNs);
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(epochSeconds + (ns / 1_000_000_000)));
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(ns % 1_000_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)f.Bytes.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)f.Bytes.Length);
            stream.Write(record);
            stream.Write(f.Bytes);
        }
    }

    private void AddTcpFrames(Connection c, List<Frame> frames)
    {
        const uint clientIsn = 1000, serverIsn = 5000;
        var list = new List<Frame>();
        long t0 = c.OpenedNs;
        list.Add(TcpFrame(c, true, t0, 0, clientIsn, 0, Syn, [], handshake: true));
        list.Add(TcpFrame(c, false, t0, 0, serverIsn, clientIsn + 1, Syn | Ack, [], handshake: true));
        list.Add(TcpFrame(c, true, t0, 0, clientIsn + 1, serverIsn + 1, Ack, [], handshake: true));

        // Sequence numbers: bytes each side sent before, in the order given. Per side, in send order: the
        // end of each segment, its send time, and when it and every segment before it had arrived (TCP
        // delivers in order; long.MaxValue once one was lost) — so the ACK of a time is a binary search.
        var side = new[] { new Side(clientIsn + 1), new Side(serverIsn + 1) };
        var seq = new uint[c.Segments.Count];
        foreach ((Segment s, int i) in c.Segments.Select((s, i) => (s, i)))
        {
            Side d = side[s.FromClient ? 0 : 1];
            seq[i] = d.Next;
            d.Next += (uint)s.Data.Length;
            d.Ready = s.ReceivedNs < 0 ? long.MaxValue : Math.Max(d.Ready, s.ReceivedNs);
            d.Ends.Add(d.Next);
            d.SentAt.Add(s.SentNs);
            d.ReadyAt.Add(d.Ready);
        }

        for (int i = 0; i < c.Segments.Count; i++)
        {
            Segment s = c.Segments[i];
            Side own = side[s.FromClient ? 0 : 1], other = side[s.FromClient ? 1 : 0];
            list.Add(TcpFrame(c, s.FromClient, s.SentNs, 3, seq[i], other.AckedBy(s.SentNs), Ack | Psh, s.Data));
            if (s.ReceivedNs >= 0)
            {
                // The receiver's ACK when the segment arrives: its own sequence number is what it sent by then.
                list.Add(TcpFrame(c, !s.FromClient, s.ReceivedNs, 4, other.SentBy(s.ReceivedNs), own.AckedBy(s.ReceivedNs), Ack, []));
            }
        }

        list.Sort((a, b) => a.TimeNs != b.TimeNs ? a.TimeNs.CompareTo(b.TimeNs) : a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : a.Order.CompareTo(b.Order));

        // Drop pure ACKs that acknowledge nothing new (they would be duplicate ACKs).
        uint lastClientAck = 0, lastServerAck = 0;
        foreach (Frame f in list)
        {
            ref uint last = ref f.FromClient ? ref lastClientAck : ref lastServerAck;
            if (f.PureAck && f.AckNumber <= last)
            {
                continue;
            }

            last = Math.Max(last, f.AckNumber);
            frames.Add(f);
        }
    }

    private const byte Syn = 0x02, Psh = 0x08, Ack = 0x10;

    private Frame TcpFrame(Connection c, bool fromClient, long timeNs, int rank, uint seq, uint ack, byte flags, byte[] data, bool handshake = false)
    {
        uint src = fromClient ? c.ClientIp : c.ServerIp, dst = fromClient ? c.ServerIp : c.ClientIp;
        int srcPort = fromClient ? c.ClientPort : c.ServerPort, dstPort = fromClient ? c.ServerPort : c.ClientPort;
        bool syn = (flags & Syn) != 0;
        int headerLength = syn ? 28 : 20;
        byte[] tcp = new byte[headerLength + data.Length];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, (ushort)srcPort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), (ushort)dstPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(4), seq);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(8), (flags & Ack) != 0 ? ack : 0);
        tcp[12] = (byte)((headerLength / 4) << 4);
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(14), 65535);
        if (syn)
        {
            tcp[20] = 2; // MSS
            tcp[21] = 4;
            BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(22), 1460);
            tcp[24] = 1; // NOP
            tcp[25] = 3; // window scale
            tcp[26] = 3;
            tcp[27] = WindowShift;
        }

        data.CopyTo(tcp, headerLength);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(16), Checksum(src, dst, 6, tcp));
        return new Frame(timeNs, handshake ? 0 : rank, _order++, Ip(src, dst, 6, tcp))
        {
            FromClient = fromClient,
            AckNumber = ack,
            PureAck = !handshake && data.Length == 0 && flags == Ack,
        };
    }

    private byte[] Ip(uint src, uint dst, byte protocol, byte[] payload)
    {
        byte[] frame = new byte[14 + 20 + payload.Length];
        Mac(frame.AsSpan(0, 6), dst);
        Mac(frame.AsSpan(6, 6), src);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        Span<byte> ip = frame.AsSpan(14, 20);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + payload.Length));
        ushort id = _ipId.TryGetValue(src, out ushort n) ? n : (ushort)1;
        _ipId[src] = (ushort)(id + 1);
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], id);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0x4000); // don't fragment
        ip[8] = 64;
        ip[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], src);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], dst);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Fold(Sum(ip, 0)));
        payload.CopyTo(frame, 34);
        return frame;
    }

    private static void Mac(Span<byte> mac, uint ip)
    {
        mac[0] = 0x02;
        mac[1] = 0x00;
        BinaryPrimitives.WriteUInt32BigEndian(mac[2..], ip);
    }

    private static ushort Checksum(uint src, uint dst, byte protocol, byte[] segment)
    {
        Span<byte> pseudo = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(pseudo, src);
        BinaryPrimitives.WriteUInt32BigEndian(pseudo[4..], dst);
        pseudo[8] = 0;
        pseudo[9] = protocol;
        BinaryPrimitives.WriteUInt16BigEndian(pseudo[10..], (ushort)segment.Length);
        return Fold(Sum(segment, Sum(pseudo, 0)));
    }

    private static ulong Sum(ReadOnlySpan<byte> data, ulong sum)
    {
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += (uint)((data[i] << 8) | data[i + 1]);
        }

        if (i < data.Length)
        {
            sum += (uint)(data[i] << 8);
        }

        return sum;
    }

    private static ushort Fold(ulong sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    private sealed record Frame(long TimeNs, int Rank, long Order, byte[] Bytes)
    {
        public bool FromClient { get; init; }

        public uint AckNumber { get; init; }

        public bool PureAck { get; init; }
    }

    /// <summary>One direction of a connection: what it sent, when, and when the peer had it all in order.</summary>
    private sealed class Side(uint first)
    {
        public uint First { get; } = first;

        public uint Next { get; set; } = first;

        public long Ready { get; set; } = long.MinValue;

        public List<uint> Ends { get; } = [];

        public List<long> SentAt { get; } = [];

        public List<long> ReadyAt { get; } = [];

        /// <summary>The acknowledgement number for this side's bytes at <paramref name="timeNs"/>: the end of the last segment that had arrived, with all before it.</summary>
        public uint AckedBy(long timeNs) => Last(ReadyAt, timeNs) is int k and >= 0 ? Ends[k] : First;

        /// <summary>The sequence number after this side's bytes sent by <paramref name="timeNs"/>.</summary>
        public uint SentBy(long timeNs) => Last(SentAt, timeNs) is int k and >= 0 ? Ends[k] : First;

        private static int Last(List<long> times, long at)
        {
            int lo = 0, hi = times.Count - 1, found = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >>> 1;
                if (times[mid] <= at)
                {
                    found = mid;
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return found;
        }
    }

    private sealed record Segment(bool FromClient, long SentNs, long ReceivedNs, byte[] Data);

    private sealed class Connection(uint clientIp, int clientPort, uint serverIp, int serverPort, long openedNs)
    {
        public uint ClientIp { get; } = clientIp;

        public int ClientPort { get; } = clientPort;

        public uint ServerIp { get; } = serverIp;

        public int ServerPort { get; } = serverPort;

        public long OpenedNs { get; } = openedNs;

        public List<Segment> Segments { get; } = [];
    }
}
