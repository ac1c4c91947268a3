using CpmSim.Core.Metrics;

namespace CpmSim.Core.Network;

/// <summary>Absorbs jobs and records their time in the system (creation → arrival here).</summary>
public sealed class JobSink : Node
{
    public JobSink(string name)
        : base(name)
    {
    }

    public LatencyRecorder SojournTimes { get; } = new();

    /// <summary>Jobs created before this time are absorbed but not recorded (warm-up).</summary>
    public long RecordFromNs { get; set; }

    protected internal override void HandleMessage(Message message, NodeId from)
    {
        if (message is Job job && job.CreatedNs >= RecordFromNs)
        {
            SojournTimes.Record(Now.Nanoseconds - job.CreatedNs);
        }
    }
}
