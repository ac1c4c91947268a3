using System.Text.Json.Nodes;
using CpmSim.Cli;

namespace CpmSim.Tests.Cli;

public class RerunCommandTests : CliTestFixture
{
    private static void AssertSameCsvs(string a, string b)
    {
        string[] files = [.. Directory.GetFiles(a, "*.csv").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.That(files, Is.Not.Empty);
        Assert.That(Directory.GetFiles(b, "*.csv").Select(Path.GetFileName).Order(StringComparer.Ordinal), Is.EqualTo(files));
        foreach (string f in files)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(b, f)), Is.EqualTo(File.ReadAllBytes(Path.Combine(a, f))), f + " is byte-identical");
        }
    }

    [Test]
    public void Rerun_RunWithRateAndSessionsOnTheCommandLine_ByteIdenticalCsvsFromTheManifest()
    {
        string first = Path.Combine(TempDir, "first");
        Assert.That(Run("run", "--variant", "load-r01", "--rate", "60/s", "--sessions", "1200", "-r", "2", "--no-plots", "--out", first).Code, Is.Zero);

        JsonNode m = JsonNode.Parse(File.ReadAllText(Path.Combine(first, "manifest.json")))!;
        Assert.That(m["version"]!.GetValue<string>(), Is.EqualTo(ManifestWriter.Version).And.Contain("+"));
        Assert.That(m["command_line"]!.GetValue<string>(), Does.StartWith("cpmsim run --variant load-r01 --rate 60/s"));
        Assert.That((m["seed"]!.GetValue<ulong>(), m["replications"]!.GetValue<int>()), Is.EqualTo((1UL, 2)));
        Assert.That(m["machine"]!["cores"]!.GetValue<int>(), Is.EqualTo(Environment.ProcessorCount));
        Assert.That(DateTimeOffset.Parse(m["finished_utc"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            Is.GreaterThanOrEqualTo(DateTimeOffset.Parse(m["started_utc"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)));
        string resolved = m["scenario"]!["resolved"]!.GetValue<string>();
        Assert.That(resolved, Does.Contain("arrivals: poisson(60/s)").And.Contain("sessions: 1200").And.Contain("iwf-sms").And.Not.Contain("extends"),
            "the scenario after extends: and the command line's overrides");

        string again = Path.Combine(TempDir, "again");
        (int code, _, string err) = Run("rerun", first, "--out", again);

        Assert.That(code, Is.Zero, err);
        AssertSameCsvs(first, again);
        Assert.That(File.Exists(Path.Combine(again, "manifest.json")), Is.True, "a re-run has its own manifest");
    }

    [Test]
    public void Rerun_SweepShardAndTheirMerge_ByteIdenticalCsvs()
    {
        string sweep = Path.Combine(TempDir, "sweep.yaml");
        File.WriteAllText(sweep, "name: t\nseed: 3\nreplications: 2\ngrid:\n  scenario: [load-r01]\n  rate: [60/s]\n  sessions: [800]\n  nodes.iwf-sms.processing.servers: [1, 2]\n");
        string s0 = Path.Combine(TempDir, "s0");
        string s1 = Path.Combine(TempDir, "s1");
        string merged = Path.Combine(TempDir, "merged");
        Assert.That(Run("sweep", sweep, "--shard", "0/2", "-p", "1", "--out", s0).Code, Is.Zero);
        Assert.That(Run("sweep", sweep, "--shard", "1/2", "-p", "1", "--out", s1).Code, Is.Zero);
        Assert.That(Run("merge", s0, s1, "--out", merged).Code, Is.Zero);
        JsonNode m = JsonNode.Parse(File.ReadAllText(Path.Combine(s1, "manifest.json")))!;
        Assert.That(m["sweep"]!["shard"]!.GetValue<string>(), Is.EqualTo("1/2"));
        Assert.That(m["sweep"]!["grid"]!["parameters"]!["nodes.iwf-sms.processing.servers"]!.AsArray().Select(v => v!.GetValue<string>()), Is.EqualTo(new[] { "1", "2" }));
        Assert.That(JsonNode.Parse(File.ReadAllText(Path.Combine(merged, "manifest.json")))!["inputs"]!.AsArray().Select(i => i!["shard"]!.GetValue<string>()), Is.EqualTo(new[] { "0/2", "1/2" }));
        File.Delete(sweep); // a re-run needs the manifest only

        Assert.That(Run("rerun", s1, "--out", Path.Combine(TempDir, "s1-again")).Code, Is.Zero);
        Assert.That(Run("rerun", merged, "--out", Path.Combine(TempDir, "merged-again")).Code, Is.Zero);

        AssertSameCsvs(s1, Path.Combine(TempDir, "s1-again"));
        AssertSameCsvs(merged, Path.Combine(TempDir, "merged-again"));
    }

    [Test]
    public void Capacity_WithOut_WritesAManifestWithTheResolvedScenario()
    {
        string dir = Path.Combine(TempDir, "cap");
        Assert.That(Run("capacity", "--variant", "load-r01", "--from", "20/s", "--step", "20/s", "--steps", "2", "--step-duration", "5s", "--out", dir).Code, Is.Zero);

        JsonNode m = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!;
        Assert.That(m["command"]!.GetValue<string>(), Is.EqualTo("capacity"));
        Assert.That(m["scenario"]!["resolved"]!.GetValue<string>(), Does.Contain("name: load-r01"));
    }

    [TestCase("{\"tool\": \"cpmsim\", \"manifest_format\": 1, \"version\": \"0.0.1+abc\", \"command\": \"run\"}", "written by cpmsim 0.0.1+abc, this is cpmsim")]
    [TestCase("{\"tool\": \"cpmsim\", \"manifest_format\": 1, \"ver", ":1: damaged manifest")]
    [TestCase("[1, 2]", "not a cpmsim manifest")]
    [TestCase(null, "manifest.json: not found")]
    public void Rerun_ManifestOfAnotherVersionDamagedOrMissing_OneLineNamingTheFileExit2(string? text, string problem)
    {
        string dir = Path.Combine(TempDir, "old");
        Directory.CreateDirectory(dir);
        if (text is not null)
        {
            File.WriteAllText(Path.Combine(dir, "manifest.json"), text);
        }

        (int code, _, string err) = Run("rerun", dir, "--out", Path.Combine(TempDir, "x"));

        Assert.That(code, Is.EqualTo(2));
        Assert.That(err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), err);
        Assert.That(err, Does.StartWith("error: " + Path.Combine(dir, "manifest.json")).And.Contain(problem));
    }
}
