using CsCheck;

namespace CpmSim.Tests.Scenarios.Load;

/// <summary>A chaos case's settings for one node group: instances, balance and (optionally) an ingress service model.</summary>
public sealed record ChaosNode(int Instances, bool RoundRobin, bool Processing, int Servers, string ServiceTime, int Queue, bool Drop)
{
    public static Gen<ChaosNode> Generator { get; } =
        Gen.Select(
            Gen.Int[1, 3],
            Gen.Bool,
            Gen.Frequency((2, Gen.Const(false)), (1, Gen.Const(true))),
            Gen.Int[1, 4],
            Gen.OneOf(ChaosCase.ServiceTimes),
            Gen.OneOf(0, 1, 10, 1000), // 0: unbounded
            Gen.Bool,
            (instances, rr, processing, servers, time, queue, drop) => new ChaosNode(instances, rr, processing, servers, time, queue, drop));

    public override string ToString()
    {
        string balance = RoundRobin ? "round-robin" : "session-hash";
        string processing = !Processing ? string.Empty
            : $", processing: {{servers: {Servers}, time: \"{ServiceTime}\"{(Queue > 0 ? $", queue: {Queue}" : string.Empty)}, overload: {(Drop ? "drop" : "reject")}}}";
        return $"{{instances: {Instances}, balance: {balance}{processing}}}";
    }
}
