namespace CpmSim.Core.Network;

/// <summary>Where a pooled message goes back when it is done (see <see cref="MessagePool{T}"/>).</summary>
internal interface IMessagePool
{
    void Return(Message message);
}
