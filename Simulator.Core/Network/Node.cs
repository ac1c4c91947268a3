using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using CpmSim.Core.Kernel;
using CpmSim.Core.Processes;
using CpmSim.Core.Random;
using CpmSim.Core.Tracing;

namespace CpmSim.Core.Network;

/// <summary>
/// A simulated node. It has one entry point, <see cref="HandleMessage"/>, called when a message has
/// passed the node's ingress (queue and service). It never names its peers' objects: it sends to a
/// <see cref="NodeId"/> and the network decides how the message gets there. Timers are messages a
/// node schedules to itself; they arrive with <c>from == Id</c> and bypass the ingress queue. A timer
/// that needs no message — a kind and a number, such as "Timer B of call slot 17" — is set with
/// <see cref="StartTimer(SimTime, int, long)"/> and arrives at <see cref="OnTimer"/>: it allocates nothing.
/// A message handed to <see cref="HandleMessage"/> belongs to the node until the handler returns
/// (see <see cref="Message"/> on ownership).
/// </summary>
public abstract class Node : EventTarget
{
    // Event argument: the low 2 bits say what the event is; arrivals and service completions carry
    // the sender in bits 8 and up, light timers their kind in bits 2–7 and their data in bits 8 and up.
    private const long ArrivalEvent = 0;
    private const long ServiceDoneEvent = 1;
    private const long TimerEvent = 2;
    private const long LightTimerEvent = 3;

    /// <summary>Timer kinds of <see cref="StartTimer(SimTime, int, long)"/>: 0 to this value.</summary>
    public const int MaxTimerKind = 63;

    /// <summary>The largest data of <see cref="StartTimer(SimTime, int, long)"/>.</summary>
    public const long MaxTimerData = (1L << 55) - 1;

    private SimNetwork? _network;
    private Simulation? _simulation; // the network's, kept here: one field read on the hot paths
    private QueuedMessage[] _queue = [];
    private int _queueHead;
    private int _queueCount;
    private int _busy;
    private RandomStream? _serviceRandom;
    private ServiceModel? _service;

    // Faults: counts, so overlapping faults nest. Events of this node scheduled up to _crashSequence
    // (timers, services in progress) died with its last crash.
    private int _crashFaults;
    private int _silentFaults;
    private long _crashSequence = -1;

