namespace CpmSim.Core.Network;

/// <summary>A node's address in its <see cref="Network"/>: an index, cheap to copy and compare.</summary>
public readonly record struct NodeId(int Value)
{
    public static NodeId None => new(-1);

    public bool IsNone => Value < 0;

    public override string ToString() => Value < 0 ? "none" : "#" + Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
