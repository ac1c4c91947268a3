using CpmSim.Cli;

namespace CpmSim.Tests.Cli;

public class ReplayCommandTests : CliTestFixture
{
    [Test]
    public void Replay_TraceDoesNotConform_Exit1AfterPrintingTheTrace()
    {
        string scenario = Path.Combine(TempDir, "broken.yaml");
        File.WriteAllText(scenario, "name: broken\nextends: r01\nnodes:\n  isf: {reattempt: false}\n");

        (int code, string output, _) = Run("replay", scenario);

        Assert.That(output, Does.Contain("flow r01: DOES NOT CONFORM — step 9-11"));
        Assert.That(code, Is.EqualTo(1));
    }

    [Test]
    public void Replay_TraceDoesNotConformWrittenToAFile_Exit1AndTheFileIsWritten()
    {
        string scenario = Path.Combine(TempDir, "broken.yaml");
        File.WriteAllText(scenario, "name: broken\nextends: r01\nnodes:\n  isf: {reattempt: false}\n");
        string csv = Path.Combine(TempDir, "broken.csv");

        (int code, string output, _) = Run("replay", scenario, "--format", "csv", "--out", csv);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(File.ReadAllLines(csv)[0], Does.StartWith("step,kind,"));
        Assert.That(output, Does.Contain("DOES NOT CONFORM"));
    }

    [Test]
    public void Replay_TraceConforms_Exit0()
    {
        (int code, string output, _) = Run("replay", "--variant", "iwfb-rejects");

        Assert.That(output, Does.Match("flow [a-z0-9-]+: conforms"));
        Assert.That(code, Is.EqualTo(0));
    }
}
