using CpmSim.Core.Network;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Kinds;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Scenarios.Kinds;

/// <summary>Kinds, policies and conversions registered by name, as a project outside the library does, and used from scenario files.</summary>
public class ScenarioRegistryTests
{
    /// <summary>A node of a test kind: it keeps the value of its one key.</summary>
    private sealed class Probe(string name, long budget) : Node(name)
    {
        public long Budget { get; } = budget;

        protected internal override void HandleMessage(Message message, NodeId from)
        {
        }
    }

    /// <summary>Selects the last IWF the query admits (the default picks the most preferred, the first).</summary>
    private sealed class LastAdmitted : IIsfPolicy
    {
        public int Select(Isf isf, in IwfQuery query)
        {
            for (int i = isf.Iwfs.Count - 1; i >= 0; i--)
            {
                if (query.Admits(isf.Iwfs[i]))
                {
                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>Counts what it converts, then converts as MMS would (one message each).</summary>
    private sealed class Counting : IIwfConversion
    {
        public int Converted { get; private set; }

        public void Convert(in IwfConversionContext iwf, MsrpMessage content)
        {
            Converted++;
            iwf.Submit(iwf.NewReference(), 500);
        }
    }

    private static readonly NodeKind ProbeKind = new("test-probe", d => new Probe(d.Name, d.Options.Value<long>("budget") ?? 7))
    {
        Keys = [NodeKey.Size("budget", "`7`", "a size")],
        Check = c =>
        {
            if (c.Options.Value<long>("budget") is 0)
            {
                c.Error("budget", $"'budget' of {c.What} must not be 0.", "write a size above 0.");
            }
        },
    };

    private static readonly Counting CountingConversion = new();

    [OneTimeSetUp]
    public void Register()
    {
        ScenarioRegistry.Register(ProbeKind);
        ScenarioRegistry.IsfPolicies.Register("test-last-admitted", () => new LastAdmitted());
        ScenarioRegistry.IwfConversions.Register("test-counting", CountingConversion);
    }

    private static string WithProbe(string probe) =>
        $"name: x\nextends: r01\nnodes:\n  probe: {probe}\nlinks:\n" + string.Join(string.Empty, File.ReadAllLines(Path.Combine(Root(), "scenarios", "r01.yaml")).Where(l => l.TrimStart().StartsWith("- {between", StringComparison.Ordinal)).Select(l => l + "\n")) + "  - {between: [probe, sip-core]}\n";

    private static string Root()
    {
        string? dir = TestContext.CurrentContext.TestDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "CpmSim.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir!;
    }

    [Test]
    public void Build_KindRegisteredFromOutside_ItsFactoryMakesTheNodeWithTheKeysValue()
    {
        BuiltScenario built = ScenarioBuilder.Build(ScenarioLoader.Load("probe.yaml", WithProbe("{kind: test-probe, budget: 2KB}")));

        Assert.That(built.Network.Nodes.OfType<Probe>().Single().Budget, Is.EqualTo(2_000));
    }

    [Test]
    public void Load_RegisteredKindsCheck_ReportsAtTheKeyWithFileLineColumn()
    {
        var e = Assert.Throws<FileErrorException>(() => ScenarioLoader.Load("probe.yaml", WithProbe("{kind: test-probe, budget: 0}")));

        FileError error = e!.Errors.Single();
        Assert.That((error.File, error.Line, error.Column), Is.EqualTo(("probe.yaml", 4, 37)));
        Assert.That(error.Message, Is.EqualTo("'budget' of node 'probe' must not be 0."));
    }

    [Test]
    public void Load_UnknownKeyOfRegisteredKind_SaysDidYouMean()
    {
        var e = Assert.Throws<FileErrorException>(() => ScenarioLoader.Load("probe.yaml", WithProbe("{kind: test-probe, budgte: 1KB}")));

        Assert.That(e!.Errors.Single().Hint, Does.Contain("did you mean 'budget'?"));
    }

    [Test]
    public void Replay_PolicyNamedInTheFile_SelectsTheIwf()
    {
        // r01's ISF prefers SMS for the chat; the registered policy takes the last admitted IWF, the MMS one.
        ReplayResult defaults = ReplayRunner.Run(ScenarioLoader.LoadBuiltIn("r01"));
        ReplayResult last = ReplayRunner.Run(ScenarioLoader.Load("x.yaml", "name: x\nextends: r01\nnodes:\n  isf: {kind: isf, policy: test-last-admitted}\n"));

        static string Selected(ReplayResult r) => r.Records.First(x => x.Name == "interworking selection").Detail;
        Assert.That(Selected(defaults), Does.Contain("→ iwf-sms"));
        Assert.That(Selected(last), Does.Contain("→ iwf-mms"));
    }

    [Test]
    public void Load_UnknownPolicy_ErrorAtTheValueWithDidYouMean()
    {
        var e = Assert.Throws<FileErrorException>(() => ScenarioLoader.Load("x.yaml", "name: x\nextends: r01\nnodes:\n  isf: {kind: isf, policy: preferense}\n"));

        FileError error = e!.Errors.Single();
        Assert.That((error.Line, error.Column), Is.EqualTo((4, 28)));
        Assert.That(error.Message, Does.Contain("'policy' in node 'isf'").And.Contain("not 'preferense'"));
        Assert.That(error.Hint, Is.EqualTo("did you mean 'preference'?"));
    }

    [Test]
    public void Replay_ConversionNamedInTheFile_ConvertsTheChat()
    {
        int before = CountingConversion.Converted;
        ReplayResult r = ReplayRunner.Run(ScenarioLoader.Load("x.yaml", "name: x\nextends: full-story\nnodes:\n  iwf-sms: {kind: iwf, interworks: sms, conversion: test-counting}\n"));

        Assert.That(CountingConversion.Converted - before, Is.GreaterThan(0));
        Assert.That(r.Records.Any(x => x.Name == "converted MSRP to SMS"), Is.False, "the SMS conversion did not run");
    }

    [Test]
    public void Register_NameTakenByAnotherKind_Throws()
    {
        var other = new NodeKind("isf", d => new Probe(d.Name, 0));

        Assert.Throws<ArgumentException>(() => ScenarioRegistry.Register(other));
        Assert.DoesNotThrow(() => ScenarioRegistry.Register(NodeKind.Isf), "the same kind again is no conflict");
    }
}
