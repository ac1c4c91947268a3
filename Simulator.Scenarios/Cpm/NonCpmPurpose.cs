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

    /// <summary>Delivery to the non-CPM user: a short message, or an MMS notification (the MM waits at the MMSC).</summary>
    Deliver,

    /// <summary>The MMS user's handset fetches a notified MM from the MMSC (MM1 retrieve request).</summary>
    Retrieve,

    /// <summary>The MMSC hands over the MM itself (MM1 retrieve response).</summary>
    Retrieved,

    /// <summary>The later report that the content reached the user.</summary>
    DeliveryReport,
}
