using System.Globalization;
using System.Runtime.CompilerServices;
using CpmSim.Core.Network;

namespace CpmSim.Core.Tracing;

/// <summary>
/// Interpolated-string handler for trace details: when the node's network has no tracer, the
/// string is never formatted, so a load run pays nothing for the text of <c>Note($"...")</c>.
/// Formats in the invariant culture.
/// </summary>
[InterpolatedStringHandler]
public ref struct TraceText
{
    private readonly bool _enabled;
    private DefaultInterpolatedStringHandler _inner;

    public TraceText(int literalLength, int formattedCount, Node node, long sessionId, out bool shouldAppend)
    {
        ArgumentNullException.ThrowIfNull(node);
        _enabled = node.IsTraced(sessionId);
        shouldAppend = _enabled;
        _inner = _enabled ? new DefaultInterpolatedStringHandler(literalLength, formattedCount, CultureInfo.InvariantCulture) : default;
    }

    public void AppendLiteral(string value) => _inner.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _inner.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _inner.AppendFormatted(value, format);

    public void AppendFormatted(string? value) => _inner.AppendFormatted(value);

    /// <summary>The text (empty when tracing is off).</summary>
    public string ToStringAndClear() => _enabled ? _inner.ToStringAndClear() : string.Empty;
}
