using CpmSim.Cli;
using CpmSim.Scenarios.Sweeps;

namespace CpmSim.Tests.Cli;

public class SweepCommandTests
{
    [Test]
    public void PointsByScenario_ScenarioCellWithACommaAndQuotes_ReadAsTheCsvWriterWroteIt()
    {
        int width = RunTable.Header.Split(',').Length;
        string[] Row(int run, int point, string scenario, string rate) =>
            [.. new[] { $"{run}", $"{point}", scenario, rate, "1500", string.Empty, "0", "11" }, .. Enumerable.Repeat("1", width - 8)];
        var table = new RunTable();
        table.AddRows([Row(0, 0, "load-r01", "60"), Row(1, 1, "load-r01", "20"), Row(2, 2, "dir/my,\"load\".yaml", "40")], "test");
        string path = Path.Combine(Path.GetTempPath(), $"cpmsim-points-{Guid.NewGuid():N}.csv");
        using (var w = new StreamWriter(path))
        {
            table.WritePoints(w);
        }

        try
        {
            var points = SweepCommand.PointsByScenario(path).ToList();

            Assert.That(points.Select(p => p.Scenario), Is.EqualTo(new[] { "load-r01", "my,\"load\"" }));
            Assert.That(points[0].Rates, Is.EqualTo(new[] { 20.0, 60.0 }));
            Assert.That(points[1].Rates, Is.EqualTo(new[] { 40.0 }));
            Assert.That(points[1].Column("sessions_started_mean"), Is.EqualTo(new[] { 1.0 }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Sweep_GridPathThatNamesNoKey_OneLineAtFileLineColumnWithDidYouMeanExit2()
    {
        string file = Path.Combine(Path.GetTempPath(), $"cpmsim-sweep-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "name: p\ngrid:\n  scenario: [load-r01]\n  nodes.iwf-sms.processing.serverz: [1]\n");
        try
        {
            var stderr = new StringWriter();
            int code = CliApp.Run(["sweep", file, "--out", Path.Combine(Path.GetTempPath(), $"cpmsim-never-{Guid.NewGuid():N}")], TextWriter.Null, stderr);

            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr.ToString().TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1));
            Assert.That(stderr.ToString(), Does.StartWith($"error: {file}:4:3: grid key 'nodes.iwf-sms.processing.serverz'").And.Contain("did you mean 'servers'?"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
