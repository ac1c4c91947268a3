namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// How many short messages a text needs (3GPP TS 23.038 / 23.040). A text that fits the GSM 7-bit
/// default alphabet (extension characters such as <c>€ [ ] { }</c> count twice) takes 160 septets in a
/// single message, else 153 per segment of a concatenated message (the 6-octet user data header of
/// the 8-bit reference); a text with any other character goes in UCS-2: 70 characters single, 67 per
/// segment. With the 16-bit reference (7-octet header) the segments hold 152 septets / 66 characters.
/// </summary>
public static class SmsSegmentation
{
    // GSM 03.38 default alphabet (basic set), 128 characters.
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // Characters of the extension table, sent as escape + character (2 septets).
    private const string Extension = "\f^{}\\[~]|€";

    public static SmsEncoding EncodingOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (char c in text)
        {
            if (!Basic.Contains(c, StringComparison.Ordinal) && !Extension.Contains(c, StringComparison.Ordinal))
            {
                return SmsEncoding.Ucs2;
            }
        }

        return SmsEncoding.Gsm7;
    }

    /// <summary>Length in the units that count for the encoding: septets for GSM 7-bit, UTF-16 code units for UCS-2.</summary>
    public static int Units(string text, SmsEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (encoding == SmsEncoding.Ucs2)
        {
            return text.Length;
        }

        int septets = 0;
        foreach (char c in text)
        {
            septets += Extension.Contains(c, StringComparison.Ordinal) ? 2 : 1;
        }

        return septets;
    }

    /// <summary>The number of short messages needed for <paramref name="text"/> (at least 1).</summary>
    public static int Segments(string text, bool sixteenBitReference = false) => Plan(text, sixteenBitReference).Segments;

    /// <summary>Encoding, length in units and number of segments for <paramref name="text"/>.</summary>
    public static (SmsEncoding Encoding, int Units, int Segments) Plan(string text, bool sixteenBitReference = false)
    {
        SmsEncoding encoding = EncodingOf(text);
        int units = Units(text, encoding);
        (int single, int perSegment) = encoding == SmsEncoding.Gsm7
            ? (160, sixteenBitReference ? 152 : 153)
            : (70, sixteenBitReference ? 66 : 67);
        if (units <= single)
        {
            return (encoding, units, 1);
        }

        if (encoding == SmsEncoding.Gsm7)
        {
            // An escape pair must not be split across segments: count segment by segment.
            return (encoding, units, SplitGsm7(text, perSegment));
        }

        // A surrogate pair must not be split either.
        return (encoding, units, SplitUcs2(text, perSegment));
    }

    private static int SplitGsm7(string text, int perSegment)
    {
        int segments = 1;
        int used = 0;
        foreach (char c in text)
        {
            int w = Extension.Contains(c, StringComparison.Ordinal) ? 2 : 1;
            if (used + w > perSegment)
            {
                segments++;
                used = 0;
            }

            used += w;
        }

        return segments;
    }

    private static int SplitUcs2(string text, int perSegment)
    {
        int segments = 1;
        int used = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int w = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            if (used + w > perSegment)
            {
                segments++;
                used = 0;
            }

            used += w;
            i += w - 1;
        }

        return segments;
    }
}
