namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// CPM → SMS (<c>conversion: sms</c>): a chat message becomes a short message of as many segments as
/// its characters need (GSM-7 or UCS-2, <see cref="SmsSegmentation"/>); SMS cannot carry a file, so the
/// IWF keeps it and sends the user a short message with a link to fetch it, as CPM-SMS interworking
/// does for files (a 120 KB file is not one SMS).
/// </summary>
internal sealed class SmsConversion : IIwfConversion
{
    public const string Name = "sms";

    public static SmsConversion Instance { get; } = new();

    public void Convert(in IwfConversionContext iwf, MsrpMessage content)
    {
        if (content.Text is string text)
        {
            (SmsEncoding encoding, int units, int segments) = SmsSegmentation.Plan(text, iwf.Profile.SixteenBitReference);
            if (iwf.IsTraced)
            {
                iwf.Note("converted MSRP to SMS", $"{units} {(encoding == SmsEncoding.Gsm7 ? "GSM-7 septets" : "UCS-2 characters")} → {segments} segment(s)");
            }

            Submit(iwf, iwf.NewReference(), segments);
        }
        else
        {
            long reference = iwf.NewReference();
            string link = $"A file ({Sip.SipFormat.Size(content.PayloadBytes)}) was sent to you: https://{iwf.Name}.iwf.invalid/f/{reference}";
            (_, _, int segments) = SmsSegmentation.Plan(link, iwf.Profile.SixteenBitReference);
            if (iwf.IsTraced)
            {
                iwf.Note("converted MSRP file to SMS link", $"{Sip.SipFormat.Name(content.Media)} ({Sip.SipFormat.Size(content.PayloadBytes)}) kept here; its link → {segments} segment(s)");
            }

            Submit(iwf, reference, segments);
        }
    }

    /// <summary>A short message of <paramref name="segments"/> segments (concatenated SMS: one reference for all).</summary>
    private static void Submit(in IwfConversionContext iwf, long reference, int segments)
    {
        for (int i = 1; i <= segments; i++)
        {
            iwf.Submit(reference, 140, i, segments);
        }
    }
}
