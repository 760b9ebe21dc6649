namespace Engine.Gateways.Venues.Binance;

/// <summary>Which Binance market a feed reads: they share a message format and differ in the depth sync rules.</summary>
public enum BinanceMarket : byte
{
    /// <summary>Spot (api.binance.com): the first update after a snapshot has <c>U &lt;= lastUpdateId+1 &lt;= u</c>, then each <c>U</c> is the previous <c>u</c> + 1.</summary>
    Spot = 0,

    /// <summary>USD-M futures (fapi): the first has <c>U &lt;= lastUpdateId &lt;= u</c>, then each <c>pu</c> is the previous <c>u</c>.</summary>
    UsdM = 1,

    /// <summary>COIN-M futures (dapi): the USD-M rules.</summary>
    CoinM = 2,
}
