namespace Engine.Host;

/// <summary>
/// A backtest's clock and latency model: it starts at <see cref="StartTimeNanos"/> (simulated ns since the Unix
/// epoch), runs <see cref="DurationNanos"/> of simulated time, and every venue frame reaches the engine
/// <see cref="VenueToEngineLatencyNanos"/> after the venue sent it, every engine request reaches the venue
/// <see cref="EngineToVenueLatencyNanos"/> after the BLP produced it. <see cref="Seed"/> seeds the simulated venue.
/// Immutable.
/// </summary>
public sealed record BacktestOptions
{
    public ulong Seed { get; init; } = 42;

    public long StartTimeNanos { get; init; } = BacktestRunner.DefaultStartTimeNanos;

    public long DurationNanos { get; init; } = 60_000_000_000;

    public long VenueToEngineLatencyNanos { get; init; } = 50_000;

    public long EngineToVenueLatencyNanos { get; init; } = 100_000;

    public void Validate()
    {
        if (DurationNanos <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DurationNanos), DurationNanos, "a backtest must run for a positive time");
        }

        if (VenueToEngineLatencyNanos < 0 || EngineToVenueLatencyNanos < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(VenueToEngineLatencyNanos), "latencies must not be negative");
        }

        if (StartTimeNanos <= Gateways.SimulatedVenue.Session.SimulatedVenueOptions.DefaultWarmUpNanos)
        {
            throw new ArgumentOutOfRangeException(nameof(StartTimeNanos), StartTimeNanos, "the start time must leave room for the venue's warm-up");
        }
    }
}
