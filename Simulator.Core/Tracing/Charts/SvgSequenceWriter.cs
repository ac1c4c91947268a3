using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace CpmSim.Core.Tracing.Charts;

/// <summary>
/// A self-rendered SVG message sequence chart: one lifeline per participant, one arrow per message
/// from (x of sender, y of send time) to (x of receiver, y of arrival time), so the vertical axis
/// follows virtual time. Within activity the vertical distance between items is their time difference
/// times <see cref="PixelsPerMs"/>, but never less than keeps the rows apart: each item (its label
/// above its arrow, or its note box) starts below the previous item's lowest point, so no label
/// overlaps another or an arrow. An idle stretch longer than <see cref="BreakAfterMs"/> is cut to
/// <see cref="BreakHeight"/> pixels with a marked axis break ("⋯ +1s ⋯"). A time axis runs down the
/// left with every item's time. Text is measured with <see cref="MeasureText"/> (the CLI measures with
/// SkiaSharp): notes, states and lifeline heads are as wide as their text, columns as wide as the widest head.
/// Elements carry <c>class</c> (<c>lifeline</c>, <c>arrow</c>, <c>note</c>, <c>state</c>) and <c>data-step</c> attributes.
/// </summary>
public sealed class SvgSequenceWriter
{
    private const string Ns = "http://www.w3.org/2000/svg";

    /// <summary>Pixels per millisecond of virtual time.</summary>
    public double PixelsPerMs { get; init; } = 2.0;

    /// <summary>Smallest vertical distance between successive items.</summary>
    public double MinGap { get; init; } = 18;

    public double ColumnWidth { get; init; } = 150;

    /// <summary>Idle gaps longer than this are drawn as an axis break.</summary>
    public double BreakAfterMs { get; init; } = 150;

    public double BreakHeight { get; init; } = 36;

    /// <summary>The width in pixels of a text at a font size (pixels); the default estimates 0.62 em per character.</summary>
    public Func<string, double, double> MeasureText { get; init; } = (text, size) => text.Length * size * 0.62;

    /// <summary>Font size of labels, notes and times, in pixels.</summary>
    public const double FontSize = 11;

    /// <summary>A text line's box around its baseline: this far above it ...</summary>
    public const double Ascent = 10;

    /// <summary>... and this far below it (for <see cref="FontSize"/>).</summary>
    public const double Descent = 3;

    /// <summary>Space kept between rows and around texts.</summary>
    public const double Pad = 3;

    /// <summary>The left edge of the chart area: the time axis's labels end left of it.</summary>
    public const double AxisX = 70;

    private double Width(string text) => Math.Ceiling(MeasureText(text, FontSize) * 1.08) + 2;

