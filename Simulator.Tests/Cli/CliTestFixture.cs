using CpmSim.Cli;

namespace CpmSim.Tests.Cli;

/// <summary>What the CLI tests share: a fresh temporary folder per test, and the CLI run in process with its exit code and output.</summary>
public abstract class CliTestFixture
{
    /// <summary>A folder of this test's own, deleted after it.</summary>
    protected string TempDir { get; private set; } = string.Empty;

    [SetUp]
    public void CreateTempDir()
    {
        TempDir = Path.Combine(Path.GetTempPath(), $"cpmsim-{GetType().Name}-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(TempDir);
    }

    [TearDown]
    public void DeleteTempDir() => Directory.Delete(TempDir, recursive: true);

    /// <summary>Runs <c>cpmsim ARGS</c> in process: its exit code, standard output and standard error.</summary>
    protected static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
