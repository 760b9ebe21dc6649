using Engine.Model;
using Engine.Primitives;
using static Engine.Risk.Tests.RiskFixture;

namespace Engine.Risk.Tests;

/// <summary>Stop orders in the pre-trade check, and the check of the orders that protect a position.</summary>
public sealed class StopOrderCheckTests
{
    [Test]
    public void A_stop_needs_a_positive_trigger_on_the_tick()
    {
        RiskEngine engine = CreateEngine();
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), Amount.Zero);
        engine.OnFill(Alice, Eth, Side.Buy, EthPrice("3000"), EthQuantity("1"), Amount.Zero);
        Assert.Multiple(() =>
        {
            Assert.That(engine.Check(Stop(Side.Sell, "55000", "1", trigger: "0")), Is.EqualTo(ResultCode.PriceNotPositive));
            Assert.That(engine.Check(Stop(Side.Sell, "55000", "1", trigger: "58000")), Is.EqualTo(ResultCode.Ok));
            Assert.That(engine.Check(EthStop("2900.02")), Is.EqualTo(ResultCode.PriceNotOnTick));
            Assert.That(engine.Check(EthStop("2900.05")), Is.EqualTo(ResultCode.Ok));
        });
    }

    [Test]
    public void A_reduce_only_stop_must_not_be_larger_than_the_position_but_other_open_orders_do_not_count_against_it()
    {
        RiskEngine engine = CreateEngine();
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), Amount.Zero);
        engine.OnOrderAccepted(Alice, Spot, Side.Sell, SpotQuantity("1"));   // a take-profit limit sell of the whole position
        Assert.Multiple(() =>
        {
            Assert.That(engine.Check(Stop(Side.Sell, "55000", "1", trigger: "58000")), Is.EqualTo(ResultCode.Ok), "the venue caps a reduce-only stop at the position");
            Assert.That(engine.Check(Stop(Side.Sell, "55000", "1.00001", trigger: "58000")), Is.EqualTo(ResultCode.ReduceOnlyWouldIncrease));
            Assert.That(engine.Check(Stop(Side.Buy, "65000", "0.5", trigger: "62000")), Is.EqualTo(ResultCode.ReduceOnlyWouldIncrease), "a buy does not reduce a long");
        });
    }

    [Test]
    public void A_protective_order_passes_kill_switches_and_halts_but_not_the_order_rules_or_the_reduce_only_rule()
    {
        RiskEngine engine = CreateEngine();
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), Amount.Zero);
        engine.OnFill(Alice, Eth, Side.Buy, EthPrice("3000"), EthQuantity("1"), Amount.Zero);
        engine.SetGlobalKillSwitch(true);
        engine.SetAccountKillSwitch(Alice, true);
        engine.SetAccountTradingState(Alice, TradingState.Halted);
        Assert.Multiple(() =>
        {
            Assert.That(engine.Check(Stop(Side.Sell, "55000", "1", trigger: "58000")), Is.EqualTo(ResultCode.GlobalKillSwitch), "the ordinary check refuses it");
            Assert.That(engine.CheckProtective(Stop(Side.Sell, "55000", "1", trigger: "58000")), Is.EqualTo(ResultCode.Ok));
            Assert.That(engine.CheckProtective(EthStop("2900.02")), Is.EqualTo(ResultCode.PriceNotOnTick));
            Assert.That(engine.CheckProtective(Stop(Side.Sell, "55000", "2", trigger: "58000")), Is.EqualTo(ResultCode.ReduceOnlyWouldIncrease));
            Assert.That(engine.CheckProtective(Order(Spot, Side.Sell, SpotPrice("54000"), SpotQuantity("1"), flags: OrderFlags.ReduceOnly, type: OrderType.Market)), Is.EqualTo(ResultCode.Ok), "the closing market order");
        });
    }

    [Test]
    public void The_fill_of_a_stop_that_was_not_counted_releases_no_other_orders_open_quantity()
    {
        RiskEngine engine = CreateEngine();
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("2"), Amount.Zero);
        engine.OnOrderAccepted(Alice, Spot, Side.Sell, SpotQuantity("1"));
        engine.OnFill(Alice, Spot, Side.Sell, SpotPrice("58000"), SpotQuantity("1"), Amount.Zero, releaseOpen: false);
        Assert.That(engine.GetPosition(Alice, Spot).OpenSell, Is.EqualTo(SpotQuantity("1")));
        Assert.That(engine.GetPosition(Alice, Spot).Quantity, Is.EqualTo(SpotQuantity("1")));
    }

    private static RiskOrder Stop(Side side, string protection, string quantity, string trigger) =>
        new(NewOrder.StopMarket(new OrderId(1), Alice, side, SpotPrice(trigger), SpotPrice(protection), SpotQuantity(quantity), OrderFlags.ReduceOnly), Spot, default, 1_000);

    /// <summary>A reduce-only sell stop of ETH-USDT, whose tick is 0.05.</summary>
    private static RiskOrder EthStop(string trigger) =>
        new(NewOrder.StopMarket(new OrderId(1), Alice, Side.Sell, EthPrice(trigger), EthPrice("2500"), EthQuantity("1"), OrderFlags.ReduceOnly), Eth, default, 1_000);
}
