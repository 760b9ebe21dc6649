namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>
/// One symbol the simulator trades, with the filters Binance checks an order against (PRICE_FILTER tickSize,
/// LOT_SIZE stepSize and minQty, NOTIONAL minNotional) and the scales of its engine listing.
/// </summary>
public sealed record BinanceSymbol(
    string Name,
    string BaseAsset,
    string QuoteAsset,
    decimal TickSize,
    decimal StepSize,
    decimal MinQuantity,
    decimal MinNotional)
{
    /// <summary>Decimals of the price ladder (the tick's).</summary>
    public int PriceScale => DecimalsOf(TickSize);

    /// <summary>Decimals of the quantity ladder (the step's).</summary>
    public int QuantityScale => DecimalsOf(StepSize);

    private static int DecimalsOf(decimal value) => (decimal.GetBits(value / 1.000000000000000000000000000000000m)[3] >> 16) & 0xFF;
}
