using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Cpm;

/// <summary>A message on a non-CPM interface: IWF ↔ SMSC/MMSC ↔ non-CPM user. Pooled.</summary>
public sealed class NonCpmMessage : Message, IFlowMessage
{
    public NonCpmService Service { get; set; }

    public NonCpmPurpose Purpose { get; set; }

    public long Session { get; set; }

    /// <summary>Correlates an ack or report with what it answers.</summary>
    public long Reference { get; set; }

    /// <summary>The IWF to answer (acks, reports).</summary>
    public NodeId ReplyTo { get; set; } = NodeId.None;

    /// <summary>The non-CPM recipient address, e.g. <c>tel:+15550100</c>.</summary>
    public string Recipient { get; set; } = string.Empty;

    /// <summary>The sender the non-CPM user sees: the CPM originator's asserted identity (null: unknown).</summary>
    public string? Originator { get; set; }

    /// <summary>Payload size in bytes (a segment's octets, a multimedia message's size).</summary>
    public long PayloadBytes { get; set; }

    /// <summary>For SMS content: segment number (1-based) and count.</summary>
    public int Segment { get; set; } = 1;

    public int Segments { get; set; } = 1;

    public override long SessionId => Session;

    /// <summary>An MMS notification and a retrieve request name the MM's size but do not carry it.</summary>
    public override int SizeBytes => (int)Math.Min(int.MaxValue, 200 + (Service == NonCpmService.Mms && Purpose is NonCpmPurpose.Deliver or NonCpmPurpose.Retrieve ? 0 : PayloadBytes));

    public override string Kind => Rendering;

    public string Word => Purpose switch
    {
        NonCpmPurpose.Invitation => "NonCpmInvitation",
        NonCpmPurpose.Content => "NonCpmMessage",
        NonCpmPurpose.Ack => "NonCpmAck",
        NonCpmPurpose.Nack => "NonCpmNack",
        NonCpmPurpose.Deliver => "NonCpmDeliver",
        NonCpmPurpose.Retrieve => "NonCpmRetrieve",
        NonCpmPurpose.Retrieved => "NonCpmRetrieved",
        _ => "DeliveryReport",
    };

    public string Rendering => (Service, Purpose) switch
    {
        (NonCpmService.Sms, NonCpmPurpose.Invitation or NonCpmPurpose.Content) => "SMS-SUBMIT",
        (NonCpmService.Sms, NonCpmPurpose.Ack) => "SMS-SUBMIT-REPORT",
        (NonCpmService.Sms, NonCpmPurpose.Nack) => "SMS-SUBMIT-REPORT(error)",
        (NonCpmService.Sms, NonCpmPurpose.Deliver) => "SMS-DELIVER",
        (NonCpmService.Sms, _) => "SMS-STATUS-REPORT",
        (NonCpmService.Mms, NonCpmPurpose.Invitation or NonCpmPurpose.Content) => "MM7_submit.REQ",
        (NonCpmService.Mms, NonCpmPurpose.Ack) => "MM7_submit.RES",
        (NonCpmService.Mms, NonCpmPurpose.Nack) => "MM7_submit.RES(error)",
        (NonCpmService.Mms, NonCpmPurpose.Deliver) => "MM1_notification.REQ",
        (NonCpmService.Mms, NonCpmPurpose.Retrieve) => "MM1_retrieve.REQ",
        (NonCpmService.Mms, NonCpmPurpose.Retrieved) => "MM1_retrieve.RES",
        _ => "MM7_delivery_report.REQ",
    };

    public bool Unnumbered => false;

    public override string Label => Segments > 1 ? $"{Rendering} ({Segment}/{Segments})" : Rendering;

    /// <summary>A message of <paramref name="purpose"/> answering or passing on <paramref name="to"/>, from <paramref name="pool"/>.</summary>
    public static NonCpmMessage Reply(NonCpmMessage to, NonCpmPurpose purpose, MessagePool<NonCpmMessage>? pool)
    {
        ArgumentNullException.ThrowIfNull(to);
        NonCpmMessage m = pool?.Rent() ?? new NonCpmMessage();
        m.Service = to.Service;
        m.Purpose = purpose;
        m.Session = to.Session;
        m.Reference = to.Reference;
        m.ReplyTo = to.ReplyTo;
        m.Recipient = to.Recipient;
        m.Originator = to.Originator;
        m.PayloadBytes = purpose is NonCpmPurpose.Deliver or NonCpmPurpose.Retrieve or NonCpmPurpose.Retrieved ? to.PayloadBytes : 0;
        m.Segment = to.Segment;
        m.Segments = to.Segments;
        return m;
    }

    protected override void Reset()
    {
        Service = default;
        Purpose = default;
        Session = 0;
        Reference = 0;
        ReplyTo = NodeId.None;
        Recipient = string.Empty;
        Originator = null;
        PayloadBytes = 0;
        Segment = 1;
        Segments = 1;
    }
}
