using System.Runtime.CompilerServices;
using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// A short list of nodes held inline (no heap object): a Via stack (newest last), a route set or a
/// Record-Route list (first hop first). A value: copying it copies the list, so a message or a
/// dialog can keep one without sharing. Holds up to <see cref="Capacity"/> nodes — more proxies on
/// one path than any CPM network has; a longer path is reported as an error naming the hop.
/// </summary>
public struct NodeList : IEquatable<NodeList>
{
    /// <summary>The most nodes a list holds.</summary>
    public const int Capacity = 8;

    private Buffer _items;
    private int _count;

    /// <summary>A list of the given nodes, in order.</summary>
    public static NodeList Of(params ReadOnlySpan<NodeId> nodes)
    {
        var list = default(NodeList);
        foreach (NodeId n in nodes)
        {
            list.Add(n);
        }

        return list;
    }

    public readonly int Count => _count;

    public readonly bool IsEmpty => _count == 0;

    public readonly NodeId this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"a node list of {_count}");
            }

            return _items[index];
        }
    }

    /// <summary>The first node (the next hop of a route set); <see cref="NodeId.None"/> when empty.</summary>
    public readonly NodeId First => _count == 0 ? NodeId.None : _items[0];

    /// <summary>The last node (the top of a Via stack); <see cref="NodeId.None"/> when empty.</summary>
    public readonly NodeId Last => _count == 0 ? NodeId.None : _items[_count - 1];

    /// <summary>Appends a node (pushes it onto a Via stack).</summary>
    public void Add(NodeId node)
    {
        if (_count == Capacity)
        {
            throw new InvalidOperationException($"A SIP path through more than {Capacity} proxies (adding {node}): check the routes for a loop.");
        }

        _items[_count++] = node;
    }

    /// <summary>Removes the last node (pops a Via stack).</summary>
    public void RemoveLast()
    {
        if (_count == 0)
        {
            throw new InvalidOperationException("Removing from an empty node list.");
        }

        _items[--_count] = default;
    }

    /// <summary>Removes the first node (the hop a request just reached).</summary>
    public void RemoveFirst()
    {
        if (_count == 0)
        {
            throw new InvalidOperationException("Removing from an empty node list.");
        }

        for (int i = 1; i < _count; i++)
        {
            _items[i - 1] = _items[i];
        }

        _items[--_count] = default;
    }

    /// <summary>The list in reverse order (a callee's route set from the Record-Route list).</summary>
    public readonly NodeList Reversed()
    {
        var r = default(NodeList);
        for (int i = _count - 1; i >= 0; i--)
        {
            r._items[r._count++] = _items[i];
        }

        return r;
    }

    public readonly bool Contains(NodeId node)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_items[i] == node)
            {
                return true;
            }
        }

        return false;
    }

    public readonly bool Equals(NodeList other)
    {
        if (_count != other._count)
        {
            return false;
        }

        for (int i = 0; i < _count; i++)
        {
            if (_items[i] != other._items[i])
            {
                return false;
            }
        }

        return true;
    }

    public override readonly bool Equals(object? obj) => obj is NodeList other && Equals(other);

    public override readonly int GetHashCode()
    {
        var h = default(HashCode);
        for (int i = 0; i < _count; i++)
        {
            h.Add(_items[i]);
        }

        return h.ToHashCode();
    }

    public static bool operator ==(NodeList left, NodeList right) => left.Equals(right);

    public static bool operator !=(NodeList left, NodeList right) => !left.Equals(right);

    public override readonly string ToString()
    {
        var parts = new string[_count];
        for (int i = 0; i < _count; i++)
        {
            parts[i] = _items[i].ToString();
        }

        return "[" + string.Join(",", parts) + "]";
    }

    [InlineArray(Capacity)]
    private struct Buffer
    {
        private NodeId _element;
    }
}
