using System.Text;

namespace CpmSim.Core.Random;

/// <summary>
/// The random streams of one run. Each entity draws from its own stream whose seed is derived from
/// <c>(master seed, run index, entity name)</c> alone, so adding or removing an entity leaves every
/// other entity's draws unchanged (common random numbers across scenario variants).
/// </summary>
public sealed class RandomStreams
{
    private readonly Dictionary<string, RandomStream> _streams = new(StringComparer.Ordinal);

    public RandomStreams(ulong seed, int runIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(runIndex);
        Seed = seed;
        RunIndex = runIndex;
    }

    public ulong Seed { get; }

    public int RunIndex { get; }

    /// <summary>The stream of the named entity; the same object on every call with that name.</summary>
    public RandomStream For(string entityName)
    {
        if (!_streams.TryGetValue(entityName, out RandomStream? stream))
        {
            stream = new RandomStream(DeriveSeed(Seed, RunIndex, entityName));
            _streams.Add(entityName, stream);
        }

        return stream;
    }

    /// <summary>
    /// The 64-bit seed of stream <c>(seed, runIndex, entityName)</c>: SplitMix64 mixing of the master
    /// seed, the run index and a FNV-1a hash of the name's UTF-8 bytes. Stable across machines and
    /// runtimes (string.GetHashCode is not).
    /// </summary>
    public static ulong DeriveSeed(ulong seed, int runIndex, string entityName)
    {
        ArgumentNullException.ThrowIfNull(entityName);
        ulong h = 0xCBF29CE484222325UL;
        foreach (byte b in Encoding.UTF8.GetBytes(entityName))
        {
            h = (h ^ b) * 0x100000001B3UL;
        }

        ulong k = SplitMix64.Mix(seed ^ 0x6A09E667F3BCC909UL);
        k = SplitMix64.Mix(k ^ ((ulong)(uint)runIndex * 0x9E3779B97F4A7C15UL));
        return SplitMix64.Mix(k ^ h);
    }
}
