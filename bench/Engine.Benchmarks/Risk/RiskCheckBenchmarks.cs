using BenchmarkDotNet.Attributes;
using Engine.Model;
using Engine.Primitives;
using Engine.Risk;

namespace Engine.Benchmarks.Risk;

/// <summary>
/// Cost of one full pre-trade check (every check on, positions in three instruments, all passing), of the same
/// check with every limit off, and of an order stopped early by the account kill switch. Expect 0 B everywhere.
/// </summary>
[MemoryDiagnoser]
public class RiskCheckBenchmarks
{
    private const int OperationsPerInvoke = 1_000;
    private static readonly InstrumentId s_spot = new(1);
    private static readonly AccountId s_account = new(1);
    private RiskEngine _full = null!;
    private RiskEngine _limitsOff = null!;
    private RiskEngine _killed = null!;
    private long _time;

    [GlobalSetup]
    public void Setup()
    {
        _full = Create(limitsOn: true);
        _limitsOff = Create(limitsOn: false);
        _killed = Create(limitsOn: true);
        _killed.SetAccountKillSwitch(s_account, true);
        _time = 1_000;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = OperationsPerInvoke)]
    public int FullCheck() => Run(_full, ResultCode.Ok);

    [Benchmark(OperationsPerInvoke = OperationsPerInvoke)]
    public int EveryLimitOff() => Run(_limitsOff, ResultCode.Ok);

    [Benchmark(OperationsPerInvoke = OperationsPerInvoke)]
    public int RejectedByKillSwitch() => Run(_killed, ResultCode.AccountKillSwitch);

    private int Run(RiskEngine engine, ResultCode expected)
    {
        int matched = 0;
        for (int i = 0; i < OperationsPerInvoke; i++)
        {
            Side side = (i & 1) == 0 ? Side.Buy : Side.Sell;
            var order = new RiskOrder(
                new NewOrder(new OrderId(i + 1), s_account, side, OrderType.Limit, TimeInForce.Gtc, new Price(6_000_000 + ((i & 63) - 32)), new Quantity(1_000)),
                s_spot,
                new StrategyId(1),
                _time++);
            ResultCode code = engine.Check(in order);
            if (code == ResultCode.Ok)
            {
                engine.TakeOrderTokens(s_account, order.Strategy, order.InputTimeNanos);
            }

            matched += code == expected ? 1 : 0;
        }

        return matched;
    }

    private static RiskEngine Create(bool limitsOn)
    {
        InstrumentRegistry registry = InstrumentConfig.Parse(
            """
            { "venues": [ { "code": "SIM", "name": "Simulated venue", "symbolFormat": "dash", "simulated": true } ],
              "instruments": [ { "symbol": "BTC-USDT", "base": "BTC", "quote": "USDT", "kind": "spot" },
                               { "symbol": "ETH-USDT", "base": "ETH", "quote": "USDT", "kind": "spot" },
                               { "symbol": "SOL-USDT", "base": "SOL", "quote": "USDT", "kind": "spot" } ],
              "listings": [
                { "venue": "SIM", "instrument": "BTC-USDT", "priceScale": 2, "quantityScale": 5, "tickSize": "0.01", "lotSize": "0.00001", "minQuantity": "0.00001", "minNotional": "5", "contractMultiplier": "1" },
                { "venue": "SIM", "instrument": "ETH-USDT", "priceScale": 2, "quantityScale": 4, "tickSize": "0.01", "lotSize": "0.0001", "minQuantity": "0.0001", "minNotional": "5", "contractMultiplier": "1" },
                { "venue": "SIM", "instrument": "SOL-USDT", "priceScale": 2, "quantityScale": 2, "tickSize": "0.01", "lotSize": "0.01", "minQuantity": "0.01", "minNotional": "5", "contractMultiplier": "1" } ] }
            """,
            "benchmark instruments");
        var instruments = new List<RiskInstrument>();
        for (int i = 1; i <= 3; i++)
        {
            Listing listing = registry.GetListing(new ListingId(i));
            InstrumentRiskLimits limits = limitsOn
                ? new InstrumentRiskLimits(new Quantity(1L << 40), new Amount(1L << 60), new Quantity(1L << 41), new Amount(1L << 61), 500, 10_000)
                : InstrumentRiskLimits.Unlimited;
            instruments.Add(new RiskInstrument(new InstrumentId(i), listing.Instrument.Symbol, InstrumentKind.Spot, listing.Rules, limits));
        }

        var accountLimits = limitsOn
            ? new AccountRiskLimits(new Amount(1L << 62), new Amount(1L << 50), new OrderRateLimit(1_000_000_000, 1_000_000_000))
            : AccountRiskLimits.Unlimited;
        var strategyLimit = limitsOn ? new OrderRateLimit(1_000_000_000, 1_000_000_000) : OrderRateLimit.Unlimited;
        var engine = new RiskEngine(new RiskSettings("USDT", 8, 1024, 64, limitsOn ? long.MaxValue / 2 : 0, instruments, accountLimits, [], strategyLimit));
        engine.OpenAccount(s_account);
        engine.OnAdminHeartbeat(0);
        engine.SetMarkPrice(s_spot, new Price(6_000_000));
        engine.SetMarkPrice(new InstrumentId(2), new Price(300_000));
        engine.SetMarkPrice(new InstrumentId(3), new Price(15_000));
        engine.OnFill(s_account, s_spot, Side.Buy, new Price(6_000_000), new Quantity(100_000), Amount.Zero);
        engine.OnFill(s_account, new InstrumentId(2), Side.Buy, new Price(300_000), new Quantity(20_000), Amount.Zero);
        engine.OnFill(s_account, new InstrumentId(3), Side.Sell, new Price(15_000), new Quantity(1_000), Amount.Zero);
        engine.OnOrderAccepted(s_account, s_spot, Side.Sell, new Quantity(50_000));
        return engine;
    }
}
