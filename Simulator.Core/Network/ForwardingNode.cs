namespace CpmSim.Core.Network;

/// <summary>Passes every message on to <see cref="Next"/> once its ingress has served it: a queueing station.</summary>
public sealed class ForwardingNode : Node
{
    public ForwardingNode(string name)
        : base(name)
    {
    }

    public NodeId Next { get; set; } = NodeId.None;

    protected internal override void HandleMessage(Message message, NodeId from) => Send(Next, message);
}
