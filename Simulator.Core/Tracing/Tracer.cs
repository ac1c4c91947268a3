namespace CpmSim.Core.Tracing;

/// <summary>
/// Decides what is traced and passes it to the sinks. Attach one to a network to turn tracing on;
/// with none attached, tracing costs one null check per send. <see cref="SampleEvery"/> = N traces
/// only sessions whose id is a multiple of N (records without a session are always kept).
/// </summary>
public sealed class Tracer
{
    private readonly ITraceSink[] _sinks;

    public Tracer(params ITraceSink[] sinks)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        if (sinks.Length == 0)
        {
            throw new ArgumentException("A tracer needs at least one sink.", nameof(sinks));
        }

        _sinks = sinks;
    }

    private readonly int _every = 1;

    // Divisibility by SampleEvery = odd · 2^shift without a division (it is asked for every message
    // and every noted action of a run): n is a multiple exactly when its low `shift` bits are zero
    // and (n >> shift) · odd⁻¹ (mod 2^64) is at most (2^64 - 1) / odd.
    private readonly ulong _lowBits;
    private readonly int _shift;
    private readonly ulong _inverse = 1;
    private readonly ulong _limit = ulong.MaxValue;

    /// <summary>Trace one session in N (1: all).</summary>
    public int SampleEvery
    {
        get => _every;
        init
        {
            _every = value;
            if (value > 1)
            {
                _shift = System.Numerics.BitOperations.TrailingZeroCount(value);
                _lowBits = (1UL << _shift) - 1;
                ulong odd = (ulong)value >> _shift;
                ulong inverse = odd; // Newton's iteration: each step doubles the correct low bits
                for (int i = 0; i < 5; i++)
                {
                    inverse *= 2 - (odd * inverse);
                }

                _inverse = inverse;
                _limit = ulong.MaxValue / odd;
            }
        }
    }

    public bool IsTraced(long sessionId)
    {
        if (_every <= 1)
        {
            return true;
        }

        if (sessionId < 0)
        {
            return sessionId % _every == 0;
        }

        ulong n = (ulong)sessionId;
        return (n & _lowBits) == 0 && (n >> _shift) * _inverse <= _limit;
    }

    public void Record(TraceRecord record)
    {
        if (!IsTraced(record.SessionId))
        {
            return;
        }

        foreach (ITraceSink sink in _sinks)
        {
            sink.Record(record);
        }
    }
}