    protected Node(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The unique name in the network; also names the node's random streams.</summary>
    public string Name { get; }

    public NodeId Id { get; private set; } = NodeId.None;

    /// <summary>
    /// The ingress service model; null handles every message on arrival, in zero time. It can only be
    /// changed while nothing is in service or waiting.
    /// </summary>
    public ServiceModel? Service
    {
        get => _service;
        set
        {
            if (_busy != 0 || _queueCount != 0)
            {
                throw new InvalidOperationException($"Node '{Name}' cannot change its service model while {_busy} message(s) are in service and {_queueCount} waiting: set it before the run.");
            }

            _service = value;
        }
    }

    public NodeStatistics Statistics { get; } = new();

    public SimNetwork Network => _network ?? NetworkNotSet();

    protected Simulation Simulation => _simulation ?? NetworkNotSet().Simulation;

    protected SimTime Now => Simulation.Now;

    /// <summary>The node's own random stream (derived from the run seed and the node's name).</summary>
    protected RandomStream Random => Simulation.Random.For(Name);

    /// <summary>
    /// Throws for a node used before it joined a network: out of line and not generic, so that the
    /// properties above inline to a field read and a test.
    /// </summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private SimNetwork NetworkNotSet() => throw new InvalidOperationException($"Node '{Name}' is not part of a network yet.");

    internal void Attach(SimNetwork network, NodeId id)
    {
        if (_network is not null)
        {
            throw new InvalidOperationException($"Node '{Name}' already belongs to a network.");
        }

        _network = network;
        _simulation = network.Simulation;
        Id = id;
    }

    /// <summary>Handles a message that passed the ingress, or a timer (then <paramref name="from"/> is <see cref="Id"/>).</summary>
    protected internal abstract void HandleMessage(Message message, NodeId from);

    /// <summary>
    /// Called for a message refused because the ingress queue is full and the policy is
    /// <see cref="OverloadPolicy.Reject"/>: the place to answer 503. Does nothing by default.
    /// </summary>
    protected internal virtual void OnOverload(Message message, NodeId from)
    {
    }

    /// <summary>True while a crash fault holds the node down: it receives nothing, and its call state is gone.</summary>
    public bool IsCrashed => _crashFaults > 0;

    /// <summary>True while a silence fault lasts: the node receives and handles messages, but nothing it sends leaves it.</summary>
    public bool IsSilent => _silentFaults > 0;

    /// <summary>Times the node crashed.</summary>
    public long Crashes { get; private set; }

    /// <summary>
    /// The node crashes (a fault): the messages in its ingress (waiting or in service) are lost, its
    /// pending timers will never fire, <see cref="OnCrash"/> drops its state, and until
    /// <see cref="Restart"/> every message reaching it is lost (over a reliable transport the sender
    /// gets a transport error). Nests: a node crashed twice restarts after the second restart.
    /// </summary>
    public void Crash()
    {
        if (_crashFaults++ > 0)
        {
            return;
        }

        Crashes++;
        _crashSequence = Simulation.LastSequence;
        long now = Now.Nanoseconds;
        NodeStatistics stats = Statistics;
        while (_queueCount > 0)
        {
            Message lost = Dequeue().Message;
            stats.Dropped++;
            lost.Arrived();
            lost.Done();
        }

        stats.Dropped += _busy; // their service-done events are stale now: the messages are recycled when those fire
        _busy = 0;
        stats.QueueLength.Set(now, 0);
        stats.BusyServers.Set(now, 0);
        OnCrash();
    }

    /// <summary>The node comes back after a crash, empty (<see cref="OnRestart"/>).</summary>
    public void Restart()
    {
        if (_crashFaults == 0)
        {
            throw new InvalidOperationException($"Node '{Name}' is not crashed.");
        }

        if (--_crashFaults == 0)
        {
            OnRestart();
        }
    }

    /// <summary>A silence fault begins: the node goes on handling what it receives, but every message it sends is lost (no transport error: the peer's connection stays up).</summary>
    public void BeginSilence() => _silentFaults++;

    /// <summary>A silence fault ends.</summary>
    public void EndSilence()
    {
        if (_silentFaults == 0)
        {
            throw new InvalidOperationException($"Node '{Name}' is not silent.");
        }

        _silentFaults--;
    }

    /// <summary>The node crashed: drop every piece of call state (its timers will not fire). Does nothing by default.</summary>
    protected virtual void OnCrash()
    {
    }

    /// <summary>The node restarted after a crash, with no state. Does nothing by default.</summary>
    protected virtual void OnRestart()
    {
    }

    /// <summary>
    /// A message this node sent could not be delivered over a reliable transport: the link (or a link of
    /// the route) is down, or the receiver was crashed when it was sent or when it arrived (RFC 3261
    /// §8.1.3.1 and §18.4: the transport layer reports the failure to the sender). The message is the
    /// node's again while this runs, as in <see cref="HandleMessage"/>. Over an unreliable transport
    /// no error is reported: the message is just lost. Does nothing by default.
    /// </summary>
    protected internal virtual void OnTransportError(Message message, NodeId to)
    {
    }

    /// <summary>Called by the network: <paramref name="message"/> to <paramref name="to"/> failed.</summary>
    internal void TransportFailed(Message message, NodeId to)
    {
        message.Arrived();
        if (_crashFaults == 0 && !IsStale(Simulation))
        {
            OnTransportError(message, to);
        }

        message.Done();
    }

    /// <summary>The event being handled was scheduled before this node's last crash (and died with it).</summary>
    private bool IsStale(Simulation simulation) => simulation.CurrentSequence <= _crashSequence;

    /// <summary>Sends through the network (link or route to <paramref name="to"/>).</summary>
    protected void Send(NodeId to, Message message) => Network.Send(this, Id, to, message);

    /// <summary>Schedules <paramref name="timer"/> to arrive at this node after <paramref name="delay"/>.</summary>
    protected EventHandle StartTimer(SimTime delay, Message timer)
    {
        ArgumentNullException.ThrowIfNull(timer);
        timer.Depart();
        return Simulation.Schedule(delay, this, timer, TimerEvent);
    }

    /// <summary>
    /// Schedules a timer without a message: after <paramref name="delay"/>, <see cref="OnTimer"/> is
    /// called with <paramref name="kind"/> (0 to <see cref="MaxTimerKind"/>) and <paramref name="data"/>
    /// (0 to <see cref="MaxTimerData"/>). Allocates nothing.
    /// </summary>
    protected EventHandle StartTimer(SimTime delay, int kind, long data)
    {
        if ((uint)kind > MaxTimerKind || (ulong)data > MaxTimerData)
        {
            ThrowBadLightTimer(kind, data);
        }

        return Simulation.Schedule(delay, this, null, LightTimerEvent | ((long)kind << 2) | (data << 8));
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowBadLightTimer(int kind, long data) =>
        throw new ArgumentOutOfRangeException(nameof(kind), $"Node '{Name}': a light timer takes a kind in 0..{MaxTimerKind} and data in 0..{MaxTimerData} (got kind {kind}, data {data}).");

    /// <summary>
    /// Starts a time-out that is nearly always stopped before it fires (a protocol guard such as SIP
    /// Timer B): after <paramref name="delay"/>, <see cref="OnTimer"/> is called with
    /// <paramref name="kind"/> and <paramref name="data"/> — unless <see cref="TimeoutStands"/> says by
    /// then that it was stopped. Returns its sequence number: keep it where the time-out belongs, and
    /// forget it (or replace it) to stop the time-out; there is nothing to cancel. It fires exactly
    /// where <see cref="StartTimer(SimTime, int, long)"/> would have, at a fraction of its cost when
    /// stopped (see <see cref="TimerQueue"/>). Allocates nothing in the steady state.
    /// </summary>
    protected long StartTimeout(SimTime delay, int kind, long data)
    {
        if ((uint)kind > MaxTimerKind || (ulong)data > MaxTimerData)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), $"Node '{Name}': a time-out takes a kind in 0..{MaxTimerKind} and data in 0..{MaxTimerData} (got kind {kind}, data {data}).");
        }

