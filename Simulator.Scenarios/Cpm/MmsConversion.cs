namespace CpmSim.Scenarios.Cpm;

/// <summary>CPM → MMS (<c>conversion: mms</c>): each chat message or file becomes one multimedia message of its size.</summary>
internal sealed class MmsConversion : IIwfConversion
{
    public const string Name = "mms";

    public static MmsConversion Instance { get; } = new();

    public void Convert(in IwfConversionContext iwf, MsrpMessage content)
    {
        long bytes = content.PayloadBytes + (content.Text?.Length ?? 0);
        if (iwf.IsTraced)
        {
            iwf.Note("converted MSRP to MMS", $"{Sip.SipFormat.Name(content.Media)} ({Sip.SipFormat.Size(bytes)})");
        }

        iwf.Submit(iwf.NewReference(), bytes);
    }
}
