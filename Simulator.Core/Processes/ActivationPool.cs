using System.Runtime.CompilerServices;

namespace CpmSim.Core.Processes;

/// <summary>
/// A simulation's finished activations, one stack per async method (state machine type), for the
/// next call of the same method. Per simulation, not per thread: no thread-local access on the hot
/// path, and nothing outlives the simulation (so a pooled activation may keep its last state
/// machine's references until it is reused).
/// </summary>
internal sealed class ActivationPool
{
    // A burst of processes does not stay in memory: past this many of one method, the garbage
    // collector takes the surplus.
    private const int MaxPerMethod = 4096;

    private static int s_methods;

    private Stack[] _stacks = new Stack[8];

    /// <summary>A number for a new state machine type: its stack's index.</summary>
    internal static int NewMethodIndex() => Interlocked.Increment(ref s_methods) - 1;

    /// <summary>A finished activation of method <paramref name="index"/>, if any.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal SimActivation? Take(int index)
    {
        Stack[] stacks = _stacks;
        if ((uint)index >= (uint)stacks.Length)
        {
            return null;
        }

        ref Stack stack = ref stacks[index];
        if (stack.Count == 0)
        {
            return null;
        }

        ref Entry top = ref stack.Items![--stack.Count];
        SimActivation activation = top.Activation!;
        top.Activation = null; // a constant: no GC write barrier
        return activation;
    }

    /// <summary>Keeps a finished activation of method <paramref name="index"/>; false if its stack is full.</summary>
    internal bool Return(int index, SimActivation activation)
    {
        if ((uint)index >= (uint)_stacks.Length)
        {
            Array.Resize(ref _stacks, Math.Max(index + 1, _stacks.Length * 2));
        }

        ref Stack stack = ref _stacks[index];
        if (stack.Count == MaxPerMethod)
        {
            return false;
        }

        if (stack.Items is null || stack.Count == stack.Items.Length)
        {
            Array.Resize(ref stack.Items, Math.Max(16, stack.Count * 2));
        }

        stack.Items[stack.Count++].Activation = activation;
        return true;
    }

    /// <summary>One method's finished activations. Struct entries: stores without the covariance check of a reference array.</summary>
    private struct Stack
    {
        public Entry[]? Items;
        public int Count;
    }

    private struct Entry
    {
        public SimActivation? Activation;
    }
}
