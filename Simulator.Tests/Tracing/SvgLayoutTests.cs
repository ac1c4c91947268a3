using System.Globalization;
using System.Xml.Linq;
using CpmSim.Cli;
using CpmSim.Core.Tracing.Charts;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Tracing;

/// <summary>
/// The SVG sequence chart of every built-in scenario, measured with SkiaSharp as the CLI draws it: no two
/// texts overlap, every note, state and lifeline head holds its text, no message label touches an arrow, and
/// every row has its time on the axis.
/// </summary>
public sealed class SvgLayoutTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private readonly record struct Box(double X1, double Y1, double X2, double Y2, string What)
    {
        public bool Overlaps(Box o) => X1 < o.X2 - 0.5 && o.X1 < X2 - 0.5 && Y1 < o.Y2 - 0.5 && o.Y1 < Y2 - 0.5;

        public bool Inside(Box o) => X1 >= o.X1 - 0.01 && X2 <= o.X2 + 0.01 && Y1 >= o.Y1 - 0.01 && Y2 <= o.Y2 + 0.01;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"'{What}' [{X1:0.#},{Y1:0.#} – {X2:0.#},{Y2:0.#}]");
    }

    private static double D(XElement e, string name) => double.Parse((string)e.Attribute(name)!, CultureInfo.InvariantCulture);

    private static double FontSize(XElement e) => e.AncestorsAndSelf().Select(a => (string?)a.Attribute("font-size")).First(v => v is not null) is string s ? double.Parse(s, CultureInfo.InvariantCulture) : 11;

    /// <summary>The box a text's glyphs take: its measured width placed by its anchor, 0.91 em above the baseline and 0.27 em below.</summary>
    private static Box TextBox(XElement t)
    {
        double size = FontSize(t);
        double w = SkiaText.Width(t.Value, size);
        double x = D(t, "x"), y = D(t, "y");
        double left = (string?)t.Attribute("text-anchor") switch
        {
            "middle" => x - (w / 2),
            "end" => x - w,
            _ => x,
        };
        return new Box(left, y - (0.91 * size), left + w, y + (0.27 * size), t.Value);
    }

    private static Box RectBox(XElement r) => new(D(r, "x"), D(r, "y"), D(r, "x") + D(r, "width"), D(r, "y") + D(r, "height"), "rect");

    /// <summary>Whether the segment crosses the box (Liang–Barsky clipping).</summary>
    private static bool Crosses(XElement line, Box b)
    {
        double x1 = D(line, "x1"), y1 = D(line, "y1"), x2 = D(line, "x2"), y2 = D(line, "y2");
        double t0 = 0, t1 = 1, dx = x2 - x1, dy = y2 - y1;
        foreach ((double p, double q) in new[] { (-dx, x1 - b.X1), (dx, b.X2 - x1), (-dy, y1 - b.Y1), (dy, b.Y2 - y1) })
        {
            if (p == 0)
            {
                if (q < 0)
                {
                    return false;
                }

                continue;
            }

            double r = q / p;
            if (p < 0)
            {
                t0 = Math.Max(t0, r);
            }
            else
            {
                t1 = Math.Min(t1, r);
            }

            if (t0 > t1)
            {
                return false;
            }
        }

        return true;
    }

    private static XDocument Chart(string variant, out int items)
    {
        ReplayResult result = ReplayRunner.Run(ScenarioLoader.LoadBuiltIn(variant));
        SequenceChart chart = ReplayChart.From(result);
        items = chart.Items.Count;
        var w = new StringWriter();
        new SvgSequenceWriter { MeasureText = SkiaText.Width }.Write(chart, w);
        return XDocument.Parse(w.ToString());
    }

    [TestCaseSource(typeof(BuiltIn), nameof(BuiltIn.ScenarioNames))]
    public void Chart_TextsNeverOverlap_AndFitTheirBoxes(string variant)
    {
        XDocument doc = Chart(variant, out int items);
        var texts = doc.Descendants(Svg + "text").Select(TextBox).ToList();
        for (int i = 0; i < texts.Count; i++)
        {
            for (int j = i + 1; j < texts.Count; j++)
            {
                Assert.That(texts[i].Overlaps(texts[j]), Is.False, $"{variant}: {texts[i]} overlaps {texts[j]}");
            }
        }

        foreach (XElement g in doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") is "note" or "state" or "lifeline"))
        {
            Box rect = RectBox(g.Element(Svg + "rect")!);
            Box text = TextBox(g.Element(Svg + "text")!);
            Assert.That(text.Inside(rect), Is.True, $"{variant}: {text} does not fit its box {rect}");
        }
    }

    [TestCaseSource(typeof(BuiltIn), nameof(BuiltIn.ScenarioNames))]
    public void Chart_LabelsNeverTouchAnArrow_AndEveryRowHasItsTime(string variant)
    {
        XDocument doc = Chart(variant, out int items);
        var arrows = doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "arrow").ToList();
        var lines = arrows.Select(g => g.Element(Svg + "line")!).ToList();
        var labels = doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") is "arrow" or "note" or "state").SelectMany(g => g.Elements(Svg + "text")).Select(TextBox).ToList();
        foreach (Box label in labels)
        {
            foreach (XElement line in lines)
            {
                Assert.That(Crosses(line, label), Is.False, $"{variant}: {label} touches the arrow {line}");
            }
        }

        var axis = doc.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "axis").Elements(Svg + "text").Where(t => (string?)t.Attribute("class") != "break").ToList();
        Assert.That(axis, Has.Count.EqualTo(items), "one time per row");
        Assert.That(axis.Select(t => D(t, "y")), Is.Ordered.Ascending);
    }
}
