using System.Diagnostics;
using CpmSim.Cli;

namespace CpmSim.Tests.Samples.Cluster;

/// <summary>
/// samples/cluster/local-slurm.sh on a real single-node Slurm (started by the script when none answers):
/// a sweep cut into a 2-task job array and merged gives the bytes one process writes.
/// </summary>
public class LocalSlurmTests
{
    private const string Sweep = """
        name: slurm-test
        seed: 13
        replications: 2
        grid:
          scenario: [load-r01]
          rate: [40/s, 60/s]
          sessions: [800]
        """;

    [Test]
    [CancelAfter(240_000)]
    public void LocalSlurm_SweepInTwoShards_MergedCsvsIdenticalToOneProcess()
    {
        string root = RootOrInconclusive();
        string dir = Path.Combine(Path.GetTempPath(), "cpmsim-slurm-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string sweep = Path.Combine(dir, "sweep.yaml");
            File.WriteAllText(sweep, Sweep);
            (int code, string output) = Script(root, sweep, Path.Combine(dir, "slurm"), Path.Combine(TestContext.CurrentContext.TestDirectory, "cpmsim.dll"));
            Assert.That(code, Is.Zero, $"local-slurm.sh failed:\n{output}");
            Assert.That(output, Does.Contain("array").And.Contain("finished"), "the sweep ran as a Slurm array");

            Assert.That(CliApp.Run(["sweep", sweep, "--parallel", "1", "--no-plots", "--out", Path.Combine(dir, "one")], TextWriter.Null, TextWriter.Null), Is.Zero);
            foreach (string csv in new[] { "runs.csv", "points.csv" })
            {
                Assert.That(File.ReadAllBytes(Path.Combine(dir, "slurm", csv)), Is.EqualTo(File.ReadAllBytes(Path.Combine(dir, "one", csv))), $"{csv} merged from the Slurm shards = one process's");
            }

            Assert.That(File.ReadAllLines(Path.Combine(dir, "slurm", "runs.csv")), Has.Length.EqualTo(5), "2 points × 2 replications");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public void LocalSlurm_ShardsFail_ExitsNonZeroNamingThem()
    {
        string root = RootOrInconclusive();
        string dir = Path.Combine(Path.GetTempPath(), "cpmsim-slurm-fail-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string sweep = Path.Combine(dir, "sweep.yaml");
            File.WriteAllText(sweep, Sweep);
            (int code, string stderr) = Script(root, sweep, Path.Combine(dir, "slurm"), Path.Combine(dir, "no-such-cpmsim.dll"));

            Assert.That(code, Is.Not.Zero, "a failed shard fails the script");
            Assert.That(stderr, Does.Contain("shard 0 failed").And.Contain("shard 1 failed"));
            Assert.That(File.Exists(Path.Combine(dir, "slurm", "runs.csv")), Is.False, "nothing merged");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string RootOrInconclusive()
    {
        string? root = TestContext.CurrentContext.TestDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "CpmSim.sln")))
        {
            root = Path.GetDirectoryName(root);
        }

        Assert.That(root, Is.Not.Null, "the repository root (CpmSim.sln) is above the test directory");
        if (!Answers("sinfo", string.Empty) && (Environment.UserName != "root" || !Answers("apt-get", "--version")))
        {
            Assert.Inconclusive("no Slurm answers (sinfo), and one cannot be installed and started here: that needs root and apt-get.");
        }

        return root!;
    }

    private static (int Code, string Stderr) Script(string root, string sweep, string outDir, string dll)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "samples", "cluster", "local-slurm.sh"), sweep, outDir, "2"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        start.Environment["CPMSIM_DLL"] = dll;
        using Process p = Process.Start(start)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        Assert.That(p.WaitForExit(200_000), Is.True, "the Slurm run finished within 200 s");
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private static bool Answers(string command, string arguments)
    {
        try
        {
            using Process? p = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (p is null || !p.WaitForExit(10_000))
            {
                return false;
            }

            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
