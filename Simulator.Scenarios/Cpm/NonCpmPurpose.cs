namespace CpmSim.Scenarios.Cpm;

/// <summary>What a message on a non-CPM interface (SMS, MMS) is for.</summary>
public enum NonCpmPurpose
{
    /// <summary>The non-CPM session invitation or inviting message an IWF makes of a CPM Session Invitation.</summary>
    Invitation,

    /// <summary>Content: a short message segment or a multimedia message.</summary>
    Content,

    /// <summary>The service's acceptance of an invitation or content (store-and-forward accepted).</summary>
    Ack,

    /// <summary>The service's refusal.</summary>
    Nack,

    /// <summary>Delivery to the non-CPM user.</summary>
    Deliver,

    /// <summary>The later report that the content reached the user.</summary>
    DeliveryReport,
}
