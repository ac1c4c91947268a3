using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace CpmSim.Core.Kernel;

/// <summary>
/// Prefetch hints: ask the processor to bring memory into its cache before it is read. A hint only
/// (nothing happens where the instruction is missing, and a wrong address costs nothing but the
/// hint). The reason Core allows unsafe code.
/// </summary>
internal static class CacheHint
{
    /// <summary>Prefetches <paramref name="bytes"/> bytes from <paramref name="location"/> (whole cache lines).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch<T>(ref T location, int bytes)
    {
        if (Sse.IsSupported)
        {
            byte* start = (byte*)Unsafe.AsPointer(ref location);
            for (int offset = 0; offset < bytes; offset += 64)
            {
                Sse.Prefetch0(start + offset);
            }
        }
    }

    /// <summary>Prefetches the first <paramref name="bytes"/> bytes of an object.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch(object? value, int bytes)
    {
        if (Sse.IsSupported && value is not null)
        {
            // The object's address as the reference holds it: should the collector move the object
            // meanwhile, the hint is merely wasted.
            byte* start = (byte*)Unsafe.As<object, nint>(ref value);
            for (int offset = 0; offset < bytes; offset += 64)
            {
                Sse.Prefetch0(start + offset);
            }
        }
    }
}
