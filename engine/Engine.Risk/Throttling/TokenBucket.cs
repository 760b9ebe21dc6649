using System.Runtime.CompilerServices;

namespace Engine.Risk;

/// <summary>
/// A token bucket driven by input time, in exact integers: the level is kept in nano-tokens (10^-9 token), so a
/// rate of R tokens per second refills exactly R nano-tokens per nanosecond with no division and no rounding.
/// Starts full. Time that goes backwards refills nothing. Mutable; owned by the BLP thread, stored in arrays and
/// reached by <c>ref</c>.
/// </summary>
internal struct TokenBucket
{
    /// <summary>One order's cost.</summary>
    internal const long NanoTokensPerToken = 1_000_000_000;

    private long _level;
    private long _lastNanos;
    private bool _started;

    /// <summary>
    /// The level in nano-tokens at <paramref name="nowNanos"/> (refilled, capped at the burst); changes nothing.
    /// Compare with <see cref="NanoTokensPerToken"/>, then <see cref="Commit"/> the level minus one token.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly long LevelAt(OrderRateLimit limit, long nowNanos)
    {
        long capacity = limit.Burst * NanoTokensPerToken;
        if (!_started)
        {
            return capacity;
        }

        long level = Math.Min(_level, capacity);
        long elapsed = nowNanos - _lastNanos;
        if (elapsed <= 0)
        {
            return level;
        }

        // elapsed x rate in 128 bits: no overflow, no division; at or past the deficit the bucket is full.
        long deficit = capacity - level;
        Int128 refill = (Int128)elapsed * limit.PerSecond;
        return refill >= deficit ? capacity : level + (long)refill;
    }

    /// <summary>Stores <paramref name="level"/> (a level from <see cref="LevelAt"/> minus what was taken) as of <paramref name="nowNanos"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Commit(long level, long nowNanos)
    {
        _level = level;
        _lastNanos = _started ? Math.Max(_lastNanos, nowNanos) : nowNanos;
        _started = true;
    }

    /// <summary>Whole tokens available at <paramref name="nowNanos"/> (for tests and state reports).</summary>
    public readonly long TokensAt(OrderRateLimit limit, long nowNanos) =>
        limit.IsUnlimited ? long.MaxValue : LevelAt(limit, nowNanos) / NanoTokensPerToken;

    public readonly void AddToHash(ref Engine.Primitives.StateHasher hasher)
    {
        hasher.Add(_level);
        hasher.Add(_lastNanos);
        hasher.Add(_started ? 1 : 0);
    }
}
