using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Random;

namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// A non-CPM service centre (SMSC or MMSC): store-and-forward. It acknowledges what it accepts at
/// once (the non-CPM ack) and delivers it to the non-CPM user after a delay. An SMSC delivers the
/// short message and reports the delivery to the submitting IWF. An MMSC notifies the user of the MM,
/// hands it over when the handset retrieves it, and only then reports the delivery; an MMS inviting
/// message is acknowledged but not delivered as an MM of its own — the user gets one MMS per file.
/// It can be set to refuse, or never to answer, for the failure variants.
/// </summary>
public sealed class NonCpmServer : Node
{
    private MessagePool<NonCpmMessage>? _pool;
    private RandomStream? _random;

    public NonCpmServer(string name, NonCpmService service)
        : base(name) => ServiceKind = service;

    public NonCpmService ServiceKind { get; }

    /// <summary>False: every submission is refused (nack).</summary>
    public bool Accepts { get; set; } = true;

    /// <summary>False: submissions are swallowed without any answer.</summary>
    public bool Answers { get; set; } = true;

    /// <summary>Time from acceptance to delivery to the user.</summary>
    public Distribution DeliveryDelay { get; set; } = new ConstantDistribution(SimTime.FromSeconds(2).Nanoseconds, "const(2s)");

    /// <summary>The node of the non-CPM users this centre serves.</summary>
    public NodeId Users { get; set; } = NodeId.None;

    /// <summary>Send delivery reports to the IWF (default true).</summary>
    public bool DeliveryReports { get; set; } = true;

    public long Accepted { get; private set; }

    public long Refused { get; private set; }

    private MessagePool<NonCpmMessage> Pool => _pool ??= Network.Shared<MessagePool<NonCpmMessage>>();

    protected override void HandleMessage(Message message, NodeId from)
    {
        switch (message)
        {
            case NonCpmMessage { Purpose: NonCpmPurpose.Invitation or NonCpmPurpose.Content } submit when from != Id:
                OnSubmit(submit);
                break;
            case NonCpmMessage { Purpose: NonCpmPurpose.Retrieve } retrieve when from != Id:
                Send(from, Reply(retrieve, NonCpmPurpose.Retrieved));
                if (DeliveryReports)
                {
                    Send(retrieve.ReplyTo, Reply(retrieve, NonCpmPurpose.DeliveryReport)); // delivered: the MM reached the handset
                }

                break;
            case NonCpmMessage pending when from == Id:
                Deliver(pending);
                break;
        }
    }

    private void OnSubmit(NonCpmMessage submit)
    {
        if (!Answers)
        {
            Note("no answer", submit.Session, $"{submit.Rendering} swallowed (service not answering)");
            return;
        }

        NonCpmPurpose answer = Accepts ? NonCpmPurpose.Ack : NonCpmPurpose.Nack;
        Send(submit.ReplyTo, Reply(submit, answer));
        if (!Accepts)
        {
            Refused++;
            return;
        }

        Accepted++;
        if (!ServiceKind.DeliversInvitation && submit.Purpose == NonCpmPurpose.Invitation)
        {
            return; // the inviting message announces the MM the file will make; it is not an MM of its own
        }

        StartTimer(DeliveryDelay.SampleTime(_random ??= Random), submit); // the submission itself waits for its delivery
    }

    private void Deliver(NonCpmMessage submit)
    {
        if (!Users.IsNone)
        {
            Send(Users, Reply(submit, NonCpmPurpose.Deliver));
        }

        if (DeliveryReports && !ServiceKind.DeliversByRetrieval)
        {
            Send(submit.ReplyTo, Reply(submit, NonCpmPurpose.DeliveryReport)); // an MMSC reports once the MM is retrieved
        }
    }

    private NonCpmMessage Reply(NonCpmMessage to, NonCpmPurpose purpose) => NonCpmMessage.Reply(to, purpose, Pool);
}
