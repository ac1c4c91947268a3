// Nodes of your own, in both styles: a pinger written as a process (a script that sends, then awaits
// the answer arriving at its node) and an echo written as a callback node. The same program is
// section 2 of docs/library.md, which the test suite compiles and runs. Exits 0 when every round trip
// takes the 12 ms the links and the service add up to.
//
//   dotnet run --project samples/CustomNode
using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Processes;
using CpmSim.Core.Random;

var sim = new Simulation(seed: 1);
var net = new SimNetwork(sim);
var pinger = new ScriptedPinger("pinger");
var echo = new Echo("echo") { Service = new ServiceModel(1, new ConstantDistribution(2_000_000)) };
net.Add(pinger);
net.Add(echo);
var fiveMs = new LinkOptions { Latency = new ConstantDistribution(5_000_000) };
net.Connect(pinger.Id, echo.Id, fiveMs);
net.Connect(echo.Id, pinger.Id, fiveMs);

SimTask script = pinger.Run(echo.Id, count: 5);
sim.Run();

Console.WriteLine($"round trips: {string.Join(", ", pinger.RoundTrips.Select(t => t.TotalMilliseconds))} ms");
return script.IsCompleted && pinger.RoundTrips.All(t => t == SimTime.FromMilliseconds(12)) ? 0 : 1;

sealed class Ping(int number) : Message
{
    public int Number { get; } = number;
    public override string Kind => "PING";
}

/// <summary>Reads top to bottom: send, wait for the answer, pause, again.</summary>
sealed class ScriptedPinger(string name) : Node(name)
{
    public List<SimTime> RoundTrips { get; } = [];

    public SimTask Run(NodeId peer, int count) => Simulation.Process(async () =>
    {
        for (int i = 1; i <= count; i++)
        {
            SimTime sent = Now;
            Send(peer, new Ping(i));
            ReceivedMessage answer = await Receive();
            RoundTrips.Add(Now - sent);
            await Simulation.Delay(SimTime.FromMilliseconds(100));
        }
    }, Name);

    protected override void HandleMessage(Message message, NodeId from) => DeliverToProcess(message, from);
}

sealed class Echo(string name) : Node(name)
{
    protected override void HandleMessage(Message message, NodeId from) => Send(from, new Ping(((Ping)message).Number));
}
