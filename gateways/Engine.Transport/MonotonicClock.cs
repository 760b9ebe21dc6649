using System.Diagnostics;

namespace Engine.Transport;

/// <summary>
/// Nanoseconds of the machine's monotonic clock (Stopwatch: CLOCK_MONOTONIC on Linux, the same in every process),
/// the clock gateways stamp venue frames with and the engine reads, so latencies across processes are differences
/// of one clock. It lives with the transport because both sides of it must use exactly this definition.
/// <see cref="WallNanos"/> anchors it to UTC once, for receive times an auditor can read as dates and that never go
/// backwards.
/// </summary>
public static class MonotonicClock
{
    private static readonly long s_wallAnchor = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100 - NowNanos();

    public static long NowNanos() => FromTicks(Stopwatch.GetTimestamp());

    /// <summary>A <see cref="Stopwatch"/> timestamp in nanoseconds.</summary>
    public static long FromTicks(long ticks) =>
        Stopwatch.Frequency == 1_000_000_000 ? ticks : (long)((Int128)ticks * 1_000_000_000 / Stopwatch.Frequency);

    /// <summary>Nanoseconds since the Unix epoch, monotonic within this process.</summary>
    public static long WallNanos() => s_wallAnchor + NowNanos();
}
