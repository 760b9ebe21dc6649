using Engine.Model;
using Engine.Primitives;
using static Engine.Risk.Tests.RiskFixture;

namespace Engine.Risk.Tests;

/// <summary>Every pre-trade check: one order that passes it and one that it rejects, with the code and the reason.</summary>
public sealed class PreTradeCheckTests
{
    [Test]
    public void Order_WithEveryLimitOff_Passes()
    {
        RiskEngine engine = CreateEngine();
        Assert.That(Run(engine, SpotBuy("60000", "1")), Is.EqualTo(ResultCode.Ok));
    }

    // ------------------------------------------------------------ max order size and notional

    [Test]
    public void MaxOrderSize_AtTheLimit_Passes()
    {
        RiskEngine engine = CreateEngine(spot: InstrumentRiskLimits.Unlimited with { MaxOrderSize = SpotQuantity("2") });
        Assert.That(Run(engine, SpotBuy("60000", "2")), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void MaxOrderSize_AboveTheLimit_IsRejectedWithMaxOrderSize()
    {
        RiskEngine engine = CreateEngine(spot: InstrumentRiskLimits.Unlimited with { MaxOrderSize = SpotQuantity("2") });
        AssertRejected(Run(engine, SpotBuy("60000", "2.00001")), ResultCode.MaxOrderSize, "maxOrderSize");
    }

    [Test]
    public void MaxOrderNotional_AtTheLimit_Passes()
    {
        RiskEngine engine = CreateEngine(spot: InstrumentRiskLimits.Unlimited with { MaxOrderNotional = Usdt("120000") });
        Assert.That(Run(engine, SpotBuy("60000", "2")), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void MaxOrderNotional_AboveTheLimit_IsRejectedWithMaxOrderNotional()
    {
        RiskEngine engine = CreateEngine(spot: InstrumentRiskLimits.Unlimited with { MaxOrderNotional = Usdt("120000") });
        AssertRejected(Run(engine, SpotBuy("60000.01", "2")), ResultCode.MaxOrderNotional, "maxOrderNotional");
    }

    [Test]
    public void MaxOrderNotional_OfAPerpetual_CountsTheContractMultiplier()
    {
        // 100 contracts x 0.01 BTC x 60,000 = 60,000 USDT.
        RiskEngine engine = CreateEngine(perp: InstrumentRiskLimits.Unlimited with { MaxOrderNotional = Usdt("60000"), InitialMarginBps = 1000 });
        Assert.That(Run(engine, Order(Perp, Side.Buy, PerpPrice("60000"), Contracts("100"))), Is.EqualTo(ResultCode.Ok));
        AssertRejected(Run(engine, Order(Perp, Side.Buy, PerpPrice("60000"), Contracts("100.01"))), ResultCode.MaxOrderNotional, "maxOrderNotional");
    }

    // ------------------------------------------------------------ position and exposure

    [Test]
    public void MaxPositionSize_WithinTheLimitCountingOpenOrders_Passes()
    {
        RiskEngine engine = CreateEngine(spot: InstrumentRiskLimits.Unlimited with { MaxPositionSize = SpotQuantity("3") });
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), Amount.Zero);
        engine.OnOrderAccepted(Alice, Spot, Side.Buy, SpotQuantity("1"));
        Assert.That(Run(engine, SpotBuy("60000", "1")), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void MaxPositionSize_ExceededCountingOpenOrders_IsRejectedWithMaxPositionSize()
    {
        RiskEngine engine = CreateEngine(spot: InstrumentRiskLimits.Unlimited with { MaxPositionSize = SpotQuantity("3") });
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), Amount.Zero);
        engine.OnOrderAccepted(Alice, Spot, Side.Buy, SpotQuantity("1.5"));
        AssertRejected(Run(engine, SpotBuy("60000", "1")), ResultCode.MaxPositionSize, "maxPositionSize");
    }

    [Test]
    public void MaxPositionSize_AfterOpenOrdersAreReleased_PassesAgain()
    {
        RiskEngine engine = CreateEngine(spot: InstrumentRiskLimits.Unlimited with { MaxPositionSize = SpotQuantity("3") });
        engine.OnOrderAccepted(Alice, Spot, Side.Buy, SpotQuantity("2.5"));
        AssertRejected(Run(engine, SpotBuy("60000", "1")), ResultCode.MaxPositionSize, "maxPositionSize");
        engine.OnOrderReleased(Alice, Spot, Side.Buy, SpotQuantity("2.5"));
        Assert.That(Run(engine, SpotBuy("60000", "1")), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void MaxPositionSize_ShortSide_IsRejectedWithMaxPositionSize()
    {
        RiskEngine engine = CreateEngine(perp: InstrumentRiskLimits.Unlimited with { MaxPositionSize = Contracts("10"), InitialMarginBps = 1000 });
        engine.OnFill(Alice, Perp, Side.Sell, PerpPrice("60000"), Contracts("8"), Amount.Zero);
        AssertRejected(Run(engine, Order(Perp, Side.Sell, PerpPrice("60000"), Contracts("2.01"))), ResultCode.MaxPositionSize, "maxPositionSize");
        Assert.That(Run(engine, Order(Perp, Side.Sell, PerpPrice("60000"), Contracts("2"))), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void MaxPositionSize_AboveTheLimitButReducing_Passes()
    {
        RiskEngine engine = CreateEngine(spot: InstrumentRiskLimits.Unlimited with { MaxPositionSize = SpotQuantity("3") });
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("5"), Amount.Zero);
        Assert.That(Run(engine, SpotSell("60000", "1")), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void MaxSymbolExposure_WithinTheLimit_Passes()
    {
        RiskEngine engine = CreateEngine(spot: InstrumentRiskLimits.Unlimited with { MaxSymbolExposure = Usdt("180000") });
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("2"), Amount.Zero);
        Assert.That(Run(engine, SpotBuy("60000", "1")), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void MaxSymbolExposure_Exceeded_IsRejectedWithMaxSymbolExposure()
    {
        RiskEngine engine = CreateEngine(spot: InstrumentRiskLimits.Unlimited with { MaxSymbolExposure = Usdt("180000") });
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("2"), Amount.Zero);
        AssertRejected(Run(engine, SpotBuy("60000", "1.00001")), ResultCode.MaxSymbolExposure, "maxSymbolExposure");
    }

    [Test]
    public void MaxSymbolExposure_ValuesAtTheHigherOfMarkAndOrderPrice()
    {
        RiskEngine engine = CreateEngine(spot: InstrumentRiskLimits.Unlimited with { MaxSymbolExposure = Usdt("60000") });
        Assert.That(Run(engine, SpotBuy("59000", "1")), Is.EqualTo(ResultCode.Ok), "valued at the mark, 60,000");
        AssertRejected(Run(engine, SpotBuy("60000.01", "1")), ResultCode.MaxSymbolExposure, "maxSymbolExposure");
    }

    [Test]
    public void MaxGrossExposure_WithinTheLimit_Passes()
    {
        // 1 BTC (60,000) + 10 ETH (30,000) held; 0.5 BTC more makes 120,000.
        RiskEngine engine = CreateEngine(account: AccountRiskLimits.Unlimited with { MaxGrossExposure = Usdt("120000") });
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), Amount.Zero);
        engine.OnFill(Alice, Eth, Side.Buy, EthPrice("3000"), EthQuantity("10"), Amount.Zero);
        Assert.That(Run(engine, SpotBuy("60000", "0.5")), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void MaxGrossExposure_Exceeded_IsRejectedWithMaxGrossExposure()
    {
        RiskEngine engine = CreateEngine(account: AccountRiskLimits.Unlimited with { MaxGrossExposure = Usdt("120000") });
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), Amount.Zero);
        engine.OnFill(Alice, Eth, Side.Buy, EthPrice("3000"), EthQuantity("10"), Amount.Zero);
        AssertRejected(Run(engine, SpotBuy("60000", "0.50001")), ResultCode.MaxGrossExposure, "maxGrossExposure");
    }

    [Test]
    public void MaxGrossExposure_CountsOpenOrdersOfOtherInstruments()
    {
        RiskEngine engine = CreateEngine(account: AccountRiskLimits.Unlimited with { MaxGrossExposure = Usdt("100000") });
        engine.OnOrderAccepted(Alice, Eth, Side.Sell, EthQuantity("20"));
        Assert.That(Run(engine, SpotBuy("60000", "0.66666")), Is.EqualTo(ResultCode.Ok));
        AssertRejected(Run(engine, SpotBuy("60000", "0.66667")), ResultCode.MaxGrossExposure, "maxGrossExposure");
    }

    [Test]
    public void Exposures_SumPerSymbolIntoGross()
    {
        RiskEngine engine = CreateEngine();
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), Amount.Zero);
        engine.OnFill(Alice, Perp, Side.Sell, PerpPrice("60000"), Contracts("50"), Amount.Zero);
        Assert.That(engine.SymbolExposure(Alice, Spot), Is.EqualTo(Usdt("60000")));
        Assert.That(engine.SymbolExposure(Alice, Perp), Is.EqualTo(Usdt("30000")));
        Assert.That(engine.GrossExposure(Alice), Is.EqualTo(Usdt("90000")));
    }

    // ------------------------------------------------------------ daily loss and kill switches

    [Test]
    public void DailyLoss_BelowTheLimit_Passes()
    {
        RiskEngine engine = CreateEngine(account: AccountRiskLimits.Unlimited with { MaxDailyLoss = Usdt("1000") });
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), Amount.Zero);
        engine.SetMarkPrice(Spot, SpotPrice("59000.01"));
        Assert.That(Run(engine, SpotBuy("59000.01", "0.1")), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void DailyLoss_ReachingTheLimit_IsRejectedAndTripsTheAccountKillSwitch()
    {
        RiskEngine engine = CreateEngine(account: AccountRiskLimits.Unlimited with { MaxDailyLoss = Usdt("1000") });
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), Amount.Zero);
        engine.SetMarkPrice(Spot, SpotPrice("59000"));
        AssertRejected(Run(engine, SpotBuy("59000", "0.1")), ResultCode.DailyLossLimit, "maxDailyLoss");
        Assert.That(engine.IsAccountKillSwitchOn(Alice), Is.True);
        AssertRejected(Run(engine, SpotSell("59000", "0.1")), ResultCode.AccountKillSwitch, "kill switch");
        Assert.That(Run(engine, Order(Spot, Side.Buy, SpotPrice("59000"), SpotQuantity("0.1"), account: Bob)), Is.EqualTo(ResultCode.Ok), "Bob is not affected");
    }

    [Test]
    public void DailyLoss_RealisedWithFees_TripsTheKillSwitchOnTheFill()
    {
        RiskEngine engine = CreateEngine(account: AccountRiskLimits.Unlimited with { MaxDailyLoss = Usdt("1000") });
        Assert.That(engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), SpotMoney("50")), Is.False);
        bool tripped = engine.OnFill(Alice, Spot, Side.Sell, SpotPrice("59100"), SpotQuantity("1"), SpotMoney("50"));
        Assert.That(tripped, Is.True, "900 realised loss + 100 fees = 1000");
        Assert.That(engine.DailyPnl(Alice), Is.EqualTo(Usdt("-1000")));
        AssertRejected(Run(engine, SpotBuy("60000", "0.1")), ResultCode.AccountKillSwitch, "kill switch");
    }

    [Test]
    public void DailyLoss_NewTradingDay_MeasuresFromTheDayStart()
    {
        RiskEngine engine = CreateEngine(account: AccountRiskLimits.Unlimited with { MaxDailyLoss = Usdt("1000") });
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), Amount.Zero);
        engine.SetMarkPrice(Spot, SpotPrice("59500"));
        engine.StartTradingDay();
        Assert.That(engine.DailyPnl(Alice), Is.EqualTo(Amount.Zero));
        engine.SetMarkPrice(Spot, SpotPrice("58600"));
        Assert.That(Run(engine, SpotBuy("58600", "0.1")), Is.EqualTo(ResultCode.Ok), "900 lost today, 1400 in total");
        engine.SetMarkPrice(Spot, SpotPrice("58500"));
        AssertRejected(Run(engine, SpotBuy("58500", "0.1")), ResultCode.DailyLossLimit, "maxDailyLoss");
    }

    [Test]
    public void GlobalKillSwitch_On_RejectsEveryOrderAndOff_Passes()
    {
        RiskEngine engine = CreateEngine();
        engine.SetGlobalKillSwitch(true);
        AssertRejected(Run(engine, SpotBuy("60000", "1")), ResultCode.GlobalKillSwitch, "global kill switch");
        engine.SetGlobalKillSwitch(false);
        Assert.That(Run(engine, SpotBuy("60000", "1")), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void AccountKillSwitch_On_RejectsTheAccountOnlyAndOff_Passes()
    {
        RiskEngine engine = CreateEngine();
        engine.SetAccountKillSwitch(Alice, true);
        AssertRejected(Run(engine, SpotBuy("60000", "1")), ResultCode.AccountKillSwitch, "kill switch");
        Assert.That(Run(engine, Order(Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), account: Bob)), Is.EqualTo(ResultCode.Ok));
        engine.SetAccountKillSwitch(Alice, false);
        Assert.That(Run(engine, SpotBuy("60000", "1")), Is.EqualTo(ResultCode.Ok));
    }

    // ------------------------------------------------------------ price band

    [Test]
    public void PriceBand_WithinTheBand_Passes()
    {
        RiskEngine engine = CreateEngine(spot: InstrumentRiskLimits.Unlimited with { PriceBandBps = 500 });
        Assert.That(Run(engine, SpotBuy("63000", "1")), Is.EqualTo(ResultCode.Ok));
        Assert.That(Run(engine, SpotSell("57000", "1")), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void PriceBand_OutsideTheBand_IsRejectedWithPriceOutsideBand()
    {
        RiskEngine engine = CreateEngine(spot: InstrumentRiskLimits.Unlimited with { PriceBandBps = 500 });
        AssertRejected(Run(engine, SpotBuy("63000.01", "1")), ResultCode.PriceOutsideBand, "priceBandBps");
        AssertRejected(Run(engine, SpotSell("56999.99", "1")), ResultCode.PriceOutsideBand, "priceBandBps");
    }

    [Test]
    public void PriceBand_WithoutAReferencePrice_IsRejectedFailClosed()
    {
        RiskEngine engine = CreateEngine(spot: InstrumentRiskLimits.Unlimited with { PriceBandBps = 500 }, marks: false);
        AssertRejected(Run(engine, SpotBuy("60000", "1")), ResultCode.NoReferencePrice, "reference price");
    }

    [Test]
    public void PriceBand_MarketOrderProtectionPrice_IsChecked()
    {
        RiskEngine engine = CreateEngine(spot: InstrumentRiskLimits.Unlimited with { PriceBandBps = 100 });
        RiskOrder market = Order(Spot, Side.Buy, SpotPrice("70000"), SpotQuantity("1"), type: OrderType.Market);
        AssertRejected(Run(engine, market), ResultCode.PriceOutsideBand, "priceBandBps");
    }

    // ------------------------------------------------------------ order rate

    [Test]
    public void AccountOrderRate_WithinTheBurst_Passes()
    {
        RiskEngine engine = CreateEngine(account: AccountRiskLimits.Unlimited with { OrderRate = new OrderRateLimit(10, 3) });
        for (int i = 0; i < 3; i++)
        {
            Assert.That(Run(engine, SpotBuy("60000", "1", time: 1_000)), Is.EqualTo(ResultCode.Ok), $"order {i}");
        }
    }

    [Test]
    public void AccountOrderRate_BeyondTheBurst_IsRejectedUntilInputTimeRefills()
    {
        RiskEngine engine = CreateEngine(account: AccountRiskLimits.Unlimited with { OrderRate = new OrderRateLimit(10, 3) });
        for (int i = 0; i < 3; i++)
        {
            Run(engine, SpotBuy("60000", "1", time: 1_000));
        }

        AssertRejected(Run(engine, SpotBuy("60000", "1", time: 1_000)), ResultCode.AccountOrderRate, "orderRatePerSecond");

        // 10 per second: one token every 100 ms of input time, exactly.
        AssertRejected(Run(engine, SpotBuy("60000", "1", time: 1_000 + 99_999_999)), ResultCode.AccountOrderRate, "orderRatePerSecond");
        Assert.That(Run(engine, SpotBuy("60000", "1", time: 1_000 + 100_000_000)), Is.EqualTo(ResultCode.Ok));
        AssertRejected(Run(engine, SpotBuy("60000", "1", time: 1_000 + 100_000_000)), ResultCode.AccountOrderRate, "orderRatePerSecond");
        Assert.That(engine.AccountTokens(Alice, 10_000_000_000), Is.EqualTo(3), "refills to the burst, not beyond");
    }

    [Test]
    public void AccountOrderRate_RejectedOrders_DoNotTakeTokens()
    {
        RiskEngine engine = CreateEngine(
            spot: InstrumentRiskLimits.Unlimited with { MaxOrderSize = SpotQuantity("1") },
            account: AccountRiskLimits.Unlimited with { OrderRate = new OrderRateLimit(1, 1) });
        Assert.That(Run(engine, SpotBuy("60000", "2")), Is.EqualTo(ResultCode.MaxOrderSize));
        Assert.That(Run(engine, SpotBuy("60000", "1")), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void StrategyOrderRate_WithinTheBurst_Passes()
    {
        RiskEngine engine = CreateEngine(strategy: new OrderRateLimit(1, 2));
        Assert.That(Run(engine, SpotBuy("60000", "1", strategy: Strategy)), Is.EqualTo(ResultCode.Ok));
        Assert.That(Run(engine, SpotBuy("60000", "1", strategy: Strategy)), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void StrategyOrderRate_BeyondTheBurst_IsRejectedWithStrategyOrderRate()
    {
        RiskEngine engine = CreateEngine(strategy: new OrderRateLimit(1, 2));
        Run(engine, SpotBuy("60000", "1", strategy: Strategy));
        Run(engine, SpotBuy("60000", "1", strategy: Strategy));
        AssertRejected(Run(engine, SpotBuy("60000", "1", strategy: Strategy)), ResultCode.StrategyOrderRate, "strategy");
        Assert.That(Run(engine, SpotBuy("60000", "1", strategy: new StrategyId(2))), Is.EqualTo(ResultCode.Ok), "another strategy has its own bucket");
        Assert.That(Run(engine, SpotBuy("60000", "1")), Is.EqualTo(ResultCode.Ok), "no strategy, no strategy bucket");
    }

    [Test]
    public void StrategyOrderRate_RejectedByTheStrategy_DoesNotTakeTheAccountToken()
    {
        RiskEngine engine = CreateEngine(account: AccountRiskLimits.Unlimited with { OrderRate = new OrderRateLimit(1, 2) }, strategy: new OrderRateLimit(1, 1));
        Assert.That(Run(engine, SpotBuy("60000", "1", strategy: Strategy)), Is.EqualTo(ResultCode.Ok));
        Assert.That(Run(engine, SpotBuy("60000", "1", strategy: Strategy)), Is.EqualTo(ResultCode.StrategyOrderRate));
        Assert.That(engine.AccountTokens(Alice, 1_000), Is.EqualTo(1));
    }

    [Test]
    public void TwoChecksBeforeTheirTakes_TakeOneTokenEach()
    {
        // The take reuses the levels its check computed only when nothing was taken in between.
        RiskEngine engine = CreateEngine(account: AccountRiskLimits.Unlimited with { OrderRate = new OrderRateLimit(1, 3) });
        RiskOrder first = SpotBuy("60000", "1", time: 1_000);
        RiskOrder second = SpotBuy("60000", "1", time: 1_000);
        Assert.That(engine.Check(in first), Is.EqualTo(ResultCode.Ok));
        Assert.That(engine.Check(in second), Is.EqualTo(ResultCode.Ok));
        engine.TakeOrderTokens(Alice, first.Strategy, 1_000);
        engine.TakeOrderTokens(Alice, second.Strategy, 1_000);
        Assert.That(engine.AccountTokens(Alice, 1_000), Is.EqualTo(1));
    }

    [Test]
    public void LimitLoweredBetweenCheckAndTake_TakesFromTheBucketAsItNowIs()
    {
        RiskEngine engine = CreateEngine(account: AccountRiskLimits.Unlimited with { OrderRate = new OrderRateLimit(1, 3) });
        RiskOrder order = SpotBuy("60000", "1", time: 1_000);
        Assert.That(engine.Check(in order), Is.EqualTo(ResultCode.Ok));
        engine.SetAccountLimits(Alice, engine.GetAccountLimits(Alice) with { OrderRate = new OrderRateLimit(1, 2) });
        engine.TakeOrderTokens(Alice, order.Strategy, 1_000);
        Assert.That(engine.AccountTokens(Alice, 1_000), Is.EqualTo(1));
    }

    // ------------------------------------------------------------ reduce-only

    [Test]
    public void ReduceOnly_ReducingALong_Passes()
    {
        RiskEngine engine = CreateEngine();
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), Amount.Zero);
        Assert.That(Run(engine, SpotSell("60000", "1", flags: OrderFlags.ReduceOnly)), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void ReduceOnly_IncreasingOrFlipping_IsRejectedWithReduceOnlyWouldIncrease()
    {
        RiskEngine engine = CreateEngine();
        AssertRejected(Run(engine, SpotSell("60000", "1", flags: OrderFlags.ReduceOnly)), ResultCode.ReduceOnlyWouldIncrease, "reduce-only");
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), Amount.Zero);
        AssertRejected(Run(engine, SpotBuy("60000", "1", flags: OrderFlags.ReduceOnly)), ResultCode.ReduceOnlyWouldIncrease, "reduce-only");
        AssertRejected(Run(engine, SpotSell("60000", "1.00001", flags: OrderFlags.ReduceOnly)), ResultCode.ReduceOnlyWouldIncrease, "reduce-only");
        engine.OnOrderAccepted(Alice, Spot, Side.Sell, SpotQuantity("0.5"));
        AssertRejected(Run(engine, SpotSell("60000", "0.50001", flags: OrderFlags.ReduceOnly)), ResultCode.ReduceOnlyWouldIncrease, "reduce-only");
    }

    // ------------------------------------------------------------ tick, lot, minimums

    [Test]
    public void TradingRules_OrderOnTickAndLotAboveMinimums_Passes()
    {
        RiskEngine engine = CreateEngine();
        Assert.That(Run(engine, SpotBuy("60000.01", "0.0001")), Is.EqualTo(ResultCode.Ok));
    }

    [TestCase(1, 0L, 100_000L, ResultCode.PriceNotPositive, "price must be positive")]
    [TestCase(3, 300_003L, 10_000L, ResultCode.PriceNotOnTick, "tick size")]
    [TestCase(1, 6_000_000L, 0L, ResultCode.QuantityNotPositive, "quantity must be positive")]
    [TestCase(3, 300_000L, 10_005L, ResultCode.QuantityNotOnLot, "lot size")]
    [TestCase(1, 10_000L, 4_999L, ResultCode.NotionalBelowMinimum, "minimum notional")]
    public void TradingRules_Violated_IsRejectedWithTheRule(int instrument, long priceUnits, long quantityUnits, ResultCode expected, string reason)
    {
        RiskEngine engine = CreateEngine();
        RiskOrder order = Order(new InstrumentId(instrument), Side.Buy, new Price(priceUnits), new Quantity(quantityUnits));
        AssertRejected(Run(engine, order), expected, reason);
    }

    [Test]
    public void TradingRules_QuantityBelowTheMinimum_IsRejectedWithQuantityBelowMinimum()
    {
        var registry = InstrumentConfig.Parse(InstrumentJson.Replace("\"minQuantity\": \"0.00001\"", "\"minQuantity\": \"0.001\"", StringComparison.Ordinal), "min.json");
        Listing listing = registry.GetListing(new ListingId(1));
        var settings = new RiskSettings("USDT", 8, 4, 0, 0, [new RiskInstrument(Spot, "BTC-USDT", InstrumentKind.Spot, listing.Rules, InstrumentRiskLimits.Unlimited)], AccountRiskLimits.Unlimited, [], OrderRateLimit.Unlimited);
        var engine = new RiskEngine(settings);
        engine.OpenAccount(Alice);
        AssertRejected(Run(engine, SpotBuy("60000", "0.00099")), ResultCode.QuantityBelowMinimum, "minimum");
        Assert.That(Run(engine, SpotBuy("60000", "0.001")), Is.EqualTo(ResultCode.Ok));
    }

    // ------------------------------------------------------------ trading states

    [Test]
    public void TradingState_Halted_RejectsPerScope()
    {
        RiskEngine engine = CreateEngine();
        engine.SetInstrumentTradingState(Spot, TradingState.Halted);
        AssertRejected(Run(engine, SpotBuy("60000", "1")), ResultCode.InstrumentHalted, "instrument is halted");
        Assert.That(Run(engine, Order(Eth, Side.Buy, EthPrice("3000"), EthQuantity("1"))), Is.EqualTo(ResultCode.Ok));
        engine.SetInstrumentTradingState(Spot, TradingState.Active);

        engine.SetAccountTradingState(Alice, TradingState.Halted);
        AssertRejected(Run(engine, SpotBuy("60000", "1")), ResultCode.AccountHalted, "halted for the account");
        Assert.That(Run(engine, Order(Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), account: Bob)), Is.EqualTo(ResultCode.Ok));
        engine.SetAccountTradingState(Alice, TradingState.Active);

        engine.SetGlobalTradingState(TradingState.Halted);
        AssertRejected(Run(engine, SpotBuy("60000", "1")), ResultCode.GlobalHalted, "halted for everyone");
        engine.SetGlobalTradingState(TradingState.Active);
        Assert.That(Run(engine, SpotBuy("60000", "1")), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void TradingState_Halted_RejectsEvenAReducingOrder()
    {
        RiskEngine engine = CreateEngine();
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), Amount.Zero);
        engine.SetGlobalTradingState(TradingState.Halted);
        AssertRejected(Run(engine, SpotSell("60000", "1")), ResultCode.GlobalHalted, "halted");
    }

    [Test]
    public void TradingState_Reducing_PassesAReducingOrder()
    {
        RiskEngine engine = CreateEngine();
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), Amount.Zero);
        engine.SetGlobalTradingState(TradingState.Reducing);
        engine.SetInstrumentTradingState(Spot, TradingState.Reducing);
        engine.SetAccountTradingState(Alice, TradingState.Reducing);
        Assert.That(Run(engine, SpotSell("60000", "1")), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void TradingState_Reducing_RejectsAnIncreasingOrderPerScope()
    {
        RiskEngine engine = CreateEngine();
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), Amount.Zero);
        engine.SetAccountTradingState(Alice, TradingState.Reducing);
        AssertRejected(Run(engine, SpotBuy("60000", "0.1")), ResultCode.AccountReducingOnly, "account is reducing-only");
        engine.SetInstrumentTradingState(Spot, TradingState.Reducing);
        AssertRejected(Run(engine, SpotSell("60000", "1.1")), ResultCode.InstrumentReducingOnly, "instrument is reducing-only");
        engine.SetGlobalTradingState(TradingState.Reducing);
        AssertRejected(Run(engine, SpotBuy("60000", "0.1")), ResultCode.GlobalReducingOnly, "reducing-only for everyone");
    }

    // ------------------------------------------------------------ dead-man switch

    [Test]
    public void DeadManSwitch_EnabledButNeverArmed_RejectsFailClosed()
    {
        RiskEngine engine = CreateEngine(deadManNanos: 5_000_000_000);
        AssertRejected(Run(engine, SpotBuy("60000", "1")), ResultCode.DeadManSwitchNotArmed, "heartbeat has armed");
    }

    [Test]
    public void DeadManSwitch_HeartbeatWithinTheInterval_Passes()
    {
        RiskEngine engine = CreateEngine(deadManNanos: 5_000_000_000);
        engine.OnAdminHeartbeat(1_000);
        Assert.That(Run(engine, SpotBuy("60000", "1", time: 5_000_001_000)), Is.EqualTo(ResultCode.Ok));
        Assert.That(engine.PollDeadManSwitch(5_000_001_000), Is.False);
    }

    [Test]
    public void DeadManSwitch_NoHeartbeatForTheInterval_HaltsAndRejects()
    {
        RiskEngine engine = CreateEngine(deadManNanos: 5_000_000_000);
        engine.OnAdminHeartbeat(1_000);
        AssertRejected(Run(engine, SpotBuy("60000", "1", time: 5_000_001_001)), ResultCode.DeadManSwitchTriggered, "dead-man");
        Assert.That(engine.GlobalTradingState, Is.EqualTo(TradingState.Halted));
        Assert.That(engine.DeadManSwitchFired, Is.True);

        // A heartbeat re-arms it but trading stays halted until an admin input says otherwise.
        engine.OnAdminHeartbeat(6_000_000_000);
        AssertRejected(Run(engine, SpotBuy("60000", "1", time: 6_000_000_000)), ResultCode.GlobalHalted, "halted");
        engine.SetGlobalTradingState(TradingState.Active);
        Assert.That(Run(engine, SpotBuy("60000", "1", time: 6_000_000_000)), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void DeadManSwitch_Poll_FiresOnceSoOrdersAreCanceledOnce()
    {
        RiskEngine engine = CreateEngine(deadManNanos: 1_000);
        engine.OnAdminHeartbeat(0);
        Assert.That(engine.PollDeadManSwitch(1_000), Is.False);
        Assert.That(engine.PollDeadManSwitch(1_001), Is.True);
        Assert.That(engine.PollDeadManSwitch(2_000), Is.False);
        Assert.That(engine.GlobalTradingState, Is.EqualTo(TradingState.Halted));
    }

    // ------------------------------------------------------------ unknown ids (fail closed)

    [Test]
    public void UnknownIds_AreRejectedFailClosed()
    {
        RiskEngine engine = CreateEngine();
        AssertRejected(Run(engine, Order(new InstrumentId(9), Side.Buy, SpotPrice("1"), SpotQuantity("1"))), ResultCode.UnknownInstrument, "instrument");
        AssertRejected(Run(engine, Order(Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), account: new AccountId(3))), ResultCode.UnknownAccount, "account");
        AssertRejected(Run(engine, Order(Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), account: new AccountId(99))), ResultCode.UnknownAccount, "account");
        AssertRejected(Run(engine, SpotBuy("60000", "1", strategy: new StrategyId(5))), ResultCode.UnknownStrategy, "strategy");
    }

    [Test]
    public void Limits_ChangedThroughAdminMethods_ApplyToTheNextOrder()
    {
        RiskEngine engine = CreateEngine();
        Assert.That(Run(engine, SpotBuy("60000", "3")), Is.EqualTo(ResultCode.Ok));
        engine.SetInstrumentLimits(Spot, engine.GetInstrumentLimits(Spot) with { MaxOrderSize = SpotQuantity("2") });
        Assert.That(Run(engine, SpotBuy("60000", "3")), Is.EqualTo(ResultCode.MaxOrderSize));
        engine.SetAccountLimits(Alice, engine.GetAccountLimits(Alice) with { OrderRate = new OrderRateLimit(1, 1) });
        Assert.That(Run(engine, SpotBuy("60000", "1")), Is.EqualTo(ResultCode.Ok));
        Assert.That(Run(engine, SpotBuy("60000", "1")), Is.EqualTo(ResultCode.AccountOrderRate));
        Assert.Throws<ArgumentException>(() => engine.SetInstrumentLimits(Spot, InstrumentRiskLimits.Unlimited with { MaxOrderSize = Quantity.Zero }));
    }

    /// <summary>Checks an order as the BLP does: when it passes (and the ledger would hold its funds), it takes its order-rate tokens.</summary>
    private static ResultCode Run(RiskEngine engine, RiskOrder order)
    {
        ResultCode code = engine.Check(in order);
        if (code == ResultCode.Ok)
        {
            engine.TakeOrderTokens(order.Order.Account, order.Strategy, order.InputTimeNanos);
        }

        return code;
    }

    private static void AssertRejected(ResultCode actual, ResultCode expected, string reasonFragment)
    {
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(ResultCodes.Reason(actual), Does.Contain(reasonFragment));
    }
}
