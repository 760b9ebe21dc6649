using System.Numerics;
using System.Runtime.CompilerServices;

namespace Engine.Gateways.SimulatedVenue.MarketData;

/// <summary>
/// xoshiro256** (Blackman and Vigna, 2018): a fast generator with 256 bits of state, seeded through SplitMix64 as
/// its authors recommend. Ours rather than <see cref="Random"/> because its sequence is specified: the same seed
/// gives the same numbers on every runtime version, which is what "reproducible from its seed" needs.
/// Mutable; owned by one generator.
/// </summary>
public struct Xoshiro256StarStar
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Xoshiro256StarStar(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

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

    /// <summary>Uniform in [0, 1), from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in (0, 1]: safe to take the logarithm of.</summary>
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, bound), without modulo bias (Lemire's multiply-shift with rejection).</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bound), bound, "bound must be positive");
        }

        ulong product = (NextUInt64() >> 32) * (ulong)bound;
        if ((uint)product < (uint)bound)
        {
            uint threshold = (uint)-bound % (uint)bound;
            while ((uint)product < threshold)
            {
                product = (NextUInt64() >> 32) * (ulong)bound;
            }
        }

        return (int)(product >> 32);
    }

    /// <summary>Exponential with the given mean (inter-arrival times of a Poisson process).</summary>
    public double NextExponential(double mean) => -Math.Log(NextOpenDouble()) * mean;

    /// <summary>Standard normal (Box-Muller; one of the pair is used, which keeps the state simple).</summary>
    public double NextGaussian() => Math.Sqrt(-2.0 * Math.Log(NextOpenDouble())) * Math.Cos(2.0 * Math.PI * NextDouble());

    /// <summary>Pareto with minimum <paramref name="minimum"/> and tail index <paramref name="alpha"/>: heavy-tailed sizes.</summary>
    public double NextPareto(double minimum, double alpha) => minimum * Math.Pow(NextOpenDouble(), -1.0 / alpha);

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
