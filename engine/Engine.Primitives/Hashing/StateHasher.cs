using System.Runtime.CompilerServices;

namespace Engine.Primitives;

/// <summary>
/// A deterministic, platform-independent 64-bit running hash for <c>StateHash</c>: the same sequence of values gives
/// the same hash on every machine and every run (unlike <see cref="HashCode"/>, which is seeded per process).
/// Order-sensitive by design: callers feed state in a canonical order (price, then time, then id).
/// Mutable value; owned by whichever thread computes the hash.
/// </summary>
public struct StateHasher
{
    private const ulong Seed = 0x9E3779B97F4A7C15UL;
    private const ulong Multiplier = 0xBF58476D1CE4E5B9UL;
    private const ulong Multiplier2 = 0x94D049BB133111EBUL;

    private ulong _state;
    private long _count;

    public static StateHasher Create() => new() { _state = Seed };

    /// <summary>How many values were added (also folded into <see cref="Finish"/>).</summary>
    public readonly long Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long value)
    {
        // One round of the SplitMix64 finaliser over (state xor value): cheap and well mixed.
        ulong x = (_state ^ (ulong)value) + Seed;
        x = (x ^ (x >> 30)) * Multiplier;
        x = (x ^ (x >> 27)) * Multiplier2;
        _state = x ^ (x >> 31);
        _count++;
    }

    public readonly ulong Finish()
    {
        StateHasher copy = this;
        copy.Add(_count);
        return copy._state;
    }
}
