namespace CpmSim.Scenarios.Sip;

/// <summary>An SDP body: the ordered media streams (m-lines) of an offer or answer.</summary>
public sealed class Sdp
{
    public Sdp(IReadOnlyList<MediaStream> streams) => Streams = streams ?? throw new ArgumentNullException(nameof(streams));

    public IReadOnlyList<MediaStream> Streams { get; }

    public static Sdp Of(params MediaStream[] streams) => new(streams);

    public bool HasRejected => Streams.Any(s => s.IsRejected);

    public IEnumerable<MediaStream> Accepted => Streams.Where(s => !s.IsRejected);

    /// <summary>Rough size on the wire: SDP header plus one m-line block per stream.</summary>
    public int SizeBytes => 120 + (90 * Streams.Count);

    public override string ToString() => string.Join(",", Streams);
}
