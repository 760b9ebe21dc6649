using System.Diagnostics;

namespace Engine.Gateways.SimulatedVenue.Gateway;

/// <summary>
/// Nanoseconds of the machine's monotonic clock (<see cref="Stopwatch"/>: CLOCK_MONOTONIC on Linux, the same in every
/// process), the venue time the gateway stamps its frames with, so the engine can subtract it from its own reading.
/// </summary>
public static class MonotonicNanos
{
    public static long Now() => FromTicks(Stopwatch.GetTimestamp());

    public static long FromTicks(long ticks) =>
        Stopwatch.Frequency == 1_000_000_000 ? ticks : (long)((Int128)ticks * 1_000_000_000 / Stopwatch.Frequency);
}
