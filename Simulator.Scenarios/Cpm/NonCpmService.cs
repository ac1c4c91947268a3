namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// A non-CPM communication service an IWF interworks with: SMS and MMS are built in, a project can
/// add its own (register it with <see cref="Kinds.ScenarioRegistry.Services"/> so scenario files can
/// name it). One instance per service: services compare by reference.
/// </summary>
public sealed class NonCpmService
{
    private readonly Func<NonCpmPurpose, string> _render;

    /// <param name="name">The word scenario files use for it (<c>sms</c>): in <c>interworks:</c>, <c>preference:</c> and <c>recipients:</c>.</param>
    /// <param name="displayName">How notes and traces name it (<c>SMS</c>).</param>
    /// <param name="centreKind">The node kind of the service centre an IWF of this service submits to (<c>smsc</c>).</param>
    /// <param name="render">The message name on the non-CPM interface for each purpose (<c>SMS-SUBMIT</c>): the trace's rendering and the flows' match.</param>
    public NonCpmService(string name, string displayName, string centreKind, Func<NonCpmPurpose, string> render)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        ArgumentException.ThrowIfNullOrWhiteSpace(centreKind);
        Name = name;
        DisplayName = displayName;
        CentreKind = centreKind;
        _render = render ?? throw new ArgumentNullException(nameof(render));
    }

    /// <summary>The word scenario files use for it.</summary>
    public string Name { get; }

    /// <summary>How notes and traces name it.</summary>
    public string DisplayName { get; }

    /// <summary>The node kind of its service centre (an IWF's <c>server:</c> defaults to the only node of it).</summary>
    public string CentreKind { get; }

    /// <summary>
    /// The centre notifies the user, who then retrieves the content, and the delivery report follows the
    /// retrieval (MMS); otherwise the centre delivers the content itself and reports at once (SMS).
    /// </summary>
    public bool DeliversByRetrieval { get; init; }

    /// <summary>The centre delivers an inviting message to the user as a message of its own (SMS); false: it only acknowledges it (MMS).</summary>
    public bool DeliversInvitation { get; init; } = true;

    /// <summary>SMS: short messages through an SMSC (SMPP on the wire).</summary>
    public static NonCpmService Sms { get; } = new("sms", "SMS", "smsc", p => p switch
    {
        NonCpmPurpose.Invitation or NonCpmPurpose.Content => "SMS-SUBMIT",
        NonCpmPurpose.Ack => "SMS-SUBMIT-REPORT",
        NonCpmPurpose.Nack => "SMS-SUBMIT-REPORT(error)",
        NonCpmPurpose.Deliver => "SMS-DELIVER",
        _ => "SMS-STATUS-REPORT",
    });

    /// <summary>MMS: multimedia messages through an MMSC (MM7 toward it, MM1 to the handset).</summary>
    public static NonCpmService Mms { get; } = new("mms", "MMS", "mmsc", p => p switch
    {
        NonCpmPurpose.Invitation or NonCpmPurpose.Content => "MM7_submit.REQ",
        NonCpmPurpose.Ack => "MM7_submit.RES",
        NonCpmPurpose.Nack => "MM7_submit.RES(error)",
        NonCpmPurpose.Deliver => "MM1_notification.REQ",
        NonCpmPurpose.Retrieve => "MM1_retrieve.REQ",
        NonCpmPurpose.Retrieved => "MM1_retrieve.RES",
        _ => "MM7_delivery_report.REQ",
    })
    {
        DeliversByRetrieval = true,
        DeliversInvitation = false,
    };

    /// <summary>The message name for <paramref name="purpose"/> on this service's interface.</summary>
    public string Render(NonCpmPurpose purpose) => _render(purpose);

    public override string ToString() => Name;
}
