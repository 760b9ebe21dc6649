namespace Engine.Host;

/// <summary>
/// How the simulated venue of a dataset backtest fills the engine's orders (docs/FILL-SIMULATION.md): the latency of
/// the engine's requests to the venue (<see cref="OrderLatency"/>) and of everything the venue sends the engine (market
/// data and execution reports, <see cref="MarketDataLatency"/>), the queue model of resting orders, and the seed of the
/// latency draws. Fees are the engine configuration's (the BLP charges them from each fill's maker flag). Immutable.
/// </summary>
public sealed record FillSimulationOptions
{
    public LatencyModel OrderLatency { get; init; } = new(100_000);

    public LatencyModel MarketDataLatency { get; init; } = new(0);

    public QueueModelKind QueueModel { get; init; } = QueueModelKind.RiskAverse;

    public ulong Seed { get; init; } = 42;

    public void Validate()
    {
        OrderLatency.Validate(nameof(OrderLatency));
        MarketDataLatency.Validate(nameof(MarketDataLatency));
        if (!Enum.IsDefined(QueueModel))
        {
            throw new ArgumentOutOfRangeException(nameof(QueueModel), QueueModel, "unknown queue model");
        }
    }
}
