using System.Diagnostics;
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

    /// <summary>Runs an external program (a tool the test checks the CLI's output with): its exit code, standard output and standard error.</summary>
    protected static (int Exit, string Out, string Err) Exec(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using Process p = Process.Start(info)!;
        Task<string> output = p.StandardOutput.ReadToEndAsync();
        Task<string> error = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, output.Result, error.Result);
    }
}
