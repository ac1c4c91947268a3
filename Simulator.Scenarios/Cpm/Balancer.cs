using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// The instances of a peer (one or more) and the policy that picks one for a new session. In-dialog
/// requests do not use it: they follow the route set, so a dialog stays with its instance.
/// </summary>
public sealed class Balancer
{
    private long _next;

    public Balancer(IReadOnlyList<NodeId> targets, BalancePolicy policy = BalancePolicy.SessionHash)
    {
        Targets = targets ?? throw new ArgumentNullException(nameof(targets));
        Policy = policy;
    }

    public static Balancer None { get; } = new([]);

    public IReadOnlyList<NodeId> Targets { get; }

    public BalancePolicy Policy { get; }

    public bool IsNone => Targets.Count == 0;

    /// <summary>The instance for a new request of <paramref name="session"/>; <see cref="NodeId.None"/> when there is none.</summary>
    public NodeId Pick(long session) => Targets.Count switch
    {
        0 => NodeId.None,
        1 => Targets[0],
        _ => Targets[(int)((Policy == BalancePolicy.RoundRobin ? _next++ : session) % Targets.Count)],
    };

    public static implicit operator Balancer(NodeId single) => single.IsNone ? None : new Balancer([single]);

    public override string ToString() => string.Join("|", Targets);
}
