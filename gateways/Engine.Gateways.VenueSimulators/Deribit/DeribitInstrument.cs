namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>
/// One inverse perpetual the simulator trades (BTC-PERPETUAL, ETH-PERPETUAL): amounts in USD, in multiples of the
/// contract size; prices in USD on the tick; margin, fees and profit in <see cref="Currency"/> (the coin).
/// </summary>
public sealed record DeribitInstrument(string Name, string Currency, decimal TickSize, decimal ContractSize, decimal MinTradeAmount)
{
    /// <summary>Decimals of the price ladder (the tick's).</summary>
    public int PriceScale => DecimalsOf(TickSize);

    /// <summary>Decimals of amounts (the contract size's).</summary>
    public int AmountScale => DecimalsOf(ContractSize);

    private static int DecimalsOf(decimal value) => (decimal.GetBits(value / 1.000000000000000000000000000000000m)[3] >> 16) & 0xFF;
}
