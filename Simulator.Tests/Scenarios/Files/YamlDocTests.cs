using CpmSim.Core.Random;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Scenarios.Files;

/// <summary>Values with units: a time needs its unit, nothing that cannot be negative may be, sizes have a limit.</summary>
public class YamlDocTests
{
    private static IReadOnlyList<FileError> Errors(string yaml)
    {
        var e = Assert.Throws<FileErrorException>(() => ScenarioBuilder.Build(ScenarioLoader.Load("bad.yaml", yaml)));
        return e!.Errors;
    }

    [Test]
    public void Distribution_LatencyWithoutUnit_IsAnErrorNamingTheUnits()
    {
        FileError e = Errors("extends: r01\nlink-defaults: {latency: 20}\n").Single();

        Assert.That((e.File, e.Line, e.Column), Is.EqualTo(("bad.yaml", 2, 26)));
        Assert.That(e.Message, Does.Contain("'20' has no time unit").And.Contain("ms"));
    }

    [Test]
    public void Distribution_ZeroWithoutUnit_IsAccepted()
    {
        ScenarioDefinition def = ScenarioLoader.Load("ok.yaml", "extends: r01\nlink-defaults: {latency: 0}\n");

        Assert.That(def.DefaultLatency!.Mean, Is.Zero);
    }

    [TestCase("link-defaults: {latency: -5ms}", "'-5ms' can be negative")]
    [TestCase("link-defaults: {latency: const(-5ms)}", "'const(-5ms)' can be negative")]
    [TestCase("nodes:\n  isf: {processing: {time: \"-2ms\"}}", "'-2ms' can be negative")]
    [TestCase("nodes:\n  isf: {processing: {time: \"uniform(-1ms, 2ms)\"}}", "can be negative")]
    [TestCase("nodes:\n  smsc: {delivery-delay: 5KB}", "is a size, but a time is needed")]
    public void Distribution_NegativeOrWrongKindOfTime_IsAnError(string yaml, string expected)
    {
        FileError e = Errors("extends: r01\n" + yaml + "\n").Single();

        Assert.That(e.File, Is.EqualTo("bad.yaml"));
        Assert.That(e.Message, Does.Contain(expected));
    }

    [TestCase("chat-messages: 5ms", "is a time, but a plain count")]
    [TestCase("chat-size: 2s", "is a time, but a plain count")]
    [TestCase("holding-time: 30", "has no time unit")]
    [TestCase("file-size: const(-1)", "can be negative")]
    public void Distribution_BehaviourOfTheWrongKind_IsAnError(string behaviour, string expected)
    {
        FileError e = Errors($"extends: load-r01\nworkload:\n  behaviour: {{{behaviour}}}\n").Single();

        Assert.That(e.Message, Does.Contain(expected));
    }

    [Test]
    public void Distribution_CountsAndPlainBytes_StayUnitless()
    {
        ScenarioDefinition def = ScenarioLoader.Load("ok.yaml", "extends: load-r01\nworkload:\n  behaviour: {chat-messages: const(3), chat-size: 40, file-size: 120000}\n");

        Assert.That(def.Workload!.Behaviour.ChatMessages!.Mean, Is.EqualTo(3));
        Assert.That(def.Workload.Behaviour.FileSize!.Mean, Is.EqualTo(120000));
    }

    [TestCase("uniform(5ms, 1ms)", "needs A ≤ B")]
    [TestCase("exp(mean=0ms)", "needs mean > 0")]
    [TestCase("lognormal(mean=-1ms, cv=1)", "needs mean > 0")]
    [TestCase("normal(mean=2ms, sd=-1ms)", "needs sd ≥ 0")]
    public void Distribution_ParametersOutOfRange_AreErrors(string spec, string expected)
    {
        FileError e = Errors($"extends: r01\nnodes:\n  isf: {{processing: {{time: \"{spec}\"}}}}\n").Single();

        Assert.That(e.Message, Does.Contain(expected));
    }

    [Test]
    public void Mapping_ValueSplitAtACommaInAFlowMapping_HintsToQuoteIt()
    {
        IReadOnlyList<FileError> errors = Errors("extends: r01\nnodes:\n  isf: {processing: {time: uniform(5ms, 1ms)}}\n");

        Assert.That(errors.Select(e => e.Message), Has.Some.Contains("unknown key '1ms)'").And.Some.Contains("split at a comma"));
        Assert.That(errors.Select(e => e.Hint), Has.All.Contains("quotes"));
    }

    [Test]
    public void Size_AboveTheLimit_IsAnErrorNotAnOverflow()
    {
        FileError e = Errors("extends: r01\nsession: {file-size: 99999999999999999MB}\n").Single();

        Assert.That((e.File, e.Line), Is.EqualTo(("bad.yaml", 2)));
        Assert.That(e.Message, Does.Contain("1 TB"));
    }

