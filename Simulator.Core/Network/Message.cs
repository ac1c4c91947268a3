namespace CpmSim.Core.Network;

/// <summary>
/// Anything nodes exchange, and the timers a node sets itself. The core knows only what it needs to
/// deliver, queue and trace a message; the domain adds the rest.
/// </summary>
public abstract class Message
{
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

    public override string ToString() => Label;
}
