using System.Globalization;
using System.Xml.Linq;
using CpmSim.Scenarios.Compare;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;
using MathNet.Numerics.Distributions;

namespace CpmSim.Tests.Cli;

public sealed class CompareCommandTests : CliTestFixture
{
    [Test]
    public void CompareAVariantWithItself_HasNoDifference()
    {
        (int code, string output, string err) = Run("compare", "r01", "r01");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(output, Does.Contain("first difference: none"));
        Assert.That(output, Does.Not.Contain("≠"));
    }

    [Test]
    public void CompareR01WithPreR01_FirstDifferenceIsWhereTheIsfReattempts_AndTheDelaysAreTheSessions()
    {
        FlowComparison c = FlowComparison.Of(ReplayRunner.Run(ScenarioLoader.LoadBuiltIn("r01")), ReplayRunner.Run(ScenarioLoader.LoadBuiltIn("pre-r01")));
        AlignedRow first = c.FirstDifference!;
        Assert.That(first.A!.Step, Is.EqualTo("9-11"), "steps 1-8 are the same in both: the difference starts where R01 changed the standard");
        Assert.That(c.Rows.TakeWhile(r => r != first).Select(r => r.A!.Step), Is.EqualTo(new[] { "1", "2", "3", "4", "5", "6", "7", "8" }));
        Assert.That(c.Rows.Where(r => r.B is not null).Select(r => r.B!.Step), Is.EqualTo(c.B.Records.Where(r => r.Step is not null).Select(r => r.Step)), "every numbered record of B, in order");
        Assert.That(c.Rows.Where(r => r.A is not null).Select(r => r.A!.Step), Is.EqualTo(c.A.Records.Where(r => r.Step is not null).Select(r => r.Step)));
        (string _, double a, double b) = c.Delays.Single(d => d.Name.StartsWith("modification", StringComparison.Ordinal));
        Assert.That(a, Is.EqualTo(c.A.Session.ModificationDelayNs));
        Assert.That(b, Is.EqualTo(c.B.Session.ModificationDelayNs));
        Assert.That(c.PerHop.Sum(h => h.A), Is.EqualTo(c.A.Records.Count(r => r.Kind == CpmSim.Scenarios.Flows.FlowItemKind.Send)));
        Assert.That(c.PerNode.Sum(h => h.B), Is.EqualTo(c.B.Records.Count(r => r.Kind == CpmSim.Scenarios.Flows.FlowItemKind.Send)));

        (int code, string output, _) = Run("compare", "r01", "pre-r01");
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("first difference: only A: A step 9-11 (rejection identified) at Isf"));
        Assert.That(output, Does.Contain("modification (re-INVITE → answer)").And.Contain("-40ms"));
    }

    [Test]
    public void CompareFormats_CsvMermaidSvg()
    {
        (int code, string csv, _) = Run("compare", "r01", "iwfa-accepts", "--format", "csv");
        Assert.That(code, Is.EqualTo(0));
        string[] lines = csv.Trim().Split('\n');
        Assert.That(lines[0], Is.EqualTo("status,step_a,from_a,to_a,message_a,sip_a,sent_us_a,step_b,from_b,to_b,message_b,sip_b,sent_us_b,delta_us"));
        Assert.That(lines.Skip(1), Has.All.Match("^(same|differs|only_a|only_b),"));

        (code, string mermaid, _) = Run("compare", "r01", "iwfa-accepts", "--format", "mermaid");
        Assert.That(code, Is.EqualTo(0));
        Assert.That(mermaid, Does.StartWith("sequenceDiagram"));
        Assert.That(mermaid.Split('\n').Count(l => l.Trim().StartsWith("rect ", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(mermaid.Split('\n').Count(l => l.Trim() == "end"), Is.EqualTo(2));

        string svg = Path.Combine(TempDir, "c.svg");
        (code, _, _) = Run("compare", "r01", "iwfa-accepts", "--format", "svg", "--out", svg);
        Assert.That(code, Is.EqualTo(0));
        XElement root = XElement.Load(svg);
        Assert.That(root.Elements().Count(e => e.Name.LocalName == "svg"), Is.EqualTo(2), "the two charts side by side");
    }

    [Test]
    public void CompareRuns_WithTheSameSeeds_IsPairedOverReplications_AndTheIntervalIsStudentTOfTheDifferences()
    {
        string a = Path.Combine(TempDir, "a"), b = Path.Combine(TempDir, "b"), c = Path.Combine(TempDir, "c");
        Assert.That(Run("run", "--variant", "load-r01", "--sessions", "900", "-r", "3", "-o", a, "--no-plots").Code, Is.EqualTo(0));
        Assert.That(Run("run", "--variant", "load-pre-r01", "--sessions", "900", "-r", "3", "-o", b, "--no-plots").Code, Is.EqualTo(0));
        Assert.That(Run("run", "--variant", "load-pre-r01", "--sessions", "900", "-r", "3", "-o", c, "--no-plots", "--seed", "7").Code, Is.EqualTo(0));

        (int code, string table, string err) = Run("compare", a, b);
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(table, Does.Contain("paired: both runs have the same replications with the same seeds"));

        // The paired interval from replications.csv, computed here independently.
        double[] Values(string dir) => [.. File.ReadAllLines(Path.Combine(dir, "replications.csv")).Skip(1).Select(l => l.Split(','))
            .Where(f => f[0] == "modification_delay").OrderBy(f => int.Parse(f[2], CultureInfo.InvariantCulture)).Select(f => double.Parse(f[4], CultureInfo.InvariantCulture))];
        double[] d = [.. Values(a).Zip(Values(b), (x, y) => y - x)];
        double mean = d.Average();
        double sd = Math.Sqrt(d.Sum(v => (v - mean) * (v - mean)) / (d.Length - 1));
        double half = StudentT.InvCDF(0, 1, d.Length - 1, 0.975) * sd / Math.Sqrt(d.Length);
        (_, string csv, _) = Run("compare", a, b, "--format", "csv");
        string[] row = csv.Split('\n').Single(l => l.StartsWith("modification_delay,", StringComparison.Ordinal)).Split(',');
        Assert.That(double.Parse(row[4], CultureInfo.InvariantCulture), Is.EqualTo(mean).Within(1e-5));
        Assert.That(double.Parse(row[5], CultureInfo.InvariantCulture), Is.EqualTo(mean - half).Within(1e-5));
        Assert.That(double.Parse(row[6], CultureInfo.InvariantCulture), Is.EqualTo(mean + half).Within(1e-5));
        Assert.That(row[7], Is.EqualTo("true"));

        (_, string unpaired, _) = Run("compare", a, c, "--format", "csv");
        Assert.That(unpaired.Split('\n').Single(l => l.StartsWith("modification_delay,", StringComparison.Ordinal)).Split(',')[7], Is.EqualTo("false"), "different seeds: no common random numbers");
    }

    [Test]
    public void CompareBadInput_IsOneLineAndExit2()
    {
        string run = Path.Combine(TempDir, "r");
        Assert.That(Run("run", "--variant", "load-r01", "--sessions", "100", "-o", run, "--no-plots").Code, Is.EqualTo(0));
        foreach (string[] args in new[] { new[] { "compare", "r01", run }, ["compare", "r01", "no-such-variant"], ["compare", TempDir, run], ["compare", run, run, "--format", "svg"] })
        {
            (int code, _, string err) = Run(args);
            Assert.That(code, Is.EqualTo(2), string.Join(' ', args) + ": " + err);
            Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1), err);
        }

        Assert.That(Run("compare", "r01", run).Err, Does.Contain("cannot compare the variant 'r01' with the run folder"));
    }
}
