using System.Diagnostics;

namespace Engine.Host;

/// <summary>
/// Nanoseconds of the machine's monotonic clock (Stopwatch: CLOCK_MONOTONIC on Linux, the same in every process),
/// the clock gateways stamp venue frames with, so latencies across processes are differences of one clock.
/// <see cref="WallNanos"/> anchors it to UTC once, for receive times an auditor can read as dates and that never go
/// backwards.
/// </summary>
public static class MonotonicClock
{
    private static readonly long s_wallAnchor = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100 - NowNanos();

    public static long NowNanos()
    {
        long ticks = Stopwatch.GetTimestamp();
        return Stopwatch.Frequency == 1_000_000_000 ? ticks : (long)((Int128)ticks * 1_000_000_000 / Stopwatch.Frequency);
    }

    /// <summary>Nanoseconds since the Unix epoch, monotonic within this process.</summary>
    public static long WallNanos() => s_wallAnchor + NowNanos();
}
