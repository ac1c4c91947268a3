using System.Globalization;

namespace CpmSim.Scenarios.Wire;

/// <summary>Deterministic tokens (branches, tags, ids) made from the model's numbers: same trace, same text.</summary>
internal static class WireTokens
{
    public static ulong Mix(ulong a, ulong b = 0, ulong c = 0)
    {
        ulong z = a * 0x9E3779B97F4A7C15UL;
        z = Step(z ^ b);
        z = Step(z ^ (c * 0xBF58476D1CE4E5B9UL));
        return z;
    }

    public static ulong Of(string text)
    {
        ulong h = 14695981039346656037UL;
        foreach (char ch in text)
        {
            h = (h ^ ch) * 1099511628211UL;
        }

        return h;
    }

    public static string Hex(ulong v, int digits = 16) => v.ToString("x16", CultureInfo.InvariantCulture)[(16 - digits)..];

    /// <summary>A UUID-formatted token (CPM's Conversation-ID and Contribution-ID are UUIDs in practice).</summary>
    public static string Uuid(ulong a, ulong b)
    {
        string h = Hex(Mix(a, b, 1)) + Hex(Mix(a, b, 2));
        return $"{h[..8]}-{h[8..12]}-4{h[13..16]}-a{h[17..20]}-{h[20..32]}";
    }

    private static ulong Step(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
