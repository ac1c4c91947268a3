using System.Collections;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// The node kind's call-state tables, registered once: <see cref="HeldState"/> counts their entries
/// (leak checks) and a crash clears them, so a node writer cannot leave one out of either.
/// </summary>
public abstract partial class SipNode
{
    private readonly List<ICallStateTable> _callState = [];

    /// <summary>
    /// Entries of call state this node still holds — its registered tables (calls, legs, indexes),
    /// transactions and noted media (for leak checks: 0 once every session has ended and every timer has run).
    /// </summary>
    public int HeldState
    {
        get
        {
            int held = _client.Count + _server.Count + _notedMedia.Count;
            foreach (ICallStateTable table in _callState)
            {
                held += table.Count;
            }

            return held;
        }
    }

    /// <summary>Registers a table of this node's calls (or legs, sessions): counted in <see cref="HeldState"/>, cleared in a crash.</summary>
    private protected SlotTable<T> Register<T>(SlotTable<T> table)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(table);
        _callState.Add(table);
        return table;
    }

    /// <summary>Registers an index of this node's call state: counted in <see cref="HeldState"/>, cleared in a crash.</summary>
    protected Dictionary<TKey, TValue> Register<TKey, TValue>(Dictionary<TKey, TValue> index)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(index);
        _callState.Add(new Index(index));
        return index;
    }

    /// <summary>Every registered table forgets its entries (the node crashed).</summary>
    private void ClearCallState()
    {
        foreach (ICallStateTable table in _callState)
        {
            table.Clear();
        }
    }

    private sealed class Index(IDictionary index) : ICallStateTable
    {
        public int Count => index.Count;

        public void Clear() => index.Clear();
    }
}
