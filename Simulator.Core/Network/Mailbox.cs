using System.Runtime.CompilerServices;
using CpmSim.Core.Kernel;
using CpmSim.Core.Processes;

namespace CpmSim.Core.Network;

/// <summary>A message a node's process received, with its sender.</summary>
public readonly record struct ReceivedMessage(Message Message, NodeId From);

/// <summary>The messages a node hands to its processes (<see cref="Node.Receive"/>).</summary>
internal sealed class Mailbox(Simulation simulation)
{
    public Store<ReceivedMessage> Messages { get; } = new(simulation);

    /// <summary>The message the node's processes received last, held until they receive again.</summary>
    public Message? Last;

    public void ReleaseLast()
    {
        if (Last is { } last)
        {
            Last = null;
            if (last.HeldByProcess)
            {
                last.HeldByProcess = false;
                last.Done();
            }
        }
    }
}

/// <summary>Awaits <see cref="Node.Receive"/>: the next message delivered to the node's processes.</summary>
public struct MessageReceive : ICriticalNotifyCompletion, ISimAwaiter
{
    private readonly Mailbox _mailbox;
    private StoreGet<ReceivedMessage> _get;

    internal MessageReceive(Mailbox mailbox)
    {
        _mailbox = mailbox;
        _get = mailbox.Messages.Get();
    }

    public readonly MessageReceive GetAwaiter() => this;

    public bool IsCompleted => _get.IsCompleted;

    public readonly ReceivedMessage GetResult()
    {
        ReceivedMessage received = _get.GetResult();
        _mailbox.Last = received.Message;
        return received;
    }

    readonly void ISimAwaiter.Register(SimActivation waiter) => ((ISimAwaiter)_get).Register(waiter);

    readonly Kernel.Simulation ISimAwaiter.Simulation => ((ISimAwaiter)_get).Simulation!;

    public readonly void OnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();

    public readonly void UnsafeOnCompleted(Action continuation) => throw ISimAwaiter.OutsideSimTask();
}
