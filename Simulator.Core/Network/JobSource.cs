using CpmSim.Core.Kernel;
using CpmSim.Core.Random;

namespace CpmSim.Core.Network;

/// <summary>Sends <see cref="Job"/>s to <see cref="Destination"/> with gaps drawn from <see cref="Interarrival"/>, until <see cref="Limit"/> jobs.</summary>
public sealed class JobSource : Node
{
    private readonly Tick _tick = new();

    public JobSource(string name, Distribution interarrival, long limit)
        : base(name)
    {
        Interarrival = interarrival ?? throw new ArgumentNullException(nameof(interarrival));
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        Limit = limit;
    }

    public Distribution Interarrival { get; }

    public long Limit { get; }

    public NodeId Destination { get; set; } = NodeId.None;

    public long Sent { get; private set; }

    /// <summary>Schedules the first arrival.</summary>
    public void Start()
    {
        if (Limit > 0)
        {
            StartTimer(Interarrival.SampleTime(Random), _tick);
        }
    }

    protected internal override void HandleMessage(Message message, NodeId from)
    {
        Send(Destination, new Job(++Sent, Now.Nanoseconds));
        if (Sent < Limit)
        {
            StartTimer(Interarrival.SampleTime(Random), _tick);
        }
    }

    private sealed class Tick : Message
    {
        public override string Kind => "tick";
    }
}
