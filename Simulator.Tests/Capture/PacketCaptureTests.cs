using System.Buffers.Binary;
using CpmSim.Core.Capture;

namespace CpmSim.Tests.Capture;

/// <summary>The pcap the capture writes, read back by hand: the file format, RFC 791/768/793 checksums, and TCP's sequence and acknowledgement numbers.</summary>
public sealed class PacketCaptureTests
{
    private sealed record Frame(long TimeNs, byte[] Bytes)
    {
        public int Protocol => Bytes[14 + 9];

        public Span<byte> Ip => Bytes.AsSpan(14, 20);

        public Span<byte> Payload => Bytes.AsSpan(34);

        public uint Src => BinaryPrimitives.ReadUInt32BigEndian(Ip[12..]);

        public uint Dst => BinaryPrimitives.ReadUInt32BigEndian(Ip[16..]);
    }

    private static List<Frame> Read(byte[] file, long epochSeconds)
    {
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(file), Is.EqualTo(0xA1B23C4D), "nanosecond pcap magic");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(20)), Is.EqualTo(1), "LINKTYPE_ETHERNET");
        var frames = new List<Frame>();
        for (int at = 24; at < file.Length;)
        {
            long sec = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at)) - epochSeconds;
            long ns = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 4));
            int len = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8));
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 12)), Is.EqualTo(len));
            frames.Add(new Frame((sec * 1_000_000_000) + ns, file.AsSpan(at + 16, len).ToArray()));
            at += 16 + len;
        }

        return frames;
    }

    private static uint OnesComplementSum(ReadOnlySpan<byte> data, uint sum = 0)
    {
        for (int i = 0; i < data.Length; i += 2)
        {
            sum += (uint)((data[i] << 8) | (i + 1 < data.Length ? data[i + 1] : 0));
        }

        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return sum;
    }

    private static uint Pseudo(Frame f)
    {
        Span<byte> p = stackalloc byte[12];
        f.Ip[12..20].CopyTo(p);
        p[9] = (byte)f.Protocol;
        BinaryPrimitives.WriteUInt16BigEndian(p[10..], (ushort)f.Payload.Length);
        return OnesComplementSum(p);
    }

    [Test]
    public void Frames_HaveValidChecksums_TimesFromTheEpoch_AndTcpNumbersThatCountTheBytes()
    {
        var capture = new PacketCapture();
        const uint a = 0x0A000001, b = 0x0A000002;
        capture.Udp(5_000, a, 5060, b, 5060, "hello"u8);
        capture.Tcp(1_000_000, 6_000_000, a, b, b, 80, "GET / HTTP/1.1\r\n\r\n"u8);   // 18 octets a → b
        capture.Tcp(7_000_000, 12_000_000, b, a, b, 80, "HTTP/1.1 200 OK\r\n\r\n"u8); // 19 octets b → a
        capture.Tcp(8_000_000, 13_000_000, a, b, b, 80, "x"u8);
        var stream = new MemoryStream();
        capture.WriteTo(stream);
        long epoch = (long)(PacketCapture.Epoch - DateTime.UnixEpoch).TotalSeconds;
        Assert.That(epoch, Is.EqualTo(946684800), "2000-01-01T00:00:00Z");
        List<Frame> frames = Read(stream.ToArray(), epoch);

        Assert.That(frames.Select(f => f.TimeNs), Is.Ordered, "time order");
        foreach (Frame f in frames)
        {
            Assert.That(OnesComplementSum(f.Ip), Is.EqualTo(0xFFFF), "IPv4 header checksum (RFC 791)");
            Assert.That(OnesComplementSum(f.Payload, Pseudo(f)), Is.EqualTo(0xFFFF), "UDP/TCP checksum over the pseudo-header");
        }

        Assert.That(frames.Count(f => f.Protocol == 17), Is.EqualTo(1));
        var tcp = frames.Where(f => f.Protocol == 6).ToList();
        byte Flags(Frame f) => f.Payload[13];
        uint Seq(Frame f) => BinaryPrimitives.ReadUInt32BigEndian(f.Payload[4..]);
        uint Ack(Frame f) => BinaryPrimitives.ReadUInt32BigEndian(f.Payload[8..]);
        int DataLength(Frame f) => f.Payload.Length - ((f.Payload[12] >> 4) * 4);
        Assert.That(tcp.Take(3).Select(Flags), Is.EqualTo(new byte[] { 0x02, 0x12, 0x10 }), "SYN, SYN-ACK, ACK");
        Assert.That(tcp.Take(3).Select(f => f.TimeNs), Has.All.EqualTo(1_000_000), "opened when the first segment goes");
        uint clientIsn = Seq(tcp[0]), serverIsn = Seq(tcp[1]);
        Assert.That(Ack(tcp[1]), Is.EqualTo(clientIsn + 1));

        // Each side's data segments follow on from its previous bytes.
        foreach (bool fromClient in new[] { true, false })
        {
            uint next = (fromClient ? clientIsn : serverIsn) + 1;
            foreach (Frame f in tcp.Skip(3).Where(f => (f.Src == a) == fromClient && DataLength(f) > 0))
            {
                Assert.That(Seq(f), Is.EqualTo(next));
                next += (uint)DataLength(f);
            }
        }

        // The server's reply at 7 ms acknowledges the request that arrived at 6 ms; the client's ACK of the
        // reply at 12 ms covers its 19 octets; the server's last ACK at 13 ms covers all 19 client octets.
        Frame reply = tcp.Single(f => f.Src == b && DataLength(f) == 19);
        Assert.That(Ack(reply), Is.EqualTo(clientIsn + 1 + 18));
        Frame last = tcp.Last(f => f.Src == b && DataLength(f) == 0);
        Assert.That((last.TimeNs, Ack(last)), Is.EqualTo((13_000_000L, clientIsn + 1 + 18 + 1)));
        Assert.That(tcp.Where(f => f.Src == a && DataLength(f) == 0 && f.TimeNs == 12_000_000).Select(Ack), Is.EqualTo(new[] { serverIsn + 1 + 19 }));
    }
}