    public void Write(SequenceChart chart, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(writer);
        XNamespace ns = Ns;
        const double left = 90;
        const double top = 70;
        double headWidth = Math.Max(120, chart.Participants.Select(p => Width(p) + (2 * Pad) + 6).DefaultIfEmpty(0).Max());
        double column = Math.Max(ColumnWidth, headWidth + 16);
        double X(string p) => left + (column / 2) + (column * IndexOf(chart, p));

        // Vertical placement: proportional to time, but each row (the label above an arrow, or a note box)
        // starts below the previous row's lowest point; a long idle stretch becomes an axis break.
        var ys = new List<(double Start, double End)>(chart.Items.Count);
        var breaks = new List<(double Y, long GapNs)>();
        double bottom = top - Pad; // the lowest point drawn so far
        for (int i = 0; i < chart.Items.Count; i++)
        {
            ChartItem item = chart.Items[i];
            double above = item.Kind == ChartItemKind.Arrow ? Ascent + Descent + Pad : Ascent + 1;
            double start;
            if (i == 0)
            {
                start = bottom + Pad + above;
            }
            else
            {
                double gapMs = (item.SentNs - chart.Items[i - 1].SentNs) / 1e6;
                if (gapMs > BreakAfterMs)
                {
                    breaks.Add((bottom + (BreakHeight / 2), item.SentNs - chart.Items[i - 1].SentNs));
                    start = bottom + BreakHeight + above;
                }
                else
                {
                    start = Math.Max(ys[^1].Start + Math.Max(gapMs * PixelsPerMs, MinGap), bottom + Pad + above);
                }
            }

            double end = item.Kind == ChartItemKind.Arrow && !item.Lost ? start + ((item.ReceivedNs - item.SentNs) / 1e6 * PixelsPerMs) : start;
            ys.Add((start, end));
            bottom = item.Kind == ChartItemKind.Arrow ? Math.Max(start + (item.Lost ? Ascent + Descent + 2 : 0), end) : start + Descent + 1;
        }

        double y = bottom;
        double height = y + 60;
        double width = left + (column * chart.Participants.Count) + 40;
        var svg = new XElement(ns + "svg",
            new XAttribute("width", F(width)), new XAttribute("height", F(height)),
            new XAttribute("viewBox", $"0 0 {F(width)} {F(height)}"),
            new XAttribute("font-family", "sans-serif"), new XAttribute("font-size", "11"),
            new XElement(ns + "defs",
                new XElement(ns + "marker", new XAttribute("id", "head"), new XAttribute("markerWidth", "8"), new XAttribute("markerHeight", "8"),
                    new XAttribute("refX", "8"), new XAttribute("refY", "4"), new XAttribute("orient", "auto"),
                    new XElement(ns + "path", new XAttribute("d", "M0,0 L8,4 L0,8 z"), new XAttribute("fill", "#333")))),
            new XElement(ns + "text", new XAttribute("x", "10"), new XAttribute("y", "20"), new XAttribute("font-size", "14"), new XAttribute("font-weight", "bold"), chart.Title));

        foreach (string p in chart.Participants)
        {
            double x = X(p);
            svg.Add(new XElement(ns + "g", new XAttribute("class", "lifeline"), new XAttribute("data-participant", p),
                new XElement(ns + "rect", new XAttribute("x", F(x - (headWidth / 2))), new XAttribute("y", "30"), new XAttribute("width", F(headWidth)), new XAttribute("height", "24"),
                    new XAttribute("fill", "#eef"), new XAttribute("stroke", "#336")),
                new XElement(ns + "text", new XAttribute("x", F(x)), new XAttribute("y", "46"), new XAttribute("text-anchor", "middle"), p),
                new XElement(ns + "line", new XAttribute("x1", F(x)), new XAttribute("y1", "54"), new XAttribute("x2", F(x)), new XAttribute("y2", F(height - 20)),
                    new XAttribute("stroke", "#99a"), new XAttribute("stroke-dasharray", "4 3"))));
        }

        // Time axis: every item's virtual time at its row.
        var axis = new XElement(ns + "g", new XAttribute("class", "axis"),
            new XElement(ns + "line", new XAttribute("x1", "70"), new XAttribute("y1", F(top)), new XAttribute("x2", "70"), new XAttribute("y2", F(height - 20)), new XAttribute("stroke", "#666")));
        for (int i = 0; i < chart.Items.Count; i++)
        {
            ChartItem item = chart.Items[i];
            // On the row's own baseline: the label's for an arrow (above its line), the text's for a note.
            double baseline = item.Kind == ChartItemKind.Arrow ? ys[i].Start - Pad : ys[i].Start;
            axis.Add(new XElement(ns + "text", new XAttribute("x", F(AxisX - 4)), new XAttribute("y", F(baseline)), new XAttribute("text-anchor", "end"),
                new XAttribute("fill", item.Step is null ? "#999" : "#444"), new Kernel.SimTime(item.SentNs).ToString()));
        }

        foreach ((double by, long gap) in breaks)
        {
            axis.Add(new XElement(ns + "text", new XAttribute("class", "break"), new XAttribute("x", F(AxisX + 4)), new XAttribute("y", F(by + 4)), new XAttribute("fill", "#a55"),
                $"⋯ +{new Kernel.SimTime(gap)} ⋯"));
            axis.Add(new XElement(ns + "line", new XAttribute("x1", "60"), new XAttribute("y1", F(by - 3)), new XAttribute("x2", "80"), new XAttribute("y2", F(by + 3)), new XAttribute("stroke", "#a55")));
        }

        svg.Add(axis);
        for (int i = 0; i < chart.Items.Count; i++)
        {
            ChartItem item = chart.Items[i];
            (double y1, double y2) = ys[i];
            var g = new XElement(ns + "g", new XAttribute("class", item.Kind switch
            {
                ChartItemKind.Arrow => "arrow",
                ChartItemKind.Note => "note",
                _ => "state",
            }), new XAttribute("data-step", item.Step ?? string.Empty), new XAttribute("data-time-ns", item.SentNs.ToString(CultureInfo.InvariantCulture)));
            if (item.Kind == ChartItemKind.Arrow)
            {
                double x1 = X(item.From);
                double x2 = item.Lost ? (X(item.From) + X(item.To)) / 2 : X(item.To);
                var line = new XElement(ns + "line", new XAttribute("x1", F(x1)), new XAttribute("y1", F(y1)), new XAttribute("x2", F(x2)), new XAttribute("y2", F(item.Lost ? y1 : y2)),
                    new XAttribute("stroke", item.Step is null ? "#888" : "#000"), new XAttribute("stroke-width", item.Step is null ? "1" : "1.6"));
                if (item.Dashed)
                {
                    line.Add(new XAttribute("stroke-dasharray", "6 3"));
                }

                if (!item.Lost)
                {
                    line.Add(new XAttribute("marker-end", "url(#head)"));
                }

                g.Add(line);
                if (item.Lost)
                {
                    g.Add(new XElement(ns + "text", new XAttribute("x", F(x2)), new XAttribute("y", F(y1 + Ascent + 1)), new XAttribute("text-anchor", "middle"), new XAttribute("fill", "#c00"), "✕"));
                }

                // The label above the arrow's start, centred on it, kept right of the time axis.
                double half = Width(item.Label) / 2;
                double mid = Math.Max((x1 + x2) / 2, AxisX + Pad + half);
                g.Add(new XElement(ns + "text", new XAttribute("x", F(mid)), new XAttribute("y", F(y1 - Pad)), new XAttribute("text-anchor", "middle"),
                    new XAttribute("fill", item.Step is null ? "#777" : "#000"), item.Label));
            }
            else
            {
                double xa = X(item.From);
                double xb = X(item.To);
                double w = Math.Max(Math.Abs(xb - xa) + 110, Width(item.Label) + (4 * Pad));
                double x = Math.Max(((xa + xb) / 2) - (w / 2), AxisX + Pad);
                g.Add(new XElement(ns + "rect", new XAttribute("x", F(x)), new XAttribute("y", F(y1 - Ascent - 1)), new XAttribute("width", F(w)), new XAttribute("height", F(Ascent + Descent + 2)),
                    new XAttribute("fill", item.Kind == ChartItemKind.Note ? "#ffd" : "#dfd"), new XAttribute("stroke", "#aa8")));
                g.Add(new XElement(ns + "text", new XAttribute("x", F(x + (w / 2))), new XAttribute("y", F(y1)), new XAttribute("text-anchor", "middle"), item.Label));
            }

            svg.Add(g);
        }

        using var xml = XmlWriter.Create(writer, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, CloseOutput = false });
        new XDocument(svg).Save(xml);
    }

    private static int IndexOf(SequenceChart chart, string participant)
    {
        for (int i = 0; i < chart.Participants.Count; i++)
        {
            if (chart.Participants[i] == participant)
            {
                return i;
            }
        }

        throw new ArgumentException($"'{participant}' is not a participant of the chart.", nameof(participant));
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
