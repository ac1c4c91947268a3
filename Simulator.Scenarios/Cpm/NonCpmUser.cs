using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// The non-CPM users (SMS/MMS handsets) behind the service centres: they count what reaches them. An
/// MMS handset retrieves a notified MM at once (automatic retrieval); the MM counts when it arrives.
/// </summary>
public sealed class NonCpmUser : Node
{
    public NonCpmUser(string name)
        : base(name)
    {
    }

    public long ShortMessages { get; private set; }

    public long MultimediaMessages { get; private set; }

    /// <summary>Messages of services other than SMS and MMS (registered from outside) delivered to these users.</summary>
    public long OtherMessages { get; private set; }

    protected override void HandleMessage(Message message, NodeId from)
    {
        switch (message)
        {
            case NonCpmMessage { Purpose: NonCpmPurpose.Deliver } notification when notification.Service.DeliversByRetrieval:
                Send(from, NonCpmMessage.Reply(notification, NonCpmPurpose.Retrieve, Network.Shared<MessagePool<NonCpmMessage>>()));
                break;
            case NonCpmMessage { Purpose: NonCpmPurpose.Deliver } delivered when delivered.Service == NonCpmService.Sms:
                ShortMessages++;
                break;
            case NonCpmMessage { Purpose: NonCpmPurpose.Deliver }:
                OtherMessages++;
                break;
            case NonCpmMessage { Purpose: NonCpmPurpose.Retrieved }:
                MultimediaMessages++;
                break;
        }
    }
}
