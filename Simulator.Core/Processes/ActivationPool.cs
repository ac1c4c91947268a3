using System.Runtime.CompilerServices;

namespace CpmSim.Core.Processes;

/// <summary>
/// A simulation's finished activations, one free list per async method (state machine type), for
/// the next call of the same method. Per simulation, not per thread: no thread-local access on the
/// hot path, and nothing outlives the simulation (so a pooled activation may keep its last state
/// machine's references until it is reused).
/// </summary>
internal sealed class ActivationPool
{
    // A burst of processes does not stay in memory: past this many of one method, the garbage
    // collector takes the surplus.
    private const int MaxPerMethod = 4096;

    private static int s_methods;

    private List[] _free = new List[8];

    /// <summary>A number for a new state machine type: its list's index.</summary>
    internal static int NewMethodIndex() => Interlocked.Increment(ref s_methods) - 1;

    /// <summary>A finished activation of method <paramref name="index"/>, if any.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal SimActivation? Take(int index)
    {
        List[] free = _free;
        if ((uint)index >= (uint)free.Length || free[index].Head is not { } head)
        {
            return null;
        }

        free[index].Head = head.NextFree;
        head.NextFree = null;
        return head;
    }

    /// <summary>Keeps a finished activation of method <paramref name="index"/>; false if its list is full.</summary>
    internal bool Return(int index, SimActivation activation)
    {
        if ((uint)index >= (uint)_free.Length)
        {
            Array.Resize(ref _free, Math.Max(index + 1, _free.Length * 2));
        }

        SimActivation? head = _free[index].Head;
        int depth = head is null ? 0 : head.FreeDepth;
        if (depth >= MaxPerMethod)
        {
            return false;
        }

        activation.FreeDepth = depth + 1;
        activation.NextFree = head;
        _free[index].Head = activation;
        return true;
    }

    /// <summary>The head of one method's list. A struct: an array of it takes stores without the covariance check of a reference array.</summary>
    private struct List
    {
        public SimActivation? Head;
    }
}
