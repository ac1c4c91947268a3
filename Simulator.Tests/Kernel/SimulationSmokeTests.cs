using CpmSim.Core.Kernel;

namespace CpmSim.Tests.Kernel;

public class SimulationSmokeTests
{
    [Test]
    public void Run_TwoEventsAtSameTime_FireInInsertionOrder()
    {
        var sim = new Simulation();
        var fired = new List<int>();
        sim.Schedule(SimTime.FromMilliseconds(5), _ => fired.Add(1));
        sim.Schedule(SimTime.FromMilliseconds(5), _ => fired.Add(2));
        sim.Schedule(SimTime.FromMilliseconds(1), _ => fired.Add(0));
        sim.Run();
        Assert.That(fired, Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(sim.Now, Is.EqualTo(SimTime.FromMilliseconds(5)));
        Assert.That(sim.EventsProcessed, Is.EqualTo(3));
    }
}
