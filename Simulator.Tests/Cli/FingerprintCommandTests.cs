using System.Xml.Linq;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Cli;

/// <summary><c>cpmsim fingerprint</c>, and the fingerprint checks of <c>cpmsim check</c> with a kept trace and <c>--update-fingerprints</c>.</summary>
public class FingerprintCommandTests : CliTestFixture
{
    private const string SlowerIsf = "nodes:\n  isf: {processing: {servers: 1, time: const(1ms)}}\n";

    private string Write(string name, string text)
    {
        string path = Path.Combine(TempDir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Fp(params string[] args)
    {
        (int code, string output, string err) = Run(["fingerprint", .. args]);
        Assert.That(code, Is.Zero, err);
        return output.Trim();
    }

    [Test]
    public void Fingerprint_BuiltIn_PrintsTheValuesItsFileCarries()
    {
        ScenarioDefinition r01 = ScenarioLoader.LoadBuiltIn("r01");
        Assert.That(Fp("--variant", "r01").Split('\n'), Is.EqualTo(r01.Expect.Fingerprints.Select(f => f.Value)));
        Assert.That(Fp("--variant", "r01", "-i", "tnk"), Is.EqualTo(r01.Expect.Fingerprints.Single(f => f.Ingredients == "tnk").Value));
        Assert.That(Fp("--variant", "r01", "--seed", "1", "-i", "etnk"), Does.Match("^[0-9a-f]{16}/etnk$"));
    }

    [Test]
    public void Check_OneMillisecondMoreAtTheIsf_FlowConforms_FingerprintFails_NamingTheFirstDivergingTraceRecord()
    {
        string file = Write("mine.yaml", "name: mine\nextends: r01\n");
        string value = Fp(file, "-i", "tnk");
        Write("mine.yaml", $"name: mine\nextends: r01\nexpect:\n  fingerprint: \"{value}\"\n");
        Assert.That(Run("replay", file, "--format", "csv", "--out", Path.Combine(TempDir, "mine.trace.csv")).Code, Is.Zero, "the trace kept next to the scenario");
        Assert.That(Run("check", file).Code, Is.Zero, "unchanged: passes");

        File.AppendAllText(file, SlowerIsf); // the mutation: the ISF takes 1 ms per message
        string junit = Path.Combine(TempDir, "report.xml");
        (int code, string output, _) = Run("check", file, "--junit", junit);

        Assert.That(code, Is.EqualTo(1), output);
        XElement flow = XDocument.Load(junit).Descendants("testcase").Single(c => (string?)c.Attribute("name") == "flow r01");
        Assert.That(flow.Element("failure"), Is.Null, "the flow still conforms: only the fingerprint sees the change");
        XElement fp = XDocument.Load(junit).Descendants("testcase").Single(c => (string?)c.Attribute("name") == "fingerprint tnk");
        string message = (string)fp.Element("failure")!.Attribute("message")!;
        Assert.That(message, Does.Contain($"expected {value}").And.Contain("mine.yaml:4:16"));
        // The first record that differs: the ISF's 100 Trying to the core, sent 1 ms later (30 ms → 31 ms), at record 8 of the r01 trace.
        Assert.That(message, Does.Contain("mine.trace.csv at its record 8 (send isf → sip-core Trying; sent_us 30000 → 31000, received_us 35000 → 36000)"));
    }

    [Test]
    public void UpdateFingerprints_RewritesOnlyTheValues_KeepingCommentsQuotingAndLayout()
    {
        const string Template = """
            # My regression scenario: r01 with a slower ISF.
            name: mine   # named for the report
            extends: r01
            expect:
              outcome: success   # the session succeeds
              # the fingerprints, one per ingredient set:
              fingerprint: [ "@0" ,  '@1' ]     # tnk and tnkds
            nodes:
              isf: {processing: {servers: 1, time: const(1ms)}}

            """;
        string file = Write("mine.yaml", Template.Replace("@0", "0123456789abcdef/tnk", StringComparison.Ordinal).Replace("@1", "fedcba9876543210/tnkds", StringComparison.Ordinal));
        Write("mine.trace.csv", "step\n");

        (int failed, _, _) = Run("check", file);
        (int code, string output, string err) = Run("check", file, "--update-fingerprints");
        string tnk = Fp(file, "-i", "tnk");
        string tnkds = Fp(file, "-i", "tnkds");

        Assert.That(failed, Is.EqualTo(1), "wrong values fail");
        Assert.That(code, Is.Zero, err);
        Assert.That(output, Does.Contain($"fingerprint tnk: updated 0123456789abcdef/tnk → {tnk}").And.Contain("updated " + file).And.Contain("mine.trace.csv"));
        Assert.That(File.ReadAllText(file), Is.EqualTo(Template.Replace("@0", tnk, StringComparison.Ordinal).Replace("@1", tnkds, StringComparison.Ordinal)), "only the two values changed");
        Assert.That(File.ReadAllText(Path.Combine(TempDir, "mine.trace.csv")), Does.StartWith("step,kind,"), "the kept trace re-recorded");
        Assert.That(Run("check", file).Code, Is.Zero, "and now it passes");
    }

    [TestCase("fingerprint: \"12345/tnk\"", "is not a fingerprint")]
    [TestCase("fingerprint: \"0123456789abcdef/tnq\"", "'q' in 'tnq' is not a fingerprint ingredient")]
    [TestCase("fingerprint: [\"0123456789abcdef/tnk\", \"fedcba9876543210/tnk\"]", "two values for the ingredients 'tnk'")]
    [TestCase("fingerprint: {tnk: x}", "must be a fingerprint or a list")]
    public void Check_NotAFingerprint_OneLineErrorNamingTheFile_Exit2(string line, string why)
    {
        string file = Write("bad.yaml", $"name: bad\nextends: r01\nexpect:\n  {line}\n");

        (int code, _, string err) = Run("check", file);

        Assert.That(code, Is.EqualTo(2));
        string first = err.Split('\n')[0];
        Assert.That(first, Does.StartWith($"error: {file}:4:").And.Contain(why));
        Assert.That(Run("fingerprint", file).Code, Is.EqualTo(2));
    }

    [Test]
    public void Fingerprint_StepIngredientOfALoadScenario_Exit2()
    {
        (int code, _, string err) = Run("fingerprint", "--variant", "load-r01", "-i", "tnks");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("ingredient 's' (flow step) applies to replays"));

        string file = Write("bad.yaml", "name: bad\nextends: load-r01\nexpect:\n  fingerprint: \"0123456789abcdef/tnks\"\n");
        (code, _, err) = Run("check", file);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain($"{file}:4:16").And.Contain("a load run has no step per event"));
    }

    [Test]
    public void Check_ExtendsAScenarioWithFingerprints_DoesNotInheritThem()
    {
        string file = Write("child.yaml", "name: child\nextends: r01\nnodes:\n  isf: {processing: {servers: 1, time: const(2ms)}}\n");
        Assert.That(ScenarioLoader.LoadFile(file).Expect.Fingerprints, Is.Empty);
        Assert.That(Run("check", file).Code, Is.Zero);
    }

    [Test]
    public void Check_AnotherSeed_FingerprintsNotCompared()
    {
        (int code, string output, _) = Run("check", "--variant", "r01", "--seed", "9");
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain("fingerprint: not checked with --seed 9"));
    }
}
