namespace CpmSim.Core.Network;

/// <summary>A generic unit of work for queueing models: created at a time, numbered.</summary>
public sealed class Job : Message
{
    public Job(long id, long createdNs)
    {
        Id = id;
        CreatedNs = createdNs;
    }

    public long Id { get; }

    public long CreatedNs { get; }

    public override string Kind => "job";

    public override long SessionId => Id;
}
