namespace CpmSim.Core.Kernel;

/// <summary>Identifies one scheduled event so that it can be cancelled.</summary>
public readonly record struct EventHandle(SimTime Time, long Sequence)
{
    /// <summary>False for <c>default</c>: no event.</summary>
    public bool IsValid => Sequence > 0;
}
