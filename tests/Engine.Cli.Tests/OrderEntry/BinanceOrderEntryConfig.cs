namespace Engine.Cli.Tests.OrderEntry;

/// <summary>
/// The engine's configuration in <see cref="BinanceOrderEntryRig"/>: BINANCE BTC-USDT at scales 2 and 5 (spot), or
/// BINANCE_USDM BTC-USDT-PERP at scales 1 and 3 (USD-M); limits far away, Binance's fees.
/// </summary>
internal static class BinanceOrderEntryConfig
{
    public const string UsdMInstrumentsJson = """
        {
          "venues": [ { "code": "BINANCE_USDM", "name": "Binance USD-M futures", "symbolFormat": "concatenated" } ],
          "instruments": [ { "symbol": "BTC-USDT-PERP", "base": "BTC", "quote": "USDT", "settle": "USDT", "kind": "perpetual" } ],
          "listings": [
            { "venue": "BINANCE_USDM", "instrument": "BTC-USDT-PERP", "priceScale": 1, "quantityScale": 3, "tickSize": "0.1", "lotSize": "0.001", "minQuantity": "0.001", "minNotional": "1", "contractMultiplier": "1" }
          ]
        }
        """;

    public const string UsdMRiskJson = """
        {
          "valuation": { "asset": "USDT", "scale": 8 },
          "maxAccountId": 16,
          "maxStrategyId": 4,
          "deadManSwitchIntervalMillis": 0,
          "instruments": [
            { "instrument": "BTC-USDT-PERP", "venue": "BINANCE_USDM", "maxOrderSize": "50", "maxOrderNotional": "5000000", "maxPositionSize": "100", "maxSymbolExposure": "50000000", "priceBandBps": 2000, "initialMarginBps": 500 }
          ],
          "accountDefaults": { "maxGrossExposure": "50000000", "maxDailyLoss": "5000000", "orderRatePerSecond": "unlimited" },
          "accounts": [],
          "strategyDefaults": { "orderRatePerSecond": "unlimited" }
        }
        """;

    public const string UsdMEngineJson = """
        {
          "instruments": "instruments.json",
          "risk": "risk.json",
          "ledgerScale": 8,
          "fees": [ { "venue": "BINANCE_USDM", "makerBps": 2, "takerBps": 5 } ],
          "strategies": [],
          "journal": { "directory": "../journal", "fsync": "none", "segmentSizeMiB": 1 },
          "transport": { "name": "binance-usdm-order-entry-tests" },
          "pipeline": { "ringSize": 1024, "timerIntervalMillis": 100 }
        }
        """;

    public const string InstrumentsJson = """
        {
          "venues": [
            { "code": "BINANCE", "name": "Binance spot", "symbolFormat": "concatenated" },
            { "code": "OKX", "name": "OKX spot (no listing: another venue's gateway)", "symbolFormat": "dash" }
          ],
          "instruments": [ { "symbol": "BTC-USDT", "base": "BTC", "quote": "USDT", "settle": "USDT", "kind": "spot" } ],
          "listings": [
            { "venue": "BINANCE", "instrument": "BTC-USDT", "priceScale": 2, "quantityScale": 5, "tickSize": "0.01", "lotSize": "0.00001", "minQuantity": "0.00001", "minNotional": "1", "contractMultiplier": "1" }
          ]
        }
        """;

    public const string RiskJson = """
        {
          "valuation": { "asset": "USDT", "scale": 8 },
          "maxAccountId": 16,
          "maxStrategyId": 4,
          "deadManSwitchIntervalMillis": 0,
          "killSwitchOnVenueBreak": true,
          "instruments": [
            { "instrument": "BTC-USDT", "venue": "BINANCE", "maxOrderSize": "50", "maxOrderNotional": "5000000", "maxPositionSize": "100", "maxSymbolExposure": "50000000", "priceBandBps": 2000 }
          ],
          "accountDefaults": { "maxGrossExposure": "50000000", "maxDailyLoss": "5000000", "orderRatePerSecond": "unlimited" },
          "accounts": [],
          "strategyDefaults": { "orderRatePerSecond": "unlimited" }
        }
        """;

    public const string EngineJson = """
        {
          "instruments": "instruments.json",
          "risk": "risk.json",
          "ledgerScale": 8,
          "fees": [ { "venue": "BINANCE", "makerBps": 10, "takerBps": 10 } ],
          "strategies": [],
          "journal": { "directory": "../journal", "fsync": "none", "segmentSizeMiB": 1 },
          "transport": { "name": "binance-order-entry-tests" },
          "pipeline": { "ringSize": 1024, "timerIntervalMillis": 100 }
        }
        """;
}
