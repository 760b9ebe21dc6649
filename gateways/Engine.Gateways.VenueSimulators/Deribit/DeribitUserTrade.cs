namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>
/// One fill of the API account, as Deribit's user trades show it: amount in USD, fee and profit in the coin,
/// <c>liquidity</c> M (maker) or T (taker), the order's state after the fill.
/// </summary>
public sealed record DeribitUserTrade(
    string TradeId,
    long TradeSeq,
    string OrderId,
    DeribitInstrument Instrument,
    string Direction,
    decimal Price,
    decimal Amount,
    bool IsMaker,
    decimal Fee,
    decimal ProfitLoss,
    string OrderType,
    string OrderState,
    string Label,
    bool PostOnly,
    bool ReduceOnly,
    decimal MarkPrice,
    long Timestamp)
{
    /// <summary>A per-account ordinal (1, 2, ...) the by-currency query pages on.</summary>
    public long Ordinal { get; init; }
}
