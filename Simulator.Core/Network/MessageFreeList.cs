namespace CpmSim.Core.Network;

/// <summary>
/// Where a pooled message goes back when it is done: the free messages of one
/// <see cref="MessagePool{T}"/>, all of its type. A sealed class, so that a message's return is a direct
/// call (an interface call from <see cref="Message.Done"/> cost a dispatch stub per message, the pools
/// of several types sharing that call site).
/// </summary>
internal sealed class MessageFreeList
{
    // A struct around the reference: storing into an array of it needs no covariance check.
    private Slot[] _free = new Slot[64];
    private int _count;

    /// <summary>Messages waiting.</summary>
    public int Count => _count;

    /// <summary>Takes the last message returned; null when none waits.</summary>
    public Message? TryTake()
    {
        if (_count == 0)
        {
            return null;
        }

        ref Slot slot = ref _free[--_count];
        Message message = slot.Message!;
        slot.Message = null;
        return message;
    }

    /// <summary>Keeps a message that is done.</summary>
    public void Return(Message message)
    {
        if (_count == _free.Length)
        {
            Array.Resize(ref _free, _free.Length * 2);
        }

        _free[_count++].Message = message;
    }

    private struct Slot
    {
        public Message? Message;
    }
}
