using System.Globalization;
using System.Text;
using CsCheck;

namespace CpmSim.Tests.Scenarios.Load;

/// <summary>
/// Chaos with faults (issue 16): the generated valid scenarios of <see cref="ChaosTests"/> (every variant,
/// both transports, instances, overload, loss, extreme behaviour) with a random schedule of 1–3 faults
/// laid over them — links down, lossy (plain or bursty) or slowed, nodes crashed or silent, partitions,
/// overlapping or not, with or without an end — each checked for every chaos property
/// (<see cref="ChaosTests.RunAndCheck"/>: no exception, every session ends exactly once, no state and no
/// event left, bounded cost, the same seed giving byte-identical outputs). "One final answer per
/// transaction" is not checked when a node crashes: a node that lost its transactions answers a late
/// copy of a request anew, as a real one would. And a case with an empty fault list gives exactly the
/// outputs of the same case without the key: the fault machinery adds nothing to a run without faults.
/// </summary>
/// <remarks>
/// CI runs <see cref="CiCases"/> fixed cases; <c>CPMSIM_CHAOS_MINUTES</c> runs random ones for that long
/// (with the other chaos suite's variable: both suites then run), and a failure is shrunk and printed as
/// the scenario file that reproduces it.
/// </remarks>
public class ChaosFaultTests
{
    public const int CiCases = 40;

    private const ulong CiSeed = 0x464155_4C5453;

    private static Gen<(ChaosCase Case, ChaosFault[] Faults)> Generator { get; } =
        Gen.Select(ChaosCase.Generator, ChaosFault.Generator.Array[1, 3], (c, f) => (c, f));

    private static string Yaml(ChaosCase c, IEnumerable<ChaosFault> faults)
    {
        var y = new StringBuilder(c.ToString());
        y.AppendLine(faults.Any() ? "faults:" : "faults: []");
        foreach (ChaosFault f in faults)
        {
            y.AppendLine(CultureInfo.InvariantCulture, $"  - {f}");
        }

        return y.ToString();
    }

    private static void Check((ChaosCase Case, ChaosFault[] Faults) c) =>
        ChaosTests.RunAndCheck(Yaml(c.Case, c.Faults), oneFinalAnswer: !c.Faults.Any(f => f.Kind == "crash"));

    [Test]
    public void Run_GeneratedScenariosWithFaults_NeverBreak()
    {
        string? minutes = Environment.GetEnvironmentVariable("CPMSIM_CHAOS_MINUTES");
        long cases = 0;
        if (minutes is not null && int.TryParse(minutes, NumberStyles.Integer, CultureInfo.InvariantCulture, out int m) && m > 0)
        {
            Generator.Sample(c => { cases++; Check(c); }, writeLine: TestContext.Progress.WriteLine, iter: long.MaxValue, time: m * 60, threads: 1, print: c => "\n" + Yaml(c.Case, c.Faults));
        }
        else
        {
            for (uint i = 0; i < CiCases; i++)
            {
                string caseSeed = new PCG(i, CiSeed).ToString();
                Generator.Sample(c => { cases++; Check(c); }, seed: caseSeed, iter: 1, threads: 1, print: c => "\n" + Yaml(c.Case, c.Faults));
            }
        }

        TestContext.Progress.WriteLine($"chaos with faults: {cases} cases run");
        Assert.That(cases, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public void Run_EmptyFaultList_SameOutputsAsWithoutIt()
    {
        for (uint i = 0; i < 10; i++)
        {
            ChaosCase.Generator.Sample(
                c => Assert.That(ChaosTests.Outputs(Yaml(c, [])), Is.EqualTo(ChaosTests.Outputs(c.ToString()))),
                seed: new PCG(i, CiSeed + 1).ToString(), iter: 1, threads: 1, print: c => "\n" + c);
        }
    }
}