        return TimeoutQueue(delay).Start(LightTimerEvent | ((long)kind << 2) | (data << 8));
    }

    /// <summary>
    /// Whether the time-out of <paramref name="kind"/> and <paramref name="data"/> numbered
    /// <paramref name="sequence"/> (from <see cref="StartTimeout"/>) still stands: typically, whether
    /// the state it guards still holds that number. Asked as the time-out comes due; false: it does
    /// not fire. A node that starts time-outs overrides this.
    /// </summary>
    protected virtual bool TimeoutStands(int kind, long data, long sequence) => true;

    private TimerQueue[] _timeoutQueues = [];

    /// <summary>The queue of this node's time-outs of <paramref name="delay"/> (a node has a few delays: a linear search).</summary>
    private TimerQueue TimeoutQueue(SimTime delay)
    {
        foreach (TimerQueue queue in _timeoutQueues)
        {
            if (queue.Delay == delay)
            {
                return queue;
            }
        }

        var made = new TimerQueue(Simulation, delay, this, (arg, sequence) => TimeoutStands((int)((arg >> 2) & MaxTimerKind), arg >> 8, sequence));
        _timeoutQueues = [.. _timeoutQueues, made];
        return made;
    }

    /// <summary>A timer set with <see cref="StartTimer(SimTime, int, long)"/> or <see cref="StartTimeout"/> fired.</summary>
    protected virtual void OnTimer(int kind, long data)
    {
    }

    /// <summary>Cancels a timer; false if it already fired or was cancelled.</summary>
    protected bool CancelTimer(EventHandle handle) => Simulation.Cancel(handle);

    /// <summary>Records a named internal action in the trace (when tracing is on).</summary>
    protected void Note(string action, long sessionId = 0, string? detail = null)
    {
        if (IsTraced(sessionId))
        {
            Network.Note(this, action, sessionId, detail, TraceKind.Action, null);
        }
    }

    /// <summary>Records a named internal action; the interpolated detail is only formatted when tracing is on.</summary>
    protected void Note(string action, long sessionId, [InterpolatedStringHandlerArgument("", "sessionId")] ref TraceText detail)
    {
        if (IsTraced(sessionId))
        {
            Network.Note(this, action, sessionId, detail.ToStringAndClear(), TraceKind.Action, null);
        }
    }

    /// <summary>Records a state reached between this node and <paramref name="peer"/> (e.g. a session established), when tracing is on.</summary>
    protected void NoteState(string state, string peer, long sessionId = 0, string? detail = null)
    {
        if (IsTraced(sessionId))
        {
            Network.Note(this, state, sessionId, detail, TraceKind.State, peer);
        }
    }

    /// <summary>True when records of <paramref name="sessionId"/> are traced (a tracer is attached and samples it).</summary>
    public bool IsTraced(long sessionId) => _network?.Tracer is Tracer t && t.IsTraced(sessionId);

    /// <summary>Called by the network for a message that reaches this node's ingress at <paramref name="arrivalNs"/> (not before now).</summary>
    internal void Arrive(Message message, NodeId from, long arrivalNs)
    {
        Simulation.ScheduleAt(new SimTime(arrivalNs), this, message, ArrivalEvent | ((long)from.Value << 8));
    }

    protected internal sealed override string FingerprintName => Name;

    /// <summary>What happens at the node and the message, for a fingerprint (see <see cref="EventTarget.FingerprintOf"/>).</summary>
    protected internal sealed override long FingerprintOf(Fingerprint fingerprint, object? payload, long arg)
    {
        // What happens and the message, combined into one number (the kernel adds the node and folds it in).
        long what = arg & 3;
        long v = fingerprint.Action ? what + 1 : 0;
        if (what == ArrivalEvent || what == TimerEvent)
        {
            // The message's ingredients, when it reaches the node and when it fires as a timer. Not again at
            // the end of its service: it belongs to the network from its arrival until then, unchanged.
            if (fingerprint.Message)
            {
                Message message = Unsafe.As<Message>(payload!);
                if (fingerprint.Kind)
                {
                    v = Fingerprint.Combine(v, fingerprint.HashOf(message.Kind));
                }

                if (fingerprint.Length)
                {
                    v = Fingerprint.Combine(v, message.SizeBytes);
                }

                if (fingerprint.Session)
                {
                    v = Fingerprint.Combine(v, message.SessionId);
                }

                if (fingerprint.Detail)
                {
                    v = Fingerprint.Combine(v, Fingerprint.Of(message.Label));
                }
            }
        }
        else if (what == LightTimerEvent && fingerprint.Kind)
        {
            v = Fingerprint.Combine(v, (arg >> 2) & MaxTimerKind); // a light timer: its kind
        }

        return v;
    }

    protected internal sealed override void OnEvent(Simulation simulation, object? payload, long arg)
    {
        if (_crashSequence >= 0 && (arg & 3) != ArrivalEvent && (_crashFaults > 0 || IsStale(simulation)))
        {
            // A timer or a service that died with the crash.
            if (payload is Message dead)
            {
                dead.Arrived();
                dead.Done();
            }

            return;
        }

        // Arrivals, service completions and message timers carry their message: only this class
        // schedules them (Arrive, StartService, StartTimer), so the payload needs no checked cast.
        Debug.Assert((arg & 3) == LightTimerEvent || payload is Message, "a node's message event without its message");
        switch (arg & 3)
        {
            case ArrivalEvent when _crashFaults > 0:
                Network.LostAtCrashedNode(Unsafe.As<Message>(payload!), new NodeId((int)(arg >> 8)), Id);
                break;
            case ArrivalEvent:
                OnArrival(simulation, Unsafe.As<Message>(payload!), new NodeId((int)(arg >> 8)));
                break;
            case ServiceDoneEvent:
                OnServiceDone(simulation, Unsafe.As<Message>(payload!), new NodeId((int)(arg >> 8)));
                break;
            case TimerEvent:
                Handle(Unsafe.As<Message>(payload!), Id);
                break;
            default:
                OnTimer((int)((arg >> 2) & MaxTimerKind), arg >> 8);
                break;
        }
    }

    /// <summary>Hands the message to the handler, then recycles it unless the handler sent it on or kept it.</summary>
    private void Handle(Message message, NodeId from)
    {
        message.Arrived();
        HandleMessage(message, from);
        message.Done();
    }

    private void OnArrival(Simulation simulation, Message message, NodeId from)
    {
        NodeStatistics stats = Statistics;
        stats.Arrivals++;
        ServiceModel? service = _service;
        if (service is null)
        {
            stats.Started++;
            stats.Served++;
            Handle(message, from);
            return;
        }

        long now = simulation.Now.Nanoseconds;
        if (_busy < service.Servers)
        {
            _busy++;
            stats.BusyServers.Set(now, _busy);
            StartService(simulation, service, message, from, waitNs: 0);
            return;
        }

        if (_queueCount < service.QueueCapacity)
        {
            Enqueue(new QueuedMessage(message, from, now));
            stats.QueueLength.Set(now, _queueCount);
            return;
        }

        message.Arrived();
        if (service.Overload == OverloadPolicy.Drop)
        {
            stats.Dropped++;
        }
        else
        {
            stats.Rejected++;
            OnOverload(message, from);
        }

        message.Done();
    }

    private void StartService(Simulation simulation, ServiceModel service, Message message, NodeId from, long waitNs)
    {
        _serviceRandom ??= simulation.Random.For(Name + "/service");
        SimTime serviceTime = service.ServiceTimeFor(message.Kind).SampleTime(_serviceRandom);
        NodeStatistics stats = Statistics;
        stats.Started++;
        stats.TotalWaitNs += waitNs;
        stats.TotalServiceNs += serviceTime.Nanoseconds;
        simulation.Schedule(serviceTime, this, message, ServiceDoneEvent | ((long)from.Value << 8));
    }

    private void OnServiceDone(Simulation simulation, Message message, NodeId from)
    {
        long now = simulation.Now.Nanoseconds;
        NodeStatistics stats = Statistics;
        stats.Served++;
        if (_queueCount > 0)
        {
            QueuedMessage next = Dequeue();
            stats.QueueLength.Set(now, _queueCount);
            StartService(simulation, _service!, next.Message, next.From, now - next.ArrivedNs);
        }
        else
        {
            _busy--;
            Debug.Assert(_busy >= 0, "busy servers below zero");
            stats.BusyServers.Set(now, _busy);
        }

        Handle(message, from);
    }

    private void Enqueue(QueuedMessage item)
    {
        if (_queueCount == _queue.Length)
        {
            var grown = new QueuedMessage[Math.Max(16, _queue.Length * 2)];
            for (int i = 0; i < _queueCount; i++)
            {
                grown[i] = _queue[(_queueHead + i) % _queue.Length];
            }

            _queue = grown;
            _queueHead = 0;
        }

        _queue[(_queueHead + _queueCount) % _queue.Length] = item;
        _queueCount++;
    }

    private QueuedMessage Dequeue()
    {
        QueuedMessage item = _queue[_queueHead];
        _queue[_queueHead] = default;
        _queueHead = (_queueHead + 1) % _queue.Length;
        _queueCount--;
        return item;
    }

    /// <summary>
    /// Process style: hands a message to the node's processes, which take it with
    /// <see cref="Receive"/> (in order of delivery). Call it from <see cref="HandleMessage"/> for the
    /// messages a process should see. The message then belongs to the process that receives it until
    /// that process receives again (or sends it on): it is not recycled before.
    /// </summary>
    protected void DeliverToProcess(Message message, NodeId from)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.HeldByProcess = true;
        Mailbox box = _mailbox ??= new Mailbox(Simulation);
        if (!box.Messages.TryPut(new ReceivedMessage(message, from)))
        {
            throw new InvalidOperationException($"Node '{Name}': its mailbox refused a message.");
        }
    }

    /// <summary>
    /// Process style: <c>await Receive()</c> waits for the next message handed over by
    /// <see cref="DeliverToProcess"/> (at once if one is waiting). A process can so be written as a
    /// script: send, then await the answer. The message received before by the same node's processes
    /// is released (recycled if pooled, unless sent on or retained).
    /// </summary>
    protected MessageReceive Receive()
    {
        Mailbox box = _mailbox ??= new Mailbox(Simulation);
        box.ReleaseLast();
        return new MessageReceive(box);
    }

    /// <summary>Messages delivered to the node's processes and not yet received.</summary>
    public int MailboxCount => _mailbox?.Messages.Count ?? 0;

    private Mailbox? _mailbox;

    /// <summary>Messages waiting in the ingress queue now.</summary>
    public int QueueLength => _queueCount;

    /// <summary>Servers busy now.</summary>
    public int BusyServers => _busy;

    private readonly record struct QueuedMessage(Message Message, NodeId From, long ArrivedNs);
}
