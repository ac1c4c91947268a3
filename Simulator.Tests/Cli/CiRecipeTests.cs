using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using YamlDotNet.RepresentationModel;

namespace CpmSim.Tests.Cli;

/// <summary>
/// The CI job files of docs/ci/ run as written: their commands (GitHub Actions <c>run:</c>, GitLab CI
/// <c>script:</c>) are taken from the files and executed by bash in a temporary folder holding the
/// repository's scenarios and a recorded baseline, as a pipeline would after checking out. The build
/// step is the one command not executed: it must build Simulator.Cli into a folder, and that folder is
/// made to hold the build this test suite runs on (a second build would take minutes).
/// </summary>
public partial class CiRecipeTests : CliTestFixture
{
    [GeneratedRegex(@"^dotnet build (?<project>\S+) -c Release -o (?<out>\S+)$")]
    private static partial Regex BuildCommand();

    private static string Root()
    {
        string? root = TestContext.CurrentContext.TestDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "CpmSim.sln")))
        {
            root = Path.GetDirectoryName(root);
        }

        Assert.That(root, Is.Not.Null, "the repository root (CpmSim.sln) is above the test directory");
        return root!;
    }

    /// <summary>The commands of a job file: every step's <c>run:</c> (GitHub) or every job's <c>script:</c> item (GitLab), in order.</summary>
    internal static List<string> Commands(string path)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(path)));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var commands = new List<string>();
        if (root.Children.TryGetValue(new YamlScalarNode("jobs"), out YamlNode? jobs))
        {
            foreach (YamlNode job in ((YamlMappingNode)jobs).Children.Values)
            {
                foreach (YamlNode step in (YamlSequenceNode)((YamlMappingNode)job)["steps"])
                {
                    if (((YamlMappingNode)step).Children.TryGetValue(new YamlScalarNode("run"), out YamlNode? run))
                    {
                        commands.AddRange(((YamlScalarNode)run).Value!.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                    }
                }
            }
        }
        else
        {
            foreach (YamlNode job in root.Children.Values.OfType<YamlMappingNode>())
            {
                if (((YamlMappingNode)job).Children.TryGetValue(new YamlScalarNode("script"), out YamlNode? script))
                {
                    commands.AddRange(((YamlSequenceNode)script).Select(c => ((YamlScalarNode)c).Value!));
                }
            }
        }

        return commands;
    }

    [TestCase("github-actions.yml")]
    [TestCase("gitlab-ci.yml")]
    [CancelAfter(400_000)]
    public void JobFile_CommandsRunInACheckout_PassAndWriteAJunitReportWithFingerprintsAndBaseline(string jobFile)
    {
        string root = Root();
        List<string> commands = Commands(Path.Combine(root, "docs", "ci", jobFile));
        Assert.That(commands, Has.Count.GreaterThanOrEqualTo(2), "a build and a check");

        // The checkout: the scenario files, and the baseline a repository keeps (docs/ci.md: recorded and committed).
        string checkout = Path.Combine(TempDir, "checkout");
        CopyDirectory(Path.Combine(root, "scenarios"), Path.Combine(checkout, "scenarios"));
        (int recorded, _, string err) = Run("baseline", "record", "--variant", "load-r01", "--replications", "3", "--sessions", "1500", "--out", Path.Combine(checkout, "baselines", "load-r01"));
        Assert.That(recorded, Is.Zero, err);

        Match build = BuildCommand().Match(commands[0]);
        Assert.That(build.Success, Is.True, $"the first command builds cpmsim: {commands[0]}");
        Assert.That(File.Exists(Path.Combine(root, build.Groups["project"].Value, "Simulator.Cli.csproj")), Is.True, "it builds the CLI project");
        string outDir = Path.Combine(checkout, build.Groups["out"].Value);
        Directory.CreateDirectory(outDir);
        foreach (string file in Directory.GetFiles(TestContext.CurrentContext.TestDirectory).Where(f => f.EndsWith(".dll", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("cpmsim.", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(outDir, Path.GetFileName(file))); // cpmsim.dll, its runtime config and dependencies, as the build puts them
        }

        foreach (string command in commands.Skip(1))
        {
            (int code, string output) = Bash(command, checkout);
            Assert.That(code, Is.Zero, $"'{command}' failed:\n{output}");
        }

        string junit = Regex.Match(string.Join('\n', commands), @"--junit (\S+)").Groups[1].Value;
        XDocument report = XDocument.Load(Path.Combine(checkout, junit));
        var names = report.Descendants("testcase").Select(c => (string)c.Attribute("name")!).ToList();
        Assert.That(names, Has.Some.StartsWith("fingerprint tnk"), "fingerprints are checked");
        Assert.That(names, Has.Some.EqualTo("baseline: modification_delay.p99"), "the baseline is compared, a testcase per metric");
        Assert.That(report.Descendants("failure"), Is.Empty);
    }

    private static (int Code, string Output) Bash(string command, string workingDirectory)
    {
        var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        using Process p = Process.Start(start)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        Assert.That(p.WaitForExit(360_000), Is.True, $"'{command}' finished within 6 minutes");
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (string dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
