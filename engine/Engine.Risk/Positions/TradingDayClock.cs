using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// Which trading day the engine is in, by input time: days start at a configured time of day in UTC (the roll) and
/// are numbered from the Unix epoch, so the same inputs give the same days live, in a backtest and on replay. The
/// first time it sees puts it in that day without a roll (nothing was counted yet); later times in a later day roll
/// it, however many days were skipped, and time going back (a journal of merged sources) never rolls it back.
/// Mutable; owned by the BLP thread.
/// </summary>
internal struct TradingDayClock
{
    public const long NanosPerDay = 86_400L * 1_000_000_000L;
    private const long NoDay = long.MinValue;

    private readonly long _rollNanos;
    private long _day;

    public TradingDayClock(long rollNanos)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rollNanos);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rollNanos, NanosPerDay);
        _rollNanos = rollNanos;
        _day = NoDay;
    }

    /// <summary>Nanoseconds after 00:00 UTC at which a trading day starts.</summary>
    public readonly long RollNanos => _rollNanos;

    /// <summary>The current trading day (days since the epoch's first roll), or null before the first input time.</summary>
    public readonly long? Day => _day == NoDay ? null : _day;

    /// <summary>Moves to <paramref name="nowNanos"/>'s trading day; true when that started a new day after an earlier one.</summary>
    public bool Advance(long nowNanos)
    {
        long day = Math.DivRem(nowNanos - _rollNanos, NanosPerDay, out long remainder) - (remainder < 0 ? 1 : 0);
        if (_day == NoDay)
        {
            _day = day;
            return false;
        }

        if (day <= _day)
        {
            return false;
        }

        _day = day;
        return true;
    }

    /// <summary>The day only: the roll time is configuration, and a journal is only replayed with its own.</summary>
    public readonly void WriteSnapshot(SnapshotWriter writer) => writer.WriteInt64(_day);

    public void RestoreSnapshot(SnapshotReader reader) => _day = reader.ReadInt64();

    public readonly void AddToHash(ref StateHasher hasher)
    {
        hasher.Add(_rollNanos);
        hasher.Add(_day);
    }
}
