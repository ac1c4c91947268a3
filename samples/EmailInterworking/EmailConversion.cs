using CpmSim.Scenarios.Cpm;

namespace CpmSim.Samples.EmailInterworking;

/// <summary>
/// CPM → e-mail: each chat message becomes one mail; a file becomes a mail with the file attached in
/// base64 (4/3 of its size), plus the headers. Registered as <c>conversion: email</c>.
/// </summary>
public sealed class EmailConversion : IIwfConversion
{
    public const string Name = "email";

    /// <summary>Headers of a mail (From, To, Subject, MIME parts), in bytes.</summary>
    public const long HeaderBytes = 1_024;

    public static EmailConversion Instance { get; } = new();

    public void Convert(in IwfConversionContext iwf, MsrpMessage content)
    {
        ArgumentNullException.ThrowIfNull(content);
        long bytes = content.Text is string text ? HeaderBytes + text.Length : HeaderBytes + ((content.PayloadBytes + 2) / 3 * 4);
        if (iwf.IsTraced)
        {
            iwf.Note("converted MSRP to e-mail", content.Text is null ? $"file of {content.PayloadBytes} bytes attached: mail of {bytes} bytes" : $"chat message: mail of {bytes} bytes");
        }

        iwf.Submit(iwf.NewReference(), bytes);
    }
}
