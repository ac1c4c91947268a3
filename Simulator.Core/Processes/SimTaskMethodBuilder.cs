using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace CpmSim.Core.Processes;

/// <summary>
/// The compiler's builder for <c>async SimTask</c> methods. Runs the method synchronously until it
/// suspends; on the first suspension moves its state machine into a <see cref="SimTaskBox{T}"/> (from
/// the pool of that method's finished activations, or new), which the simulation's awaiters register
/// directly (as the kernel's event target, or in a queue): no delegate, no execution context, no
/// synchronization context, no thread pool.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct SimTaskMethodBuilder
{
    private SimActivation? _task;

    /// <summary>
    /// Set by <see cref="SimulationProcesses.Process(CpmSim.Core.Kernel.Simulation, Func{SimTask}, string?)"/>
    /// for the duration of its call to the body: the first async method started then is the process,
    /// which does not run at once but from an event scheduled now (as SimPy starts a process).
    /// Thread-static only for that call: simulations on other threads do not see it.
    /// </summary>
    [ThreadStatic]
    internal static CpmSim.Core.Kernel.Simulation? StartingOn;

    public static SimTaskMethodBuilder Create() => default;

    public readonly SimTask Task => _task is null ? default : new SimTask(_task);

    public void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        if (StartingOn is { } simulation)
        {
            // A new process: its activation now, its first step from an event due now.
            StartingOn = null;
            SimActivation box = Box(ref stateMachine, simulation);
            box.ScheduleStart(simulation);
            return;
        }

        stateMachine.MoveNext();
    }

    public readonly void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }

    public void SetResult()
    {
        // Completed without suspending: no activation (default(SimTask) is a completed task).
        _task?.Complete(null);
    }

    public void SetException(Exception exception)
    {
        if (_task is null)
        {
            _task = SimActivation.FromException(exception);
        }
        else
        {
            _task.Complete(exception);
        }
    }

    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine => Register(ref awaiter, ref stateMachine);

    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine => Register(ref awaiter, ref stateMachine);

    private void Register<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        SimActivation box = _task ?? Box(ref stateMachine, SimulationOf(ref awaiter));

        // The hot awaiters by their exact type (the JIT keeps only the matching branch, no boxing);
        // the others through the interface.
        if (typeof(TAwaiter) == typeof(DelayAwaiter))
        {
            Unsafe.As<TAwaiter, DelayAwaiter>(ref awaiter).Register(box);
        }
        else if (typeof(TAwaiter) == typeof(ResourceRequest))
        {
            Unsafe.As<TAwaiter, ResourceRequest>(ref awaiter).Register(box);
        }
        else if (typeof(TAwaiter) == typeof(SimTaskAwaiter))
        {
            Unsafe.As<TAwaiter, SimTaskAwaiter>(ref awaiter).Register(box); // a join
        }
        else if (awaiter is ISimAwaiter simAwaiter)
        {
            simAwaiter.Register(box);
        }
        else
        {
            throw new InvalidOperationException(
                $"An async SimTask method awaited a {typeof(TAwaiter).Name}: a process can only await the simulation's awaitables (Delay, SimEvent, Resource, Store, Container, SimTask) — anything else would resume outside the simulated clock.");
        }
    }

    /// <summary>The simulation of what a method's first suspension awaits: the pool its activation comes from.</summary>
    private static CpmSim.Core.Kernel.Simulation? SimulationOf<TAwaiter>(ref TAwaiter awaiter)
    {
        if (typeof(TAwaiter) == typeof(DelayAwaiter))
        {
            return Unsafe.As<TAwaiter, DelayAwaiter>(ref awaiter).Simulation;
        }

        if (typeof(TAwaiter) == typeof(ResourceRequest))
        {
            return Unsafe.As<TAwaiter, ResourceRequest>(ref awaiter).Simulation;
        }

        if (typeof(TAwaiter) == typeof(SimTaskAwaiter))
        {
            return Unsafe.As<TAwaiter, SimTaskAwaiter>(ref awaiter).Simulation;
        }

        return awaiter is ISimAwaiter simAwaiter ? simAwaiter.Simulation : null;
    }

    private SimActivation Box<TStateMachine>(ref TStateMachine stateMachine, CpmSim.Core.Kernel.Simulation? simulation)
        where TStateMachine : IAsyncStateMachine
    {
        SimTaskBox<TStateMachine> box = SimTaskBox<TStateMachine>.Rent(simulation);
        _task = box; // before the copy: the copy's builder (a field of the state machine) must point at the box
        box.StateMachine = stateMachine;
        return box;
    }
}
