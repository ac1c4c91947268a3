using CpmSim.Scenarios.Sweeps;

namespace CpmSim.Tests.Scenarios.Load;

public class SweepTests
{
    private const string Sweep = """
        name: t
        seed: 11
        replications: 2
        grid:
          scenario: [load-r01, load-pre-r01]
          rate: [20/s, 60/s]
          sessions: [300]
        """;

    private static (string Runs, string Points) Text(RunTable t)
    {
        var runs = new StringWriter();
        var points = new StringWriter();
        t.WriteRuns(runs);
        t.WritePoints(points);
        return (runs.ToString(), points.ToString());
    }

    [Test]
    public void Sweep_Parallel1And2AndTwoShardsMerged_GiveIdenticalFiles()
    {
        SweepDefinition sweep = SweepLoader.Load("t.yaml", Sweep);
        Assert.That(sweep.RunCount, Is.EqualTo(8));

        (string runs1, string points1) = Text(SweepRunner.Run(sweep, parallel: 1));
        (string runs2, string points2) = Text(SweepRunner.Run(sweep, parallel: 2));

        string dir = Path.Combine(Path.GetTempPath(), "cpmsim-sweep-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var merged = new RunTable();
            for (int shard = 0; shard < 2; shard++)
            {
                string path = Path.Combine(dir, $"runs-{shard}.csv");
                using (var w = new StreamWriter(path))
                {
                    SweepRunner.Run(sweep, shard, 2).WriteRuns(w);
                }

                merged.AddRows(RunTable.ReadRuns(path), path);
            }

            (string runsM, string pointsM) = Text(merged);
            Assert.That(runs2, Is.EqualTo(runs1));
            Assert.That(points2, Is.EqualTo(points1));
            Assert.That(runsM, Is.EqualTo(runs1));
            Assert.That(pointsM, Is.EqualTo(points1));
            Assert.That(runs1.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(9));
            Assert.Throws<InvalidDataException>(() => merged.AddRows(RunTable.ReadRuns(Path.Combine(dir, "runs-0.csv")), "again"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Load_BadSweep_ReportsEveryErrorWithPosition()
    {
        var e = Assert.Throws<CpmSim.Scenarios.Files.FileErrorException>(() => SweepLoader.Load("bad.yaml", "name: x\ngrid:\n  scenario: [nope, load-r01]\n  rate: [fast]\n  colour: [red]\n"));

        Assert.That(e!.Errors.Select(x => (x.Line, x.Message)), Is.EquivalentTo(new[]
        {
            (3, "'nope' is neither a built-in scenario nor a .yaml file next to the sweep."),
            (4, "rate 'fast' must be sessions per second, e.g. 40/s."),
            (5, "grid key 'colour' is neither a sweep parameter (scenario, rate, sessions, mms-share) nor a key of scenario 'load-r01': unknown key 'colour' in the scenario."),
        }));
    }
}
