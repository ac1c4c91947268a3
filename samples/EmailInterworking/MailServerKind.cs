using CpmSim.Core.Kernel;
using CpmSim.Core.Network;
using CpmSim.Core.Random;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Kinds;

namespace CpmSim.Samples.EmailInterworking;

/// <summary><c>kind: mail-server</c>: the e-mail service centre, a store-and-forward <see cref="NonCpmServer"/> with its own delivery delay.</summary>
public static class MailServerKind
{
    public const string Name = "mail-server";

    public static NodeKind Kind { get; } = new(Name, d => new NonCpmServer(d.Name, EmailService.Instance)
    {
        DeliveryDelay = d.Options.Find<Distribution>("delivery-delay") ?? new ExponentialDistribution(SimTime.FromSeconds(30).Nanoseconds, "exp(mean=30s)"),
    })
    {
        Help = "an e-mail server (samples/EmailInterworking)",
        Keys =
        [
            NodeKey.Delay("delivery-delay", "`exp(mean=30s)`", "acceptance → the mail in the user's mailbox"),
            NodeKey.Node("users", "the only `non-cpm-user`", "whose mailboxes it serves"),
        ],
        Roles = ["NonCpm*"],
        Wire = w => ((NonCpmServer)w.Node).Users = w.One("users", NodeKind.NonCpmUser, "users (non-CPM user)").Pick(0),
    };
}
