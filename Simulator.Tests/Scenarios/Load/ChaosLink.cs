using System.Globalization;
using CsCheck;

namespace CpmSim.Tests.Scenarios.Load;

/// <summary>A chaos case's latency and loss for one link (both directions).</summary>
public sealed record ChaosLink(string Latency, double Loss)
{
    public static Gen<ChaosLink> Generator { get; } =
        Gen.Select(
            Gen.OneOf(ChaosCase.Latencies),
            Gen.Frequency((6, Gen.Const(0.0)), (1, Gen.Const(0.01)), (1, Gen.Const(0.1)), (1, Gen.Const(0.3))),
            (latency, loss) => new ChaosLink(latency, loss));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"latency: \"{Latency}\", loss: {Loss}");
}
