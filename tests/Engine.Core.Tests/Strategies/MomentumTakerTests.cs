using Engine.Model;
using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// The second sample strategy, a taker: it buys a fast rise of the trade price and sells a fast fall with market
/// orders, and closes with a reduce-only market order on its stop or after its holding time. Built from the registry
/// by name with typed parameters, as engine.json and <c>engine backtest --strategy</c> build it.
/// </summary>
public sealed class MomentumTakerTests
{
    private static readonly StrategyId s_id = new(2);
    private readonly byte[] _frame = new byte[Sbe.EngineSchema.HeaderLength + Sbe.TradeEncoder.BlockLength];

    [Test]
    public void AFastRise_IsBoughtWithAMarketOrder_AndAFallToTheStop_ClosesItReduceOnly()
    {
        CoreFixture fixture = Start();
        Trade(fixture, 5_000_000);
        Trade(fixture, 5_000_002);
        Assert.That(fixture.Output.NewOrders(), Is.Empty, "2 ticks is below the 3-tick threshold");

        Trade(fixture, 5_000_005);
        var entry = fixture.Output.NewOrders().Single();
        Assert.That((entry.Side, entry.Price, entry.Quantity, entry.Flags), Is.EqualTo((Sbe.Side.Buy, 5_000_015L, 1_000L, (Sbe.OrderFlags)0)), "market, protected 10 ticks above the last trade");
        Fill(fixture, entry.Id, 5_000_006);
        Assert.That(fixture.Processor.Risk.GetPosition(CoreFixture.Trader, CoreFixture.Btc).Quantity.Units, Is.EqualTo(1_000));

        Trade(fixture, 4_999_990);
        Assert.That(fixture.Output.NewOrders(), Has.Count.EqualTo(1), "15 ticks against the entry: inside the 20-tick stop, and no entry against the position");
        Trade(fixture, 4_999_985);
        var exit = fixture.Output.NewOrders()[^1];
        Assert.That((exit.Side, exit.Quantity, exit.Flags), Is.EqualTo((Sbe.Side.Sell, 1_000L, Sbe.OrderFlags.ReduceOnly)), "the stop closes the whole position");
        Fill(fixture, exit.Id, 4_999_985);
        Assert.That(fixture.Processor.Risk.GetPosition(CoreFixture.Trader, CoreFixture.Btc).Quantity.Units, Is.Zero);
        fixture.AssertTrialBalanceIsZero();
    }

    [Test]
    public void APosition_IsClosedAfterItsHoldingTime_OnATimer()
    {
        CoreFixture fixture = Start();
        Trade(fixture, 5_000_000);
        Trade(fixture, 4_999_990);
        var entry = fixture.Output.NewOrders().Single();
        Assert.That(entry.Side, Is.EqualTo(Sbe.Side.Sell), "a fast fall is sold");
        Fill(fixture, entry.Id, 4_999_990);

        fixture.Timer(advanceNanos: 10_000_000);
        Assert.That(fixture.Output.NewOrders(), Has.Count.EqualTo(1), "held 13 ms of 50");
        fixture.Timer(advanceNanos: 50_000_000);
        var exit = fixture.Output.NewOrders()[^1];
        Assert.That((exit.Side, exit.Quantity, exit.Flags), Is.EqualTo((Sbe.Side.Buy, 1_000L, Sbe.OrderFlags.ReduceOnly)));
    }

    [Test]
    public void NoNewDecision_IsMade_WhileItsMarketOrderIsInFlight()
    {
        CoreFixture fixture = Start();
        Trade(fixture, 5_000_000);
        Trade(fixture, 5_000_005);
        Trade(fixture, 5_000_000);
        Trade(fixture, 5_000_010);
        Assert.That(fixture.Output.NewOrders(), Has.Count.EqualTo(1), "the venue has not answered the first one yet");
    }

    private static CoreFixture Start()
    {
        Assert.That(StrategyRegistry.Default.TryGet("momentum-taker", out StrategyDescriptor? descriptor), Is.True);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["tradeSize"] = "0.01", ["maxPosition"] = "0.02", ["thresholdTicks"] = "3", ["lookbackMillis"] = "10",
            ["holdMillis"] = "50", ["stopTicks"] = "20", ["slippageTicks"] = "10",
        };
        TradingRules rules = InstrumentConfig.Parse(CoreFixture.InstrumentsJson, "instruments.json").GetListing(CoreFixture.BtcOnSim).Rules;
        var definition = new StrategyDefinition(s_id, CoreFixture.Trader, "momentum-taker", () =>
        {
            var errors = new List<(string Parameter, string Message)>();
            Dictionary<string, long> values = descriptor!.Parse(texts, rules, errors);
            Assert.That(errors, Is.Empty);
            return descriptor.Create(new StrategyBinding(s_id, CoreFixture.Trader, CoreFixture.BtcOnSim, rules), values);
        });
        var fixture = new CoreFixture(withMarketMaker: false, strategies: [definition]);
        fixture.Deposit(CoreFixture.Trader, "USDT", 100_000 * 100_000_000L);
        fixture.Deposit(CoreFixture.Trader, "BTC", 100_000_000L);
        fixture.Bbo(CoreFixture.Btc, 4_999_990, 100_000, 5_000_010, 100_000);
        return fixture;
    }

    private static void Fill(CoreFixture fixture, long order, long price)
    {
        fixture.Report(new OrderId(order), Sbe.ExecType.New);
        fixture.Report(new OrderId(order), Sbe.ExecType.Trade, lastPrice: price, lastQuantity: 1_000, maker: false);
    }

    private void Trade(CoreFixture fixture, long price)
    {
        var print = Sbe.TradeEncoder.WrapAndApplyHeader(_frame, 0);
        print.Price.SetMantissa(price);
        print.Quantity.SetMantissa(1_000);
        print.InstrumentId = (uint)CoreFixture.Btc.Value;
        print.VenueId = fixture.VenueOf(CoreFixture.Btc);
        print.AggressorSide = Sbe.Side.Buy;
        fixture.Raw(_frame);
    }
}
