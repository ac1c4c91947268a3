using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace CpmSim.Core.Network;

/// <summary>
/// Anything nodes exchange, and the timers a node sets itself. The core knows only what it needs to
/// deliver, queue and trace a message; the domain adds the rest.
/// </summary>
/// <remarks>
/// Ownership, as in OMNeT++: a message belongs to one party at a time. While it travels (or waits in
/// an ingress queue, or as a timer) it belongs to the network; while a node's
/// <see cref="Node.HandleMessage"/> runs it belongs to that node, which may change it and send it on
/// (forwarding without a copy). When the handler returns without having sent it on, the message is
/// done: a message taken from a <see cref="MessagePool{T}"/> goes back to it (after <see cref="Reset"/>)
/// to be used again, so a steady run allocates no messages. A party that
/// wants to keep a message beyond that (a trace, a retransmission store) calls <see cref="Retain"/>:
/// a retained message is never recycled and must not be changed again — send a copy instead.
/// </remarks>
public abstract class Message
{
    /// <summary>True while the network or the kernel holds the message (in transit, queued, or a pending timer).</summary>
    internal bool InTransit;

    /// <summary>True while a process that received it (<see cref="Node.Receive"/>) holds it: not recycled until its next receive.</summary>
    internal bool HeldByProcess;

    /// <summary>True while the message waits in its pool: it must not be used.</summary>
    internal bool InPool;

    /// <summary>The pool it came from; null for a message made with <c>new</c>.</summary>
    internal MessageFreeList? Pool;

    /// <summary>The kind used for per-kind service times and statistics, e.g. <c>INVITE</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>Size on the wire, for links with a bandwidth.</summary>
    public virtual int SizeBytes => 0;

    /// <summary>The session this message belongs to, for trace sampling and records (0: none).</summary>
    public virtual long SessionId => 0;

    /// <summary>The dialog this message belongs to, for trace records (null: none).</summary>
    public virtual string? DialogId => null;

    /// <summary>How the message is shown in a trace.</summary>
    public virtual string Label => Kind;

    /// <summary>Kept by someone beyond its handling (a trace record, a retransmission store): never recycled, never changed.</summary>
    public bool IsRetained { get; private set; }

    /// <summary>Keeps the message: it will not be recycled. Forwarders then send a copy instead of this object.</summary>
    public void Retain() => IsRetained = true;

    /// <summary>True for a message taken from a pool (it returns there once done).</summary>
    public bool IsPooled => Pool is not null;

    /// <summary>
    /// Clears the message's own fields before it goes back to its pool, so that the next user starts
    /// from a fresh message. Types taken from a <see cref="MessagePool{T}"/> override it.
    /// </summary>
    protected virtual void Reset()
    {
    }

    /// <summary>Takes the message from the network for handling.</summary>
    internal void Arrived() => InTransit = false;

    /// <summary>The handler returned: recycles the message unless it was sent on or is retained.</summary>
    internal void Done()
    {
        if (!InTransit && !IsRetained && !InPool && !HeldByProcess && Pool is MessageFreeList pool)
        {
            Reset();
            InPool = true;
            pool.Return(this);
        }
    }

    /// <summary>Hands the message to the network or the kernel; a message travels once at a time.</summary>
    internal void Depart()
    {
        if (InTransit || InPool)
        {
            ThrowNotSendable();
        }

        InTransit = true;
        HeldByProcess = false;
    }

    /// <summary>Out of line, so that <see cref="Depart"/> inlines into the send and timer paths.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNotSendable() =>
        throw new InvalidOperationException(InPool
            ? $"A recycled {GetType().Name} was sent: a message must not be used after its handler returned; keep a copy, or Retain() it."
            : $"{Kind} is already on its way (in transit, queued or a pending timer): a message travels once at a time; send a copy.");

    public override string ToString() => Label;
}
