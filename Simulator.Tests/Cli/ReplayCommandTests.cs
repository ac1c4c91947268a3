using CpmSim.Cli;

namespace CpmSim.Tests.Cli;

public class ReplayCommandTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "cpmsim-replay-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public void Replay_TraceDoesNotConform_Exit1AfterPrintingTheTrace()
    {
        string scenario = Path.Combine(_dir, "broken.yaml");
        File.WriteAllText(scenario, "name: broken\nextends: r01\nnodes:\n  isf: {reattempt: false}\n");

        (int code, string output, _) = Run("replay", scenario);

        Assert.That(output, Does.Contain("flow r01: DOES NOT CONFORM — step 9-11"));
        Assert.That(code, Is.EqualTo(1));
    }

    [Test]
    public void Replay_TraceDoesNotConformWrittenToAFile_Exit1AndTheFileIsWritten()
    {
        string scenario = Path.Combine(_dir, "broken.yaml");
        File.WriteAllText(scenario, "name: broken\nextends: r01\nnodes:\n  isf: {reattempt: false}\n");
        string csv = Path.Combine(_dir, "broken.csv");

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
