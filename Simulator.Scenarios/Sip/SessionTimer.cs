using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>A timer a node sets itself for one session: what to do when it fires.</summary>
public sealed class SessionTimer : Message
{
    public SessionTimer(string purpose, long session, object? state = null)
    {
        Purpose = purpose;
        Session = session;
        State = state;
    }

    /// <summary>E.g. <c>timer-B</c>, <c>modify</c>, <c>release</c>.</summary>
    public string Purpose { get; }

    public long Session { get; }

    /// <summary>Whatever the node needs to act on it (a leg, a reference).</summary>
    public object? State { get; }

    public override string Kind => "timer:" + Purpose;

    public override long SessionId => Session;
}
