using System.Runtime.CompilerServices;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// A timer of a node kind's own (started with <c>StartNodeTimer</c>) as it fires: which of the node's
/// timer kinds — an enum the node declares, numbered from 0 — and the call or leg it was started for.
/// The numbering under it (the kinds the SIP layer takes first) and the packing of the reference are
/// the layer's.
/// </summary>
public readonly struct NodeTimer
{
    private readonly int _kind;
    private readonly long _data;

    internal NodeTimer(int kind, long data)
    {
        _kind = kind;
        _data = data;
    }

    /// <summary>The call the timer was started for (when it was started with a <see cref="CallRef"/>).</summary>
    public CallRef Call => CallRef.FromTag(_data);

    /// <summary>The leg the timer was started for (when it was started with a <see cref="LegRef"/>).</summary>
    public LegRef Leg => LegRef.FromTag(_data);

    /// <summary>The timer's kind, as the node's own enum <typeparamref name="TKind"/> (backed by <c>int</c>).</summary>
    public TKind Kind<TKind>()
        where TKind : struct, Enum
    {
        int kind = _kind;
        return Unsafe.As<int, TKind>(ref kind);
    }

    /// <summary>The number of a node's own timer kind <paramref name="kind"/> (an <c>int</c>-backed enum), checked.</summary>
    internal static int Number<TKind>(TKind kind)
        where TKind : struct, Enum
    {
        if (Unsafe.SizeOf<TKind>() != sizeof(int))
        {
            throw new ArgumentException($"A node's timer kinds are an enum backed by int; {typeof(TKind).Name} is not.", nameof(kind));
        }

        return Unsafe.As<TKind, int>(ref kind);
    }

    public override string ToString() => $"node timer {_kind} ({_data})";
}
