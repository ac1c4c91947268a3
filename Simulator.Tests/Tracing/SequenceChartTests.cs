using System.Text.RegularExpressions;
using System.Xml.Linq;
using CpmSim.Core.Tracing.Charts;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Tracing;

public class SequenceChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static (ReplayResult Result, SequenceChart Chart) R01()
    {
        ReplayResult result = ReplayRunner.Run(ScenarioLoader.LoadBuiltIn("r01"));
        return (result, ReplayChart.From(result));
    }

    private static string Render(Action<TextWriter> write)
    {
        var w = new StringWriter();
        write(w);
        return w.ToString();
    }

    [Test]
    public void Svg_IsWellFormed_OneLifelinePerRole_OneArrowPerSend()
    {
        (ReplayResult result, SequenceChart chart) = R01();
        XDocument doc = XDocument.Parse(Render(w => new SvgSequenceWriter().Write(chart, w)));

        var groups = doc.Descendants(Svg + "g").ToList();
        Assert.That(groups.Where(g => (string?)g.Attribute("class") == "lifeline").Select(g => (string?)g.Attribute("data-participant")), Is.EqualTo(result.Participants));
        Assert.That(groups.Count(g => (string?)g.Attribute("class") == "arrow"), Is.EqualTo(result.Records.Count(r => r.Kind == FlowItemKind.Send)));
        Assert.That(groups.Count(g => (string?)g.Attribute("class") == "arrow" && (string?)g.Attribute("data-step") != string.Empty), Is.EqualTo(16));
    }

    [Test]
    public void Svg_VerticalPositionIsMonotoneAndProportionalToTime()
    {
        var chart = new SequenceChart("t", ["A", "B"],
        [
            new ChartItem(ChartItemKind.Arrow, "A", "B", "one", 0, 10_000_000, "1"),
            new ChartItem(ChartItemKind.Arrow, "B", "A", "two", 50_000_000, 60_000_000, "2"),
            new ChartItem(ChartItemKind.Arrow, "A", "B", "three", 50_000_000, 55_000_000, "3"),
            new ChartItem(ChartItemKind.Arrow, "A", "B", "four", 130_000_000, 131_000_000, "4"),
        ]);
        XDocument doc = XDocument.Parse(Render(w => new SvgSequenceWriter { PixelsPerMs = 2, MinGap = 18 }.Write(chart, w)));
        double[] y1 = [.. doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "arrow")
            .Select(g => double.Parse((string)g.Element(Svg + "line")!.Attribute("y1")!, System.Globalization.CultureInfo.InvariantCulture))];
        double[] y2 = [.. doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "arrow")
            .Select(g => double.Parse((string)g.Element(Svg + "line")!.Attribute("y2")!, System.Globalization.CultureInfo.InvariantCulture))];

        Assert.That(y1, Is.Ordered.Ascending);
        Assert.That(y1[1] - y1[0], Is.EqualTo(100).Within(0.1), "50 ms at 2 px/ms");
        Assert.That(y1[2] - y1[1], Is.EqualTo(20 + 3 + 16).Within(0.1), "a tie starts below the previous arrow's end (20 px), a gap (3) and its own label (16) above it");
        Assert.That(y1[3] - y1[2], Is.EqualTo(160).Within(0.1), "80 ms at 2 px/ms");
        Assert.That(y2[0] - y1[0], Is.EqualTo(20).Within(0.1), "an arrow falls by its 10 ms latency");
    }

    [Test]
    public void Svg_LongIdleGap_IsDrawnAsAnAxisBreak()
    {
        (_, SequenceChart chart) = R01();
        XDocument doc = XDocument.Parse(Render(w => new SvgSequenceWriter().Write(chart, w)));

        Assert.That(doc.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "break").Select(t => t.Value), Has.Some.Contains("+975ms"));
    }

    [Test]
    public void Svg_EscapesMarkupInLabels()
    {
        var chart = new SequenceChart("<t&\">", ["A", "B"], [new ChartItem(ChartItemKind.Arrow, "A", "B", "a<b & \"c\"", 0, 1, null)]);
        string svg = Render(w => new SvgSequenceWriter().Write(chart, w));

        XDocument doc = XDocument.Parse(svg);
        Assert.That(doc.Descendants(Svg + "text").Select(t => t.Value), Has.Member("a<b & \"c\"").And.Member("<t&\">"));
    }

    /// <summary>The Mermaid sequenceDiagram statements this project emits, as a small grammar.</summary>
    private static void AssertMermaidSequenceDiagram(string text)
    {
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.That(lines[0], Is.EqualTo("sequenceDiagram"));
        var declared = new HashSet<string>();
        // Free text: no raw ';', ':' or '#' — those come as Mermaid entity codes (#59; #58; #35; #lt; #gt;).
        const string Text = @"(?:[^;:#\n]|#\d+;|#lt;|#gt;)+";
        var participant = new Regex(@"^    participant (P\d+) as " + Text + "$");
        var title = new Regex(@"^    title " + Text + "$");
        var arrow = new Regex(@"^    (P\d+)(->>|-->>|-x)(P\d+): " + Text + "$");
        var note = new Regex(@"^    Note over (P\d+)(,(P\d+))?: " + Text + "$");
        foreach (string line in lines.Skip(1))
        {
            Match m;
            if ((m = participant.Match(line)).Success)
            {
                declared.Add(m.Groups[1].Value);
            }
            else if ((m = arrow.Match(line)).Success)
            {
                Assert.That(declared, Does.Contain(m.Groups[1].Value).And.Contain(m.Groups[3].Value), line);
            }
            else if ((m = note.Match(line)).Success)
            {
                Assert.That(declared, Does.Contain(m.Groups[1].Value), line);
            }
            else
            {
                Assert.That(title.IsMatch(line), Is.True, $"not a sequenceDiagram statement: '{line}'");
            }
        }
    }

    [Test]
    public void Mermaid_R01_ParsesAsASequenceDiagram_WithEverySend()
    {
        (ReplayResult result, SequenceChart chart) = R01();
        string text = Render(w => MermaidWriter.Write(chart, w));

        AssertMermaidSequenceDiagram(text);
        Assert.That(Regex.Count(text, "->>|-x"), Is.EqualTo(result.Records.Count(r => r.Kind == FlowItemKind.Send)));
        Assert.That(text, Does.Contain("P3->>P2: 9-11. interworking selection").Or.Contain("Note over P3: 9-11. interworking selection"));
        Assert.That(text, Does.Contain("P4-->>P2: 7. Rejected (488 (warning 304))"));
    }

    [Test]
    public void Mermaid_SpecialCharacters_AreEscaped()
    {
        var chart = new SequenceChart("a: b", ["x;y", "z"], [new ChartItem(ChartItemKind.Arrow, "x;y", "z", "k: v; #1\nnext", 0, 1, "9-11")]);
        string text = Render(w => MermaidWriter.Write(chart, w));

        AssertMermaidSequenceDiagram(text);
        Assert.That(text, Does.Contain("participant P0 as x#59;y").And.Contain("P0->>P1: 9-11. k#58; v#59; #35;1 next"));
    }

    [Test]
    public void PlantUml_StartsAndEnds_DeclaresParticipants_OneArrowPerSend()
    {
        (ReplayResult result, SequenceChart chart) = R01();
        string[] lines = Render(w => PlantUmlWriter.Write(chart, w)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

        Assert.That((lines[0], lines[^1]), Is.EqualTo(("@startuml", "@enduml")));
        Assert.That(lines.Count(l => l.StartsWith("participant ", StringComparison.Ordinal)), Is.EqualTo(result.Participants.Count));
        Assert.That(lines.Count(l => Regex.IsMatch(l, @"^P\d+ (->|-->|->x) P\d+ : ")), Is.EqualTo(result.Records.Count(r => r.Kind == FlowItemKind.Send)));
    }
}
