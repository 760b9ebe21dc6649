namespace Engine.Host;

/// <summary>
/// One fill the simulated venue of a dataset backtest made: when (venue time), of which listing and order, at what
/// price and quantity (the listing's mantissas), maker or taker, and the engine time its order left the engine (so
/// <see cref="LatencyNanos"/> is order sent -> fill). Immutable.
/// </summary>
public readonly record struct SimulatedFill(
    long TimeNanos,
    ushort VenueId,
    uint InstrumentId,
    ulong Account,
    uint StrategyId,
    bool IsBuy,
    long Price,
    long Quantity,
    bool IsMaker,
    long OrderSentNanos)
{
    public long LatencyNanos => TimeNanos - OrderSentNanos;
}
