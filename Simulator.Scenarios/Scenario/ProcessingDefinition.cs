using CpmSim.Core.Network;
using CpmSim.Core.Random;

namespace CpmSim.Scenarios.Scenario;

/// <summary>A node's ingress processing: servers, service times, queue and overload policy.</summary>
public sealed record ProcessingDefinition
{
    public int Servers { get; init; } = 1;

    public required Distribution Time { get; init; }

    public IReadOnlyDictionary<string, Distribution> PerKind { get; init; } = new Dictionary<string, Distribution>();

    public int Queue { get; init; } = int.MaxValue;

    public OverloadPolicy Overload { get; init; } = OverloadPolicy.Reject;

    public ServiceModel ToServiceModel()
    {
        var model = new ServiceModel(Servers, Time, Queue, Overload);
        foreach (KeyValuePair<string, Distribution> kv in PerKind)
        {
            model.WithKind(kv.Key, kv.Value);
        }

        return model;
    }
}
