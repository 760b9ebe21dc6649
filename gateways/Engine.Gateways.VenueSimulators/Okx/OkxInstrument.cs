namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>
/// One instrument the OKX simulator trades, as <c>GET /api/v5/public/instruments</c> describes it: <c>SPOT</c> (sizes
/// in the base currency) or a linear <c>SWAP</c> (sizes in contracts of <see cref="ContractValue"/> base currency,
/// settled in <see cref="SettleCurrency"/>), with its tick, lot and minimum size.
/// </summary>
public sealed record OkxInstrument(
    string InstId,
    string InstType,
    string BaseCurrency,
    string QuoteCurrency,
    string SettleCurrency,
    decimal TickSize,
    decimal LotSize,
    decimal MinSize,
    decimal ContractValue)
{
    public bool IsSwap => InstType == "SWAP";

    /// <summary>Decimals of the price ladder (the tick's).</summary>
    public int PriceScale => DecimalsOf(TickSize);

    /// <summary>Decimals of the size ladder (the lot's).</summary>
    public int SizeScale => DecimalsOf(LotSize);

    /// <summary>The currency an order holds while it rests: quote for a spot buy, base for a spot sell, the settlement currency (margin) for a swap.</summary>
    public string FrozenCurrency(bool buy) => IsSwap ? SettleCurrency : buy ? QuoteCurrency : BaseCurrency;

    private static int DecimalsOf(decimal value) => (decimal.GetBits(value / 1.000000000000000000000000000000000m)[3] >> 16) & 0xFF;
}
