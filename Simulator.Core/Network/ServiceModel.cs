using CpmSim.Core.Random;

namespace CpmSim.Core.Network;

/// <summary>
/// A node's ingress: <see cref="Servers"/> parallel servers, a service time per message kind, a FIFO
/// queue of <see cref="QueueCapacity"/> places and an overload policy. Queueing delay emerges under
/// load. A node without a service model handles each message the instant it arrives.
/// </summary>
public sealed class ServiceModel
{
    public ServiceModel(int servers, Distribution serviceTime, int queueCapacity = int.MaxValue, OverloadPolicy overload = OverloadPolicy.Reject)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(servers);
        ArgumentOutOfRangeException.ThrowIfNegative(queueCapacity);
        Servers = servers;
        ServiceTime = serviceTime ?? throw new ArgumentNullException(nameof(serviceTime));
        QueueCapacity = queueCapacity;
        Overload = overload;
    }

    public int Servers { get; }

    /// <summary>The service time of a message kind without its own entry.</summary>
    public Distribution ServiceTime { get; }

    /// <summary>Places in the waiting queue (not counting messages in service).</summary>
    public int QueueCapacity { get; }

    public OverloadPolicy Overload { get; }

    /// <summary>Service times by message kind, overriding <see cref="ServiceTime"/>.</summary>
    public Dictionary<string, Distribution> PerKind { get; } = new(StringComparer.Ordinal);

    public Distribution ServiceTimeFor(string kind) =>
        PerKind.Count != 0 && PerKind.TryGetValue(kind, out Distribution? d) ? d : ServiceTime;

    public ServiceModel WithKind(string kind, Distribution serviceTime)
    {
        PerKind[kind] = serviceTime;
        return this;
    }
}
