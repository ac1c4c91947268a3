namespace CpmSim.Core.Network;

/// <summary>
/// A free list of messages of one type for one simulation (not thread-safe, like the simulation;
/// get one per network with <see cref="SimNetwork.Shared{T}"/>). <see cref="Rent"/> hands out a fresh
/// message; the network takes it back once it is done (see <see cref="Message"/> on ownership), so a
/// run in steady state makes no new messages.
/// </summary>
public sealed class MessagePool<T> : IMessagePool
    where T : Message, new()
{
    private T[] _free = new T[64];
    private int _count;

    /// <summary>Messages made because the pool was empty.</summary>
    public long Created { get; private set; }

    /// <summary>Messages waiting in the pool.</summary>
    public int Available => _count;

    /// <summary>A message with its fields at their defaults.</summary>
    public T Rent()
    {
        T message;
        if (_count > 0)
        {
            message = _free[--_count];
            _free[_count] = null!;
        }
        else
        {
            message = new T();
            Created++;
        }

        message.Pool = this;
        message.InPool = false;
        return message;
    }

    void IMessagePool.Return(Message message)
    {
        if (_count == _free.Length)
        {
            Array.Resize(ref _free, _free.Length * 2);
        }

        _free[_count++] = (T)message;
    }
}
