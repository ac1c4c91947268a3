using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Random;

namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// A non-CPM service centre (SMSC or MMSC): store-and-forward. It acknowledges what it accepts at
/// once (the non-CPM ack), delivers it to the non-CPM user after a delay and then sends a delivery
/// report to the submitting IWF. It can be set to refuse, or never to answer, for the failure variants.
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
        StartTimer(DeliveryDelay.SampleTime(_random ??= Random), submit); // the submission itself waits for its delivery
    }

    private void Deliver(NonCpmMessage submit)
    {
        if (!Users.IsNone)
        {
            Send(Users, Reply(submit, NonCpmPurpose.Deliver));
        }

        if (DeliveryReports)
        {
            Send(submit.ReplyTo, Reply(submit, NonCpmPurpose.DeliveryReport));
        }
    }

    private NonCpmMessage Reply(NonCpmMessage to, NonCpmPurpose purpose) => NonCpmMessage.Reply(to, purpose, Pool);
}
