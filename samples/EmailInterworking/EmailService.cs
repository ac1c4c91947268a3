using CpmSim.Scenarios.Cpm;

namespace CpmSim.Samples.EmailInterworking;

/// <summary>
/// E-mail as a non-CPM service: the IWF submits over SMTP to a mail server, which stores the mail in
/// the user's mailbox (no retrieval step in the model) and sends a delivery status notification.
/// </summary>
public static class EmailService
{
    /// <summary>The service (one instance: services compare by reference).</summary>
    public static NonCpmService Instance { get; } = new("email", "e-mail", MailServerKind.Name, purpose => purpose switch
    {
        NonCpmPurpose.Invitation => "SMTP DATA (invitation)",
        NonCpmPurpose.Content => "SMTP DATA",
        NonCpmPurpose.Ack => "SMTP 250",
        NonCpmPurpose.Nack => "SMTP 552",
        NonCpmPurpose.Deliver => "LMTP DATA",
        _ => "SMTP DSN",
    })
    {
        DeliversInvitation = false, // the inviting mail is acknowledged, not put in the mailbox: the content follows
    };
}
