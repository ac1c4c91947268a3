using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CpmSim.Tests.Cli;

/// <summary><c>cpmsim run</c> folds a fingerprint into every load run (issue 17): printed per replication and kept in manifest.json.</summary>
public partial class RunCommandFingerprintTests : CliTestFixture
{
    private const string Sessions = "600";

    [GeneratedRegex(@"^fingerprint \(replication (\d+)\): ([0-9a-f]{16}/[a-z]+)\r?$", RegexOptions.Multiline)]
    private static partial Regex FingerprintLine();

    private string Write(string name, string text)
    {
        string path = Path.Combine(TempDir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs <c>cpmsim run</c> with <paramref name="args"/>: the printed fingerprints, in replication order.</summary>
    private static string[] RunFingerprints(params string[] args)
    {
        (int code, string output, string err) = Run(["run", .. args, "--sessions", Sessions, "--no-plots"]);
        Assert.That(code, Is.Zero, err);
        return [.. FingerprintLine().Matches(output).OrderBy(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Select(m => m.Groups[2].Value)];
    }

    [Test]
    public void Run_ByDefault_PrintsEachReplicationsFingerprint_KeepsThemInTheManifest_AsCheckComputesThem()
    {
        string dir = Path.Combine(TempDir, "out");
        string[] printed = RunFingerprints("--variant", "load-r01", "-r", "2", "--out", dir);

        Assert.That(printed, Has.Length.EqualTo(2));
        Assert.That(printed, Has.All.EndWith("/tn"), "the default ingredients of a load run: event time and node");
        Assert.That(printed[0], Is.Not.EqualTo(printed[1]), "replications are other runs");
        JsonNode manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!;
        Assert.That(manifest["fingerprints"]!.AsArray().Select(f => f!.GetValue<string>()), Is.EqualTo(printed));

        // Replication 0 is the run `cpmsim fingerprint` (and so `check`, with fingerprint-sessions) computes.
        (int code, string fingerprint, string err) = Run("fingerprint", "--variant", "load-r01", "--sessions", Sessions, "-i", "tn");
        Assert.That(code, Is.Zero, err);
        Assert.That(fingerprint.Trim(), Is.EqualTo(printed[0]));
    }

    [Test]
    public void Run_SameSeed_SameFingerprint_AnotherSeed_Another()
    {
        string[] once = RunFingerprints("--variant", "load-r01", "--seed", "7");

        Assert.That(RunFingerprints("--variant", "load-r01", "--seed", "7"), Is.EqualTo(once));
        Assert.That(RunFingerprints("--variant", "load-r01", "--seed", "8"), Is.Not.EqualTo(once));
    }

    [Test]
    public void Run_OneMillisecondMoreProcessingAtTheIsf_FingerprintDiffers()
    {
        string Node(string time) => $"name: isf-{time}\nextends: load-r01\nnodes:\n  isf: {{processing: {{servers: 2, time: const({time}), queue: 1000}}}}\n";
        string[] before = RunFingerprints(Write("before.yaml", Node("2ms")));
        string[] after = RunFingerprints(Write("after.yaml", Node("3ms")));

        Assert.That(before, Has.Length.EqualTo(1));
        Assert.That(after, Has.Length.EqualTo(1));
        Assert.That(after[0], Is.Not.EqualTo(before[0]));
        Assert.That(RunFingerprints(Write("again.yaml", Node("2ms"))), Is.EqualTo(before), "the same scenario again: the same value");
    }

    [Test]
    public void Run_FingerprintOptions_OtherIngredientsOrNone()
    {
        string dir = Path.Combine(TempDir, "none");
        Assert.That(RunFingerprints("--variant", "load-r01", "--fingerprint", "tnkl"), Has.One.EndsWith("/tnkl"));
        Assert.That(RunFingerprints("--variant", "load-r01", "--fingerprint", "tnk"), Is.Not.EqualTo(RunFingerprints("--variant", "load-r01")));
        Assert.That(RunFingerprints("--variant", "load-r01", "--fingerprint", "none", "--out", dir), Is.Empty);
        Assert.That(JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!["fingerprints"], Is.Null);
    }

    [TestCase("tqk", "'q' in 'tqk' is not a fingerprint ingredient")]
    [TestCase("tnks", "ingredient 's' (flow step) applies to replays")]
    public void Run_BadFingerprintIngredients_OneLineError_Exit2(string ingredients, string why)
    {
        (int code, _, string err) = Run("run", "--variant", "load-r01", "--sessions", Sessions, "--no-plots", "--fingerprint", ingredients);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("--fingerprint").And.Contain(why));
        Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1));
    }
}
