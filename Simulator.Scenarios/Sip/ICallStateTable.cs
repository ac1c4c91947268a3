namespace CpmSim.Scenarios.Sip;

/// <summary>A table of a node's call state (calls, legs, an index of them), registered with its <see cref="SipNode"/>.</summary>
internal interface ICallStateTable
{
    /// <summary>Entries held (0 once every call has ended).</summary>
    int Count { get; }

    /// <summary>Forgets every entry (the node crashed).</summary>
    void Clear();
}
