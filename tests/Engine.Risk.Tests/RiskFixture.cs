using Engine.Model;
using Engine.Primitives;

namespace Engine.Risk.Tests;

/// <summary>
/// Three instruments and a risk engine with every limit off unless a test sets one, so each test exercises one
/// check. BTC-USDT spot on SIM (price scale 2, quantity scale 5, money scale 7), BTC-USDT-PERP on OKX (price 1,
/// quantity 2, multiplier 0.01 BTC: money scale 5), ETH-USDT spot on SIM (price 2 with tick 0.05, quantity 4 with lot 0.001: money scale 6).
/// Valuation: USDT at 8 decimals.
/// </summary>
internal static class RiskFixture
{
    public const string InstrumentJson = """
        {
          "venues": [
            { "code": "SIM", "name": "Simulated venue", "symbolFormat": "dash", "simulated": true },
            { "code": "OKX", "name": "OKX", "symbolFormat": "dashSwap" }
          ],
          "instruments": [
            { "symbol": "BTC-USDT", "base": "BTC", "quote": "USDT", "kind": "spot" },
            { "symbol": "BTC-USDT-PERP", "base": "BTC", "quote": "USDT", "settle": "USDT", "kind": "perpetual" },
            { "symbol": "ETH-USDT", "base": "ETH", "quote": "USDT", "kind": "spot" }
          ],
          "listings": [
            { "venue": "SIM", "instrument": "BTC-USDT", "priceScale": 2, "quantityScale": 5, "tickSize": "0.01",
              "lotSize": "0.00001", "minQuantity": "0.00001", "minNotional": "5", "contractMultiplier": "1" },
            { "venue": "OKX", "instrument": "BTC-USDT-PERP", "priceScale": 1, "quantityScale": 2, "tickSize": "0.1",
              "lotSize": "0.01", "minQuantity": "0.01", "minNotional": "0", "contractMultiplier": "0.01" },
            { "venue": "SIM", "instrument": "ETH-USDT", "priceScale": 2, "quantityScale": 4, "tickSize": "0.05",
              "lotSize": "0.001", "minQuantity": "0.001", "minNotional": "5", "contractMultiplier": "1" }
          ]
        }
        """;

    public const int ValuationScale = 8;

    public static readonly InstrumentRegistry Registry = InstrumentConfig.Parse(InstrumentJson, "test-instruments.json");

    public static readonly InstrumentId Spot = new(1);
    public static readonly InstrumentId Perp = new(2);
    public static readonly InstrumentId Eth = new(3);

    public static readonly AccountId Alice = new(1);
    public static readonly AccountId Bob = new(2);

    public static readonly StrategyId Strategy = new(1);

    public static Listing Listing(InstrumentId id) => Registry.GetListing(new ListingId(id.Value));

    public static RiskInstrument Instrument(InstrumentId id, InstrumentRiskLimits limits)
    {
        Listing listing = Listing(id);
        return new RiskInstrument(id, listing.Instrument.Symbol, listing.Instrument.Kind, listing.Rules, limits);
    }

    /// <summary>An engine with Alice and Bob open, marks at BTC 60,000 and ETH 3,000, every limit off unless given.</summary>
    public static RiskEngine CreateEngine(
        InstrumentRiskLimits? spot = null,
        AccountRiskLimits? account = null,
        OrderRateLimit? strategy = null,
        long deadManNanos = 0,
        InstrumentRiskLimits? perp = null,
        bool marks = true)
    {
        InstrumentRiskLimits perpLimits = perp ?? InstrumentRiskLimits.Unlimited with { InitialMarginBps = 1000 };
        var settings = new RiskSettings(
            "USDT",
            ValuationScale,
            MaxAccountId: 8,
            MaxStrategyId: 4,
            deadManNanos,
            [Instrument(Spot, spot ?? InstrumentRiskLimits.Unlimited), Instrument(Perp, perpLimits), Instrument(Eth, InstrumentRiskLimits.Unlimited)],
            account ?? AccountRiskLimits.Unlimited,
            [],
            strategy ?? OrderRateLimit.Unlimited);
        var engine = new RiskEngine(settings);
        engine.OpenAccount(Alice);
        engine.OpenAccount(Bob);
        if (marks)
        {
            engine.SetMarkPrice(Spot, SpotPrice("60000"));
            engine.SetMarkPrice(Perp, PerpPrice("60000"));
            engine.SetMarkPrice(Eth, EthPrice("3000"));
        }

        return engine;
    }

    public static Price SpotPrice(string text) => Price.Parse(text, 2);

    public static Quantity SpotQuantity(string text) => Quantity.Parse(text, 5);

    public static Price PerpPrice(string text) => Price.Parse(text, 1);

    public static Quantity Contracts(string text) => Quantity.Parse(text, 2);

    public static Price EthPrice(string text) => Price.Parse(text, 2);

    public static Quantity EthQuantity(string text) => Quantity.Parse(text, 4);

    /// <summary>An amount of the valuation asset (USDT, 8 decimals).</summary>
    public static Amount Usdt(string text) => Amount.Parse(text, ValuationScale);

    /// <summary>A spot BTC-USDT money amount (7 decimals).</summary>
    public static Amount SpotMoney(string text) => Amount.Parse(text, 7);

    public static RiskOrder Order(
        InstrumentId instrument,
        Side side,
        Price price,
        Quantity quantity,
        AccountId? account = null,
        long time = 1_000,
        OrderFlags flags = OrderFlags.None,
        StrategyId strategy = default,
        OrderType type = OrderType.Limit) =>
        new(
            new NewOrder(new OrderId(1), account ?? Alice, side, type, type == OrderType.Market ? TimeInForce.Ioc : TimeInForce.Gtc, price, quantity, flags),
            instrument,
            strategy,
            time);

    public static RiskOrder SpotBuy(string price, string quantity, long time = 1_000, OrderFlags flags = OrderFlags.None, StrategyId strategy = default) =>
        Order(Spot, Side.Buy, SpotPrice(price), SpotQuantity(quantity), time: time, flags: flags, strategy: strategy);

    public static RiskOrder SpotSell(string price, string quantity, long time = 1_000, OrderFlags flags = OrderFlags.None) =>
        Order(Spot, Side.Sell, SpotPrice(price), SpotQuantity(quantity), time: time, flags: flags);
}
