using System.Runtime.CompilerServices;

namespace CpmSim.Core.Network;

/// <summary>
/// A free list of messages of one type for one simulation (not thread-safe, like the simulation;
/// get one per network with <see cref="SimNetwork.Shared{T}"/>). <see cref="Rent"/> hands out a fresh
/// message; the network takes it back once it is done (see <see cref="Message"/> on ownership), so a
/// run in steady state makes no new messages.
/// </summary>
public sealed class MessagePool<T>
    where T : Message, new()
{
    private readonly MessageFreeList _free = new(); // holds only messages of type T: those rented here

    /// <summary>Messages made because the pool was empty.</summary>
    public long Created { get; private set; }

    /// <summary>Messages waiting in the pool.</summary>
    public int Available => _free.Count;

    /// <summary>A message with its fields at their defaults.</summary>
    public T Rent()
    {
        Message? message = _free.TryTake();
        if (message is null)
        {
            message = new T();
            message.Pool = _free; // a message keeps its pool for life: set once, not at every rent
            Created++;
        }

        message.InPool = false;
        return Unsafe.As<T>(message); // the free list holds only messages made here, as T
    }
}
