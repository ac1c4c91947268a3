using SkiaSharp;

namespace CpmSim.Cli;

/// <summary>
/// Text widths for the SVG sequence chart, measured with SkiaSharp (which ScottPlot brings) in a sans-serif
/// face: DejaVu Sans when installed, else Skia's default. Falls back to the chart's estimate when no face
/// measures (a machine without fonts).
/// </summary>
public static class SkiaText
{
    private static readonly object Gate = new();
    private static readonly SKFont Font = new(SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.FromFamilyName("sans-serif") ?? SKTypeface.Default, 11);

    /// <summary>The width in pixels of <paramref name="text"/> at <paramref name="size"/> pixels.</summary>
    public static double Width(string text, double size)
    {
        ArgumentNullException.ThrowIfNull(text);
        float width;
        lock (Gate)
        {
            Font.Size = (float)size;
            width = Font.MeasureText(text);
        }

        return width > 0 || text.Length == 0 ? width : text.Length * size * 0.62;
    }
}
