using CpmSim.Core.Kernel;
using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Scenario;

/// <summary>
/// Lays a scenario's faults over its network: each begins by an event at its <c>at</c> and, when it has
/// a <c>for</c>, ends by another. Overlapping faults combine: a link is down while any fault holds it
/// down (a down fault or a partition); delays of delay faults add up; each loss fault loses messages
/// independently of the link's own loss and of the others (a message passes only if none loses it); a
/// node is crashed while any crash fault lasts (it restarts when the last one ends) and silent while
/// any silence fault lasts. A scenario without faults schedules nothing: its run is unchanged.
/// </summary>
public static class FaultSchedule
{
    /// <summary>The kind as written in outputs: link-down, link-loss, link-delay, crash, silent, partition.</summary>
    public static string KindName(FaultKind kind) => kind switch
    {
        FaultKind.LinkDown => "link-down",
        FaultKind.LinkLoss => "link-loss",
        FaultKind.LinkDelay => "link-delay",
        FaultKind.NodeCrash => "crash",
        FaultKind.NodeSilent => "silent",
        _ => "partition",
    };

    public static void Install(ScenarioDefinition definition, Simulation simulation, SimNetwork network)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(network);
        foreach (FaultDefinition f in definition.Faults)
        {
            var links = f.Links.Select(l => network.FindLink(network[l.From].Id, network[l.To].Id)).OfType<Link>().ToList();
            var nodes = f.Nodes.Select(n => network[n]).ToList();
            Action begin;
            Action end;
            switch (f.Kind)
            {
                case FaultKind.LinkDown or FaultKind.Partition:
                    begin = () => links.ForEach(l => l.FaultDown());
                    end = () => links.ForEach(l => l.FaultUp());
                    break;
                case FaultKind.LinkDelay:
                    begin = () => links.ForEach(l => l.AddFaultDelay(f.Delay));
                    end = () => links.ForEach(l => l.RemoveFaultDelay(f.Delay));
                    break;
                case FaultKind.LinkLoss:
                    var copies = new LossModel[links.Count];
                    begin = () =>
                    {
                        for (int i = 0; i < links.Count; i++)
                        {
                            copies[i] = links[i].AddFaultLoss(f.Loss!);
                        }
                    };
                    end = () =>
                    {
                        for (int i = 0; i < links.Count; i++)
                        {
                            links[i].RemoveFaultLoss(copies[i]);
                        }
                    };
                    break;
                case FaultKind.NodeCrash:
                    begin = () => nodes.ForEach(n => n.Crash());
                    end = () => nodes.ForEach(n => n.Restart());
                    break;
                default:
                    begin = () => nodes.ForEach(n => n.BeginSilence());
                    end = () => nodes.ForEach(n => n.EndSilence());
                    break;
            }

            simulation.ScheduleAt(f.At, _ => begin());
            if (f.EndNs != long.MaxValue)
            {
                simulation.ScheduleAt(new SimTime(f.EndNs), _ => end());
            }
        }
    }
}
