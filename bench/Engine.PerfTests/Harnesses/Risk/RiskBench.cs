using Engine.Model;
using Engine.Primitives;
using Engine.Risk;

namespace Engine.PerfTests.Harnesses.Risk;

/// <summary>
/// The risk engine the risk-check harness measures: BTC-USDT spot, a USDT-margined perpetual and ETH-USDT, every
/// check switched on with limits the measured orders stay within, positions in all three instruments, an open order,
/// the dead-man switch armed, order rates high enough never to bind. Orders alternate buy and sell within the band.
/// </summary>
internal static class RiskBench
{
    public static readonly InstrumentId Spot = new(1);
    public static readonly AccountId Account = new(1);

    private const string Instruments = """
        {
          "venues": [ { "code": "SIM", "name": "Simulated venue", "symbolFormat": "dash", "simulated": true } ],
          "instruments": [
            { "symbol": "BTC-USDT", "base": "BTC", "quote": "USDT", "kind": "spot" },
            { "symbol": "BTC-USDT-PERP", "base": "BTC", "quote": "USDT", "kind": "perpetual" },
            { "symbol": "ETH-USDT", "base": "ETH", "quote": "USDT", "kind": "spot" }
          ],
          "listings": [
            { "venue": "SIM", "instrument": "BTC-USDT", "priceScale": 2, "quantityScale": 5, "tickSize": "0.01",
              "lotSize": "0.00001", "minQuantity": "0.00001", "minNotional": "5", "contractMultiplier": "1" },
            { "venue": "SIM", "instrument": "BTC-USDT-PERP", "symbol": "BTC-USDT-PERP", "symbolOverride": true, "priceScale": 1,
              "quantityScale": 2, "tickSize": "0.1", "lotSize": "0.01", "minQuantity": "0.01", "minNotional": "0", "contractMultiplier": "0.01" },
            { "venue": "SIM", "instrument": "ETH-USDT", "priceScale": 2, "quantityScale": 4, "tickSize": "0.01",
              "lotSize": "0.0001", "minQuantity": "0.0001", "minNotional": "5", "contractMultiplier": "1" }
          ]
        }
        """;

    private const string Limits = """
        {
          "valuation": { "asset": "USDT", "scale": 8 },
          "maxAccountId": 1024, "maxStrategyId": 64, "deadManSwitchIntervalMillis": 2000000000,
          "instruments": [
            { "instrument": "BTC-USDT", "venue": "SIM", "maxOrderSize": "10", "maxOrderNotional": "1000000",
              "maxPositionSize": "100", "maxSymbolExposure": "10000000", "priceBandBps": 500 },
            { "instrument": "BTC-USDT-PERP", "venue": "SIM", "maxOrderSize": "1000", "maxOrderNotional": "1000000",
              "maxPositionSize": "10000", "maxSymbolExposure": "10000000", "priceBandBps": 500, "initialMarginBps": 1000 },
            { "instrument": "ETH-USDT", "venue": "SIM", "maxOrderSize": "100", "maxOrderNotional": "1000000",
              "maxPositionSize": "1000", "maxSymbolExposure": "10000000", "priceBandBps": 500 }
          ],
          "accountDefaults": { "maxGrossExposure": "100000000", "maxDailyLoss": "1000000",
                               "orderRatePerSecond": 1000000000, "orderBurst": 1000000000 },
          "accounts": [],
          "strategyDefaults": { "orderRatePerSecond": 1000000000, "orderBurst": 1000000000 }
        }
        """;

    public static RiskEngine CreateEngine(bool limitsOn)
    {
        InstrumentRegistry registry = InstrumentConfig.Parse(Instruments, "risk-bench instruments");
        RiskSettings settings = RiskConfig.Parse(Limits, "risk-bench limits", registry);
        if (!limitsOn)
        {
            var unlimited = new List<RiskInstrument>();
            foreach (RiskInstrument instrument in settings.Instruments)
            {
                unlimited.Add(instrument with { Limits = InstrumentRiskLimits.Unlimited });
            }

            settings = settings with
            {
                Instruments = unlimited,
                AccountDefaults = AccountRiskLimits.Unlimited,
                StrategyDefaults = OrderRateLimit.Unlimited,
                DeadManIntervalNanos = 0,
            };
        }

        var engine = new RiskEngine(settings);
        engine.OpenAccount(Account);
        engine.OnAdminHeartbeat(0);
        engine.SetMarkPrice(Spot, new Price(6_000_000));
        engine.SetMarkPrice(new InstrumentId(2), new Price(600_000));
        engine.SetMarkPrice(new InstrumentId(3), new Price(300_000));
        engine.OnFill(Account, Spot, Side.Buy, new Price(6_000_000), new Quantity(100_000), Amount.Zero);
        engine.OnFill(Account, new InstrumentId(2), Side.Sell, new Price(600_000), new Quantity(1_000), Amount.Zero);
        engine.OnFill(Account, new InstrumentId(3), Side.Buy, new Price(300_000), new Quantity(20_000), Amount.Zero);
        engine.OnOrderAccepted(Account, Spot, Side.Sell, new Quantity(50_000));
        return engine;
    }

    /// <summary>Order <paramref name="i"/> of the measured stream: buys and sells of 0.01 BTC near the mark.</summary>
    public static RiskOrder Order(long i, long timeNanos)
    {
        Side side = (i & 1) == 0 ? Side.Buy : Side.Sell;
        var price = new Price(6_000_000 + ((i & 63) - 32));
        var order = new NewOrder(new OrderId(i + 1), Account, side, OrderType.Limit, TimeInForce.Gtc, price, new Quantity(1_000));
        return new RiskOrder(order, Spot, new StrategyId(1), timeNanos);
    }

    /// <summary>
    /// What the BLP asks of risk for one order: the check and, when it passes, the order-rate tokens it takes once
    /// accepted (the balance check is the ledger's reservation, measured by ledger-transfer). Returns 1 when it passed.
    /// </summary>
    public static int Accept(RiskEngine engine, in RiskOrder order)
    {
        if (engine.Check(in order) != ResultCode.Ok)
        {
            return 0;
        }

        engine.TakeOrderTokens(order.Order.Account, order.Strategy, order.InputTimeNanos);
        return 1;
    }
}
