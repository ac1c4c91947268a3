using System.Globalization;
using CpmSim.Core.Random;
using CpmSim.Scenarios.Cpm;

namespace CpmSim.Scenarios.Workloads;

/// <summary>
/// The non-CPM recipients of a load run: <see cref="Recipients"/> addresses
/// <c>tel:+1555NNNNNNN</c>, a share <see cref="MmsShare"/> of them subscribed to MMS as well as SMS.
/// Whether an address has MMS is a fixed function of the address and seed, so every node agrees.
/// </summary>
public sealed record Population
{
    public const string Prefix = "tel:+1555";

    public int Recipients { get; init; } = 1000;

    public double MmsShare { get; init; } = 1.0;

    public string AddressOf(int index) => Prefix + index.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>Whether recipient <paramref name="index"/> has MMS (deterministic in index and seed).</summary>
    public bool HasMms(int index, ulong seed) =>
        (SplitMix64.Mix(seed ^ ((ulong)index * 0x9E3779B97F4A7C15UL)) >> 11) * (1.0 / (1UL << 53)) < MmsShare;

    /// <summary>Registers the population's subscriptions in <paramref name="directory"/>.</summary>
    public void Register(RecipientDirectory directory, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var smsOnly = new HashSet<NonCpmService> { NonCpmService.Sms };
        var both = new HashSet<NonCpmService> { NonCpmService.Sms, NonCpmService.Mms };
        directory.SetRule(address =>
            address.StartsWith(Prefix, StringComparison.Ordinal) &&
            int.TryParse(address.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < Recipients
                ? (HasMms(i, seed) ? both : smsOnly)
                : null);
    }
}
