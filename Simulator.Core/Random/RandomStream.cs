using System.Numerics;
using System.Runtime.CompilerServices;

namespace CpmSim.Core.Random;

/// <summary>
/// One entity's stream of random numbers: xoshiro256** seeded through SplitMix64. The same seed
/// gives the same draws on every machine and runtime. Derives from <see cref="System.Random"/> so that
/// MathNet.Numerics samplers accept it; the non-virtual <see cref="NextUnit"/> and
/// <see cref="NextExponential"/> are the fast paths.
/// </summary>
public sealed class RandomStream : System.Random
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A stream from a 64-bit seed, expanded to the 256-bit state by SplitMix64.</summary>
    public RandomStream(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64.Next(ref x);
        _s1 = SplitMix64.Next(ref x);
        _s2 = SplitMix64.Next(ref x);
        _s3 = SplitMix64.Next(ref x);
        if ((_s0 | _s1 | _s2 | _s3) == 0)
        {
            _s0 = 1; // the all-zero state is the one fixed point of xoshiro
        }
    }

    /// <summary>The next 64 random bits (xoshiro256**).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextUnit() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on (0, 1]: safe to take the logarithm of.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextUnitOpenZero() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>An exponential variate with the given mean.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextExponential(double mean) => mean * NextStandardExponential();

    /// <summary>
    /// A standard exponential variate (mean 1) by the ziggurat method (<see cref="ExponentialZiggurat"/>):
    /// the low 8 bits of one random word pick the layer, the high 53 bits the position in it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextStandardExponential()
    {
        ulong bits = NextUInt64();
        int i = (int)(bits & 0xFF);
        double[] width = ExponentialZiggurat.X;
        double x = (bits >> 11) * (1.0 / (1UL << 53)) * width[i];
        return x < width[i + 1] ? x : NextStandardExponentialSlow(i, x);
    }

    private double NextStandardExponentialSlow(int i, double x)
    {
        double[] width = ExponentialZiggurat.X;
        double[] height = ExponentialZiggurat.F;
        while (true)
        {
            if (i == 0)
            {
                // The base layer beyond R stands for the tail, which is R plus a fresh exponential.
                return ExponentialZiggurat.R - Math.Log(NextUnitOpenZero());
            }

            // The wedge between the layer's inner and outer width: accept under the curve.
            if (height[i] + ((height[i + 1] - height[i]) * NextUnit()) < Math.Exp(-x))
            {
                return x;
            }

            ulong bits = NextUInt64();
            i = (int)(bits & 0xFF);
            x = (bits >> 11) * (1.0 / (1UL << 53)) * width[i];
            if (x < width[i + 1])
            {
                return x;
            }
        }
    }

    /// <summary>True with probability <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool NextBernoulli(double p) => NextUnit() < p;

    /// <summary>Uniform integer in [0, n) without modulo bias (Lemire).</summary>
    public int NextIndex(int n)
    {
        if (n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "The range must hold at least one value.");
        }

        ulong bound = (ulong)n;
        while (true)
        {
            ulong hi = Math.BigMul(NextUInt64(), bound, out ulong lo);
            if (lo >= bound || lo >= (0UL - bound) % bound)
            {
                return (int)hi;
            }
        }
    }

    protected override double Sample() => NextUnit();

    public override double NextDouble() => NextUnit();

    public override int Next() => (int)(NextUInt64() >> 33);

    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue == 0 ? 0 : NextIndex(maxValue);
    }

    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        long range = (long)maxValue - minValue;
        return range == 0 ? minValue : (int)(minValue + (long)(NextUnit() * range));
    }

    public override long NextInt64() => (long)(NextUInt64() >> 1);

    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

    public override void NextBytes(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = (byte)(NextUInt64() >> 56);
        }
    }
}
