namespace CpmSim.Scenarios.Cpm;

/// <summary>Address helpers: which addresses belong to CPM users.</summary>
public static class CpmAddress
{
    /// <summary>True for <c>sip:user@domain</c> with a domain in <paramref name="cpmDomains"/>; <c>tel:</c> URIs are never CPM.</summary>
    public static bool IsCpm(string uri, IReadOnlySet<string> cpmDomains)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.StartsWith("sip:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        int at = uri.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && cpmDomains.Contains(uri[(at + 1)..]);
    }
}