    [Test]
    public void Time_BareZero_IsAccepted()
    {
        ScenarioDefinition def = ScenarioLoader.Load("ok.yaml", "extends: r01\nsession: {modify-after: 0}\n");

        Assert.That(def.Session.ModifyAfter.Nanoseconds, Is.Zero);
    }

    [TestCase("bandwidth: 1e999bps")]
    [TestCase("bandwidth: NaNbps")]
    [TestCase("loss: NaN")]
    [TestCase("loss: -1%")]
    public void Link_NonFiniteOrNegativeValues_AreErrors(string option)
    {
        IReadOnlyList<FileError> errors = Errors($"extends: r01\nlinks:\n  - {{between: [cpm-client, cpm-server], {option}}}\n");

        Assert.That(errors[0].Message, Does.Contain(option.Split(':')[0]));
    }

    [Test]
    public void UnitProblem_ZeroConstant_NeedsNoUnit() =>
        Assert.That(YamlDoc.UnitProblem(DistributionParser.Parse("0"), DistributionUnit.Time), Is.Null);

    [Test]
    public void Roles_PlayedByANodeOfTheWrongKind_IsAnError()
    {
        FileError e = Errors("extends: r01\nroles: {Srv: isf}\n").Single();

        Assert.That((e.File, e.Line), Is.EqualTo(("bad.yaml", 2)));
        Assert.That(e.Message, Does.Contain("role 'Srv' is played by node 'isf', a isf").And.Contain("cpm-server"));
    }

    [Test]
    public void Parse_AliasBomb_IsAnErrorWithinBoundedTime()
    {
        var yaml = new System.Text.StringBuilder("name: x\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        FileError e = YamlDoc.Parse("bomb.yaml", yaml.ToString()).Errors.Single();

        Assert.That(e.Message, Does.Contain("expands to more than 1000000 values"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Parse_DeepNesting_IsAnErrorNotAStackOverflow(bool flow)
    {
        string yaml = flow
            ? "name: " + new string('[', 100_000) + new string(']', 100_000)
            : string.Concat(Enumerable.Range(0, 2000).Select(i => new string(' ', 2 * i) + $"k{i}:\n")) + new string(' ', 4000) + "v\n";

        FileError e = YamlDoc.Parse("deep.yaml", yaml).Errors.Single();

        Assert.That(e.Message, Does.Contain("nests more than 100 levels"));
    }

    [Test]
    public void Parse_BinaryContent_IsAnError() =>
        Assert.That(YamlDoc.Parse("bin.yaml", "name: x\n\0\u0001").Errors.Single().Message, Does.Contain("binary content"));

    [Test]
    public void LoadFile_Utf16WithByteOrderMark_IsRead()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cpmsim-utf16-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "extends: r01\nname: \"ütf16\"\n", new System.Text.UnicodeEncoding(bigEndian: false, byteOrderMark: true));
        try
        {
            Assert.That(ScenarioLoader.LoadFile(path).Name, Is.EqualTo("ütf16"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void LoadFile_DirectoryOrTooLargeOrExtendsCycleOrDirectory_AreErrors()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"cpmsim-hazard-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(dir, "sub.yaml"));
        try
        {
            File.WriteAllText(Path.Combine(dir, "a.yaml"), "extends: b.yaml\n");
            File.WriteAllText(Path.Combine(dir, "b.yaml"), "extends: a.yaml\n");
            File.WriteAllText(Path.Combine(dir, "d.yaml"), "extends: sub.yaml\n");
            using (FileStream big = File.Create(Path.Combine(dir, "big.yaml")))
            {
                big.SetLength(YamlDoc.MaxFileBytes + 1);
            }

            string Message(string file) => Assert.Throws<FileErrorException>(() => ScenarioLoader.LoadFile(Path.Combine(dir, file)))!.Errors[0].Message;

            Assert.That(Message("sub.yaml"), Does.Contain("is a directory"));
            Assert.That(Message("big.yaml"), Does.Contain("more than the limit of 10000000"));
            Assert.That(Message("a.yaml"), Does.Contain("a cycle?"));
            Assert.That(Message("d.yaml"), Does.Contain("'extends: sub.yaml' cannot be read: this is a directory"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestCase("links:\n  - {bet\n  - {bet\n", "unfinished value")]
    [TestCase("name: x\nexpect:\n  outcome: success\n *alias\n", "refers to no anchor")]
    public void Parse_InputOnWhichTheYamlLibraryThrowsOtherExceptions_IsASyntaxError(string yaml, string expected)
    {
        FileError e = YamlDoc.Parse("odd.yaml", yaml).Errors.Single();

        Assert.That((e.File, e.Line > 0), Is.EqualTo(("odd.yaml", true)));
        Assert.That(e.Message, Does.Contain(expected));
    }
}
