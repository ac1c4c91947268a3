using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Cpm;

/// <summary>The non-CPM users (SMS/MMS handsets) behind the service centres: they count what reaches them.</summary>
public sealed class NonCpmUser : Node
{
    public NonCpmUser(string name)
        : base(name)
    {
    }

    public long ShortMessages { get; private set; }

    public long MultimediaMessages { get; private set; }

    protected override void HandleMessage(Message message, NodeId from)
    {
        if (message is NonCpmMessage { Purpose: NonCpmPurpose.Deliver } m)
        {
            if (m.Service == NonCpmService.Sms)
            {
                ShortMessages++;
            }
            else
            {
                MultimediaMessages++;
            }
        }
    }
}
