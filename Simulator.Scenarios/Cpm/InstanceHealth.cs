using CpmSim.Core.Kernel;
using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// What a node that chooses among instances of a peer (the ISF among IWFs and cores, the SIP/IP core
/// among ISFs) remembers of their failures, as a SIP load balancer's dispatcher does: an instance that
/// failed a request (a transport error, a 503, or no answer before the time-out) is avoided for
/// <see cref="AvoidFor"/>, then chosen again. While every candidate is avoided, the choice is made as if
/// none were: trying one is better than failing the session. A node that never saw a failure chooses
/// exactly as it would without this class.
/// </summary>
public sealed class InstanceHealth
{
    private readonly Dictionary<NodeId, long> _avoidUntil = [];

    /// <summary>How long a failed instance is avoided (default 30 s); zero: never avoided (each session still fails over).</summary>
    public SimTime AvoidFor { get; set; } = SimTime.FromSeconds(30);

    /// <summary>Requests that failed over to another instance.</summary>
    public long Failovers { get; private set; }

    /// <summary>Failures noted.</summary>
    public long Failures { get; private set; }

    /// <summary>True when no failure is remembered: choices need not look here.</summary>
    public bool AllHealthy => _avoidUntil.Count == 0;

    /// <summary><paramref name="instance"/> failed a request at <paramref name="now"/>.</summary>
    public void Failed(NodeId instance, SimTime now)
    {
        Failures++;
        if (AvoidFor > SimTime.Zero)
        {
            _avoidUntil[instance] = now.Nanoseconds + AvoidFor.Nanoseconds;
        }
    }

    /// <summary>A request was sent to another instance after a failure.</summary>
    public void FailedOver() => Failovers++;

    /// <summary>Whether <paramref name="instance"/> is avoided at <paramref name="now"/> (an expired entry is forgotten).</summary>
    public bool IsAvoided(NodeId instance, SimTime now)
    {
        if (_avoidUntil.Count == 0 || !_avoidUntil.TryGetValue(instance, out long until))
        {
            return false;
        }

        if (now.Nanoseconds < until)
        {
            return true;
        }

        _avoidUntil.Remove(instance);
        return false;
    }

    /// <summary>
    /// Of <paramref name="candidates"/>, the one at <paramref name="preferred"/> if it is not avoided, else
    /// the next one (cyclically) that is not; <paramref name="preferred"/> when all are avoided.
    /// </summary>
    public int Choose(IReadOnlyList<NodeId> candidates, int preferred, SimTime now)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (_avoidUntil.Count == 0)
        {
            return preferred;
        }

        for (int k = 0; k < candidates.Count; k++)
        {
            int i = (preferred + k) % candidates.Count;
            if (!IsAvoided(candidates[i], now))
            {
                return i;
            }
        }

        return preferred;
    }
}
