using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Kinds;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Samples.EmailInterworking;

/// <summary>
/// <c>kind: email-iwf</c>: a CPM↔e-mail Interworking Function. It carries chat and files up to its
/// size limit, answers an invitation once the mail server accepted the inviting mail, and converts
/// content with <see cref="EmailConversion"/>. Declared once: keys, check, factory and wiring.
/// </summary>
public static class EmailIwfKind
{
    public const string Name = "email-iwf";

    /// <summary>The largest attachment mail servers commonly take.</summary>
    public const long LargestLimit = 50_000_000;

    public static NodeKind Kind { get; } = new(Name, d => new Iwf(d.Name, new IwfProfile
    {
        Service = EmailService.Instance,
        Media = new HashSet<MediaType> { MediaType.Chat, MediaType.File },
        MaxFileBytes = d.Options.Value<long>("max-size") ?? 25_000_000,
        Confirm = ConfirmMode.NonCpmAck,
        NonCpmTimeout = d.Options.Value<SimTime>("submit-timeout") ?? SimTime.FromSeconds(60),
        Conversion = EmailConversion.Instance,
    }))
    {
        Help = "a CPM↔e-mail Interworking Function (samples/EmailInterworking)",
        Keys =
        [
            NodeKey.Size("max-size", "`25MB`", "largest file it accepts (attached in base64, so the mail is 4/3 of it)"),
            NodeKey.Time("submit-timeout", "`60s`", "how long it waits for the mail server's 250 before answering 504"),
            NodeKey.Node("server", "the only `mail-server`", "the mail server it submits to"),
        ],
        Roles = ["Iwf*"],
        Check = c =>
        {
            if (c.Options.Value<long>("max-size") is long size && size > LargestLimit)
            {
                c.Error("max-size", $"'max-size' of {c.What} is {size} bytes, above the {LargestLimit} bytes mail servers take.", "write at most 50MB.");
            }
        },
        Wire = NodeKind.Iwf.Wire, // the built-in wiring: 'server', else the only node of the service's centre kind
    };
}
