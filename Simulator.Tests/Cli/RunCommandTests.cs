using CpmSim.Cli;

namespace CpmSim.Tests.Cli;

public class RunCommandTests
{
    [Test]
    public void Run_PastSaturation_WarnsAndMarksEveryRowNotSteady()
    {
        string dir = Path.Combine(Path.GetTempPath(), "cpmsim-run-" + Guid.NewGuid().ToString("N"));
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();

            int code = CliApp.Run(["run", "--variant", "load-r01", "--rate", "120/s", "--sessions", "1800", "-r", "2", "--no-plots", "--out", dir], stdout, stderr);

            Assert.That(code, Is.Zero);
            Assert.That(stderr.ToString(), Does.Contain("warning: replication 0 is not in steady state: "));
            Assert.That(stdout.ToString(), Does.Contain("NOT STEADY").And.Contain("(not steady)").And.Contain("(last arrival)"));
            string[] rows = [.. File.ReadLines(Path.Combine(dir, "summary.csv")).Skip(1)];
            Assert.That(rows, Has.All.EndsWith(",false"));
            Assert.That(rows.Single(r => r.StartsWith("steady_state,", StringComparison.Ordinal)), Does.StartWith("steady_state,ratio,0,"));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
