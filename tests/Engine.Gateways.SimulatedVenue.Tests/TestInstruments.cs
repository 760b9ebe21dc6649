using Engine.Model;

namespace Engine.Gateways.SimulatedVenue.Tests;

/// <summary>The instrument registry of the venue tests.</summary>
public static class TestInstruments
{
    // Two SIM listings (BTC-USDT, ETH-USDT, as in config/instruments.json) and one instrument listed elsewhere only.
    public const string Json = """
        {
          "venues": [
            { "code": "COINBASE", "name": "Coinbase spot", "symbolFormat": "dash" },
            { "code": "SIM", "name": "Simulated venue", "symbolFormat": "dash", "simulated": true }
          ],
          "instruments": [
            { "symbol": "BTC-USDT", "base": "BTC", "quote": "USDT", "kind": "spot" },
            { "symbol": "ETH-USDT", "base": "ETH", "quote": "USDT", "kind": "spot" },
            { "symbol": "BTC-USD", "base": "BTC", "quote": "USD", "kind": "spot" }
          ],
          "listings": [
            { "venue": "SIM", "instrument": "BTC-USDT", "priceScale": 2, "quantityScale": 5, "tickSize": "0.01", "lotSize": "0.00001", "minQuantity": "0.00001", "minNotional": "1", "contractMultiplier": "1" },
            { "venue": "SIM", "instrument": "ETH-USDT", "priceScale": 2, "quantityScale": 4, "tickSize": "0.01", "lotSize": "0.0001", "minQuantity": "0.0001", "minNotional": "1", "contractMultiplier": "1" },
            { "venue": "COINBASE", "instrument": "BTC-USD", "priceScale": 2, "quantityScale": 8, "tickSize": "0.01", "lotSize": "0.00000001", "minQuantity": "0.00000001", "minNotional": "1", "contractMultiplier": "1" }
          ]
        }
        """;

    public static InstrumentRegistry Registry { get; } = InstrumentConfig.Parse(Json, "test instruments");
}
