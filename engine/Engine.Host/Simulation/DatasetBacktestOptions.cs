namespace Engine.Host;

/// <summary>
/// A backtest on a dataset (<see cref="DatasetBacktestRunner"/>): the dataset's journal directory, the venue whose
/// orders are fill-simulated, the engine-time range replayed ([<see cref="FromNanos"/>, <see cref="ToNanos"/>]), the
/// fill simulation, and what the run reports as it goes (the sample interval of <see cref="Observer"/>, and a
/// progress callback of (records replayed, simulated time) every 65,536 records). Immutable.
/// </summary>
public sealed record DatasetBacktestOptions
{
    public required string DatasetDirectory { get; init; }

    public required ushort VenueId { get; init; }

    public required long FromNanos { get; init; }

    public required long ToNanos { get; init; }

    public FillSimulationOptions Fills { get; init; } = new();

    public long SampleIntervalNanos { get; init; } = 60_000_000_000;

    public IBacktestObserver? Observer { get; init; }

    public Action<long, long>? Progress { get; init; }

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(DatasetDirectory);
        if (ToNanos < FromNanos)
        {
            throw new ArgumentOutOfRangeException(nameof(ToNanos), ToNanos, "the end of a backtest must not be before its start");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SampleIntervalNanos);
        ArgumentNullException.ThrowIfNull(Fills);
        Fills.Validate();
    }
}
