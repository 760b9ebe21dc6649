using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// Every pre-trade limit and trading state changed at run time by a journaled admin input: the next order the new
/// setting forbids is rejected with risk's code, one within it goes to the venue, and an input that names an unknown
/// target, the wrong scope or a bad value is counted as malformed and changes nothing.
/// </summary>
[TestFixture]
public sealed class AdminInputTests
{
    private const long OneUsdt = 100_000_000;          // ledger and valuation units (8 decimals)
    private const long Bid = 5_000_000;                // 50,000.00
    private const long Ask = 5_000_100;
    private const long TenthBtc = 10_000;              // quantity scale 5
    private static readonly AccountId s_otherTrader = new(3);

    // ---------------------------------------------------------------- instrument limits

    [Test]
    public void MaxOrderQuantityChange_RejectsALargerOrder_AndAcceptsOneWithin()
    {
        CoreFixture fixture = Funded();

        fixture.LimitChange(Sbe.RiskLimitType.MaxOrderQuantity, TenthBtc / 2, instrument: CoreFixture.Btc);

        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc), Is.EqualTo(ResultCode.MaxOrderSize));
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc / 2), Is.EqualTo(ResultCode.Ok));
        Assert.That(fixture.Processor.Counters.MalformedInputs, Is.Zero);
    }

    [Test]
    public void MaxPositionChange_CountsOpenOrders_AndRejectsTheOrderThatWouldExceedIt()
    {
        CoreFixture fixture = Funded();

        fixture.LimitChange(Sbe.RiskLimitType.MaxPosition, TenthBtc * 3 / 2, instrument: CoreFixture.Btc);

        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc), Is.EqualTo(ResultCode.Ok));
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc), Is.EqualTo(ResultCode.MaxPositionSize));
        Assert.That(fixture.Processor.Risk.GetInstrumentLimits(CoreFixture.Btc).MaxPositionSize, Is.EqualTo(new Quantity(TenthBtc * 3 / 2)));
    }

    [Test]
    public void MaxNotionalChange_RejectsALargerOrder_AndAcceptsOneWithin()
    {
        CoreFixture fixture = Funded();

        fixture.LimitChange(Sbe.RiskLimitType.MaxNotional, 4_000 * OneUsdt, instrument: CoreFixture.Btc);

        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc), Is.EqualTo(ResultCode.MaxOrderNotional));     // 5,000 USDT
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc / 2), Is.EqualTo(ResultCode.Ok));              // 2,500 USDT
    }

    [Test]
    public void MaxSymbolExposureChange_RejectsALargerOrder_AndAcceptsOneWithin()
    {
        CoreFixture fixture = Funded();

        fixture.LimitChange(Sbe.RiskLimitType.MaxSymbolExposure, 4_000 * OneUsdt, instrument: CoreFixture.Btc);

        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc), Is.EqualTo(ResultCode.MaxSymbolExposure));
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc / 2), Is.EqualTo(ResultCode.Ok));
        Assert.That(fixture.Processor.Risk.GetInstrumentLimits(CoreFixture.Btc).MaxSymbolExposure, Is.EqualTo(new Amount(4_000 * OneUsdt)));
    }

    [Test]
    public void PriceBandChange_NarrowsTheBand_AndZeroTurnsItOff()
    {
        CoreFixture fixture = Funded();

        fixture.LimitChange(Sbe.RiskLimitType.PriceBandBasisPoints, 100, instrument: CoreFixture.Btc);

        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 5_100_000, TenthBtc), Is.EqualTo(ResultCode.PriceOutsideBand));   // 2 % above the mid
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 5_040_000, TenthBtc), Is.EqualTo(ResultCode.Ok));                 // 0.8 %

        fixture.LimitChange(Sbe.RiskLimitType.PriceBandBasisPoints, 0, instrument: CoreFixture.Btc);

        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 5_400_000, TenthBtc), Is.EqualTo(ResultCode.Ok));                 // 8 %, no band
    }

    // ---------------------------------------------------------------- account limits

    [Test]
    public void MaxGrossExposureChange_AppliesToThatAccountOnly()
    {
        CoreFixture fixture = Funded();

        fixture.LimitChange(Sbe.RiskLimitType.MaxGrossExposure, 4_000 * OneUsdt, account: CoreFixture.Trader);

        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc), Is.EqualTo(ResultCode.MaxGrossExposure));
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc / 2), Is.EqualTo(ResultCode.Ok));
        Assert.That(fixture.Submit(s_otherTrader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc), Is.EqualTo(ResultCode.Ok), "another account keeps the default");
        Assert.That(fixture.Processor.Risk.GetAccountLimits(CoreFixture.Trader).MaxGrossExposure, Is.EqualTo(new Amount(4_000 * OneUsdt)));
    }

    [Test]
    public void MaxDailyLossChange_BelowTodaysLoss_RejectsTheNextOrder_AndTripsTheAccountKillSwitch()
    {
        CoreFixture fixture = Funded();
        fixture.BuyOrSellFilled(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Ask, TenthBtc);
        fixture.Bbo(CoreFixture.Btc, 4_900_000, 100_000, 4_900_100, 100_000);             // about 100 USDT down, plus a 5 USDT fee

        fixture.LimitChange(Sbe.RiskLimitType.MaxDailyLoss, 1_000 * OneUsdt, account: CoreFixture.Trader);
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 4_900_000, TenthBtc / 10), Is.EqualTo(ResultCode.Ok));

        fixture.LimitChange(Sbe.RiskLimitType.MaxDailyLoss, 50 * OneUsdt, account: CoreFixture.Trader);
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 4_900_000, TenthBtc / 10), Is.EqualTo(ResultCode.DailyLossLimit));
        Assert.That(fixture.Processor.Risk.IsAccountKillSwitchOn(CoreFixture.Trader), Is.True);
    }

    [Test]
    public void MaxOrdersPerSecondChange_OnAnUnlimitedAccount_AllowsOneSecondsWorth()
    {
        CoreFixture fixture = Funded();

        fixture.LimitChange(Sbe.RiskLimitType.MaxOrdersPerSecond, 1, account: CoreFixture.Trader);

        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc / 10), Is.EqualTo(ResultCode.Ok));
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc / 10), Is.EqualTo(ResultCode.AccountOrderRate));   // 1 ms later
        Assert.That(fixture.Processor.Risk.GetAccountLimits(CoreFixture.Trader).OrderRate, Is.EqualTo(new OrderRateLimit(1, 1)));

        fixture.LimitChange(Sbe.RiskLimitType.MaxOrdersPerSecond, 0, account: CoreFixture.Trader);                                  // unlimited again
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc / 10), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void OrderBurstChange_LetsThatManyOrdersThroughAtOnce_AndRejectsTheNext()
    {
        CoreFixture fixture = Funded();

        fixture.LimitChange(Sbe.RiskLimitType.MaxOrdersPerSecond, 1, account: CoreFixture.Trader);
        fixture.LimitChange(Sbe.RiskLimitType.OrderBurst, 3, account: CoreFixture.Trader);

        for (int i = 0; i < 3; i++)
        {
            Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc / 10), Is.EqualTo(ResultCode.Ok), $"order {i}");
        }

        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc / 10), Is.EqualTo(ResultCode.AccountOrderRate));
        Assert.That(fixture.Processor.Risk.GetAccountLimits(CoreFixture.Trader).OrderRate, Is.EqualTo(new OrderRateLimit(1, 3)));
    }

    [Test]
    public void StrategyOrderRateChange_RejectsTheStrategysSecondQuote_AndABurstOfTwoLetsBothThrough()
    {
        CoreFixture limited = FundedMarketMaker();
        limited.LimitChange(Sbe.RiskLimitType.MaxOrdersPerSecond, 1, strategy: CoreFixture.MakerStrategy);

        limited.Bbo(CoreFixture.Btc, Bid, 100_000, Ask, 100_000);

        Assert.That(limited.Output.NewOrders(), Has.Count.EqualTo(1));
        Assert.That((ResultCode)limited.Processor.Counters.LastRejectCode, Is.EqualTo(ResultCode.StrategyOrderRate));
        Assert.That(limited.Processor.Risk.GetStrategyLimits(CoreFixture.MakerStrategy), Is.EqualTo(new OrderRateLimit(1, 1)));

        CoreFixture burst = FundedMarketMaker();
        burst.LimitChange(Sbe.RiskLimitType.MaxOrdersPerSecond, 1, strategy: CoreFixture.MakerStrategy);
        burst.LimitChange(Sbe.RiskLimitType.OrderBurst, 2, strategy: CoreFixture.MakerStrategy);

        burst.Bbo(CoreFixture.Btc, Bid, 100_000, Ask, 100_000);

        Assert.That(burst.Output.NewOrders(), Has.Count.EqualTo(2));
        Assert.That(burst.Processor.Counters.OrdersRejected, Is.Zero);
        Assert.That(burst.Processor.Counters.MalformedInputs, Is.Zero);
    }

    // ---------------------------------------------------------------- malformed limit changes

    [TestCase(ResultCode.AdminValueOutOfRange, Sbe.RiskLimitType.MaxOrderQuantity, -1L, 1, 0, TestName = "LimitChange_NegativeValue_IsRefused")]
    [TestCase(ResultCode.AdminValueOutOfRange, Sbe.RiskLimitType.MaxOrderQuantity, 0L, 1, 0, TestName = "LimitChange_ZeroQuantityLimit_IsRefused")]
    [TestCase(ResultCode.UnknownInstrument, Sbe.RiskLimitType.MaxOrderQuantity, 5_000L, 99, 0, TestName = "LimitChange_UnknownInstrument_IsRefused")]
    [TestCase(ResultCode.AdminIdNotUsedByScope, Sbe.RiskLimitType.MaxOrderQuantity, 5_000L, 1, 2, TestName = "LimitChange_InstrumentLimitForOneAccount_IsRefused")]
    [TestCase(ResultCode.AdminLimitNotForScope, Sbe.RiskLimitType.MaxOrderQuantity, 5_000L, 0, 2, TestName = "LimitChange_InstrumentLimitWithoutInstrument_IsRefused")]
    [TestCase(ResultCode.AdminIdNotUsedByScope, Sbe.RiskLimitType.MaxGrossExposure, 5_000L, 1, 2, TestName = "LimitChange_AccountLimitWithAnInstrument_IsRefused")]
    [TestCase(ResultCode.UnknownAccount, Sbe.RiskLimitType.MaxGrossExposure, 5_000L, 0, 9, TestName = "LimitChange_UnknownAccount_IsRefused")]
    [TestCase(ResultCode.AdminScopeMissing, Sbe.RiskLimitType.MaxGrossExposure, 5_000L, 0, 0, TestName = "LimitChange_AccountZero_IsRefused_DefaultsComeFromTheConfig")]
    [TestCase(ResultCode.AdminValueOutOfRange, Sbe.RiskLimitType.OrderBurst, 0L, 0, 2, TestName = "LimitChange_ZeroBurst_IsRefused")]
    [TestCase(ResultCode.AdminValueOutOfRange, Sbe.RiskLimitType.PriceBandBasisPoints, 1L + int.MaxValue, 1, 0, TestName = "LimitChange_PriceBandBeyondInt32_IsRefused")]
    [TestCase(ResultCode.AdminLimitNotForScope, Sbe.RiskLimitType.MaxOpenOrders, 5L, 1, 0, TestName = "LimitChange_MaxOpenOrders_HasNoCheck_IsRefused")]
    [TestCase(ResultCode.AdminLimitNotForScope, (Sbe.RiskLimitType)200, 5L, 1, 0, TestName = "LimitChange_UnknownLimitType_IsRefused")]
    [TestCase(ResultCode.UnknownStrategy, Sbe.RiskLimitType.MaxOrdersPerSecond, 5L, 0, 0, 9, TestName = "LimitChange_UnknownStrategy_IsRefused")]
    [TestCase(ResultCode.AdminIdNotUsedByScope, Sbe.RiskLimitType.MaxOrdersPerSecond, 5L, 0, 2, 1, TestName = "LimitChange_StrategyAndAccount_IsRefused")]
    [TestCase(ResultCode.AdminIdNotUsedByScope, Sbe.RiskLimitType.MaxOrdersPerSecond, 5L, 1, 0, 1, TestName = "LimitChange_StrategyAndInstrument_IsRefused")]
    [TestCase(ResultCode.AdminLimitNotForScope, Sbe.RiskLimitType.MaxGrossExposure, 5L, 0, 0, 1, TestName = "LimitChange_StrategyGrossExposure_IsRefused")]
    public void LimitChange_ThatCannotApply_IsRefusedWithItsCode_CountedAsRefusedNotMalformed_AndChangesNothing(ResultCode expected, Sbe.RiskLimitType type, long value, int instrument, int account, int strategy = 0)
    {
        CoreFixture fixture = Funded();
        InstrumentRiskLimits instrumentBefore = fixture.Processor.Risk.GetInstrumentLimits(CoreFixture.Btc);
        AccountRiskLimits accountBefore = fixture.Processor.Risk.GetAccountLimits(CoreFixture.Trader);
        ulong hashBefore = RiskHash(fixture);

        fixture.Output.Clear();
        fixture.LimitChange(type, value, instrument: new InstrumentId(instrument), account: new AccountId(account), strategy: new StrategyId(strategy));

        AssertRefused(fixture, expected);
        Assert.That(fixture.Processor.Risk.GetInstrumentLimits(CoreFixture.Btc), Is.EqualTo(instrumentBefore));
        Assert.That(fixture.Processor.Risk.GetAccountLimits(CoreFixture.Trader), Is.EqualTo(accountBefore));
        Assert.That(RiskHash(fixture), Is.EqualTo(hashBefore), "risk state is unchanged");
    }

    // ---------------------------------------------------------------- trading states

    [TestCase(Sbe.TradingScope.Instrument, ResultCode.InstrumentReducingOnly)]
    [TestCase(Sbe.TradingScope.Account, ResultCode.AccountReducingOnly)]
    [TestCase(Sbe.TradingScope.Global, ResultCode.GlobalReducingOnly)]
    public void ReduceOnly_LetsAReducingOrderThrough_RejectsAnIncreasingOne_UntilResumed(Sbe.TradingScope scope, ResultCode expected)
    {
        CoreFixture fixture = Funded();
        fixture.BuyOrSellFilled(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Ask, TenthBtc);

        Act(fixture, Sbe.TradingAction.ReduceOnly, scope);

        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc / 10), Is.EqualTo(expected));
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Sell, Ask, TenthBtc / 2), Is.EqualTo(ResultCode.Ok));
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Sell, Ask, TenthBtc), Is.EqualTo(expected), "with the open sell, this one would flip the position");

        Act(fixture, Sbe.TradingAction.Resume, scope);

        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc / 10), Is.EqualTo(ResultCode.Ok));
        Assert.That(fixture.Processor.Counters.MalformedInputs, Is.Zero);
    }

    [Test]
    public void ReduceOnly_OnAPerpetualShort_LetsABuyBackThrough_AndRejectsAFurtherSell()
    {
        CoreFixture fixture = Funded();
        fixture.Bbo(CoreFixture.BtcPerp, 500_000, 1_000, 500_010, 1_000);                   // 50,000.0 / 50,001.0, 0.01 contract lots
        fixture.BuyOrSellFilled(CoreFixture.Trader, CoreFixture.BtcPerp, Side.Sell, 500_000, 50);
        Assert.That(fixture.Processor.Risk.GetPosition(CoreFixture.Trader, CoreFixture.BtcPerp).Quantity, Is.EqualTo(new Quantity(-50)));

        fixture.TradingAction(Sbe.TradingAction.ReduceOnly, Sbe.TradingScope.Instrument, instrument: CoreFixture.BtcPerp);

        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.BtcPerp, Side.Sell, 500_010, 10), Is.EqualTo(ResultCode.InstrumentReducingOnly));
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.BtcPerp, Side.Buy, 500_000, 50), Is.EqualTo(ResultCode.Ok));
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.BtcPerp, Side.Buy, 500_000, 1), Is.EqualTo(ResultCode.InstrumentReducingOnly), "the open buy already closes the short");
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc / 10), Is.EqualTo(ResultCode.Ok), "spot BTC-USDT is not restricted");
    }

    [TestCase(Sbe.TradingScope.Instrument, ResultCode.InstrumentHalted)]
    [TestCase(Sbe.TradingScope.Account, ResultCode.AccountHalted)]
    [TestCase(Sbe.TradingScope.Global, ResultCode.GlobalHalted)]
    public void Halt_RejectsEvenAReducingOrder_UntilResumed(Sbe.TradingScope scope, ResultCode expected)
    {
        CoreFixture fixture = Funded();
        fixture.BuyOrSellFilled(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Ask, TenthBtc);

        Act(fixture, Sbe.TradingAction.Halt, scope);

        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Sell, Ask, TenthBtc / 2), Is.EqualTo(expected));
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc / 10), Is.EqualTo(expected));

        Act(fixture, Sbe.TradingAction.Resume, scope);

        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Sell, Ask, TenthBtc / 2), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void AccountState_AppliesToThatAccountOnly_AndInstrumentState_ToThatInstrumentOnly()
    {
        CoreFixture fixture = Funded();

        fixture.TradingAction(Sbe.TradingAction.Halt, Sbe.TradingScope.Account, account: CoreFixture.Trader);
        fixture.TradingAction(Sbe.TradingAction.Halt, Sbe.TradingScope.Instrument, instrument: CoreFixture.Eth);

        Assert.That(fixture.Submit(s_otherTrader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc / 10), Is.EqualTo(ResultCode.Ok));
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc / 10), Is.EqualTo(ResultCode.AccountHalted));
        Assert.That(fixture.Processor.Risk.GetAccountTradingState(s_otherTrader), Is.EqualTo(TradingState.Active));
        Assert.That(fixture.Processor.Risk.GetInstrumentTradingState(CoreFixture.Btc), Is.EqualTo(TradingState.Active));
        Assert.That(fixture.Processor.Risk.GetInstrumentTradingState(CoreFixture.Eth), Is.EqualTo(TradingState.Halted));
        Assert.That(fixture.Processor.Risk.GlobalTradingState, Is.EqualTo(TradingState.Active));
    }

    [Test]
    public void Version0TradingAction_WithoutAScope_AppliesToItsInstrument()
    {
        CoreFixture fixture = Funded();

        fixture.TradingActionVersion0(Sbe.TradingAction.Halt, CoreFixture.Btc);

        Assert.That(fixture.Processor.Counters.MalformedInputs, Is.Zero);
        Assert.That(fixture.Processor.Risk.GetInstrumentTradingState(CoreFixture.Btc), Is.EqualTo(TradingState.Halted));
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc / 10), Is.EqualTo(ResultCode.InstrumentHalted));
    }

    [TestCase(ResultCode.UnknownInstrument, Sbe.TradingAction.Halt, Sbe.TradingScope.Instrument, 99, 0, TestName = "TradingAction_UnknownInstrument_IsRefused")]
    [TestCase(ResultCode.AdminIdNotUsedByScope, Sbe.TradingAction.Halt, Sbe.TradingScope.Instrument, 1, 2, TestName = "TradingAction_InstrumentScopeWithAnAccount_IsRefused")]
    [TestCase(ResultCode.UnknownAccount, Sbe.TradingAction.Halt, Sbe.TradingScope.Account, 0, 9, TestName = "TradingAction_UnknownAccount_IsRefused")]
    [TestCase(ResultCode.AdminIdNotUsedByScope, Sbe.TradingAction.Halt, Sbe.TradingScope.Account, 1, 2, TestName = "TradingAction_AccountScopeWithAnInstrument_IsRefused")]
    [TestCase(ResultCode.AdminIdNotUsedByScope, Sbe.TradingAction.Halt, Sbe.TradingScope.Global, 1, 0, TestName = "TradingAction_GlobalScopeWithAnInstrument_IsRefused")]
    [TestCase(ResultCode.AdminUnknownScope, Sbe.TradingAction.Halt, (Sbe.TradingScope)9, 0, 0, TestName = "TradingAction_UnknownScope_IsRefused")]
    [TestCase(ResultCode.AdminUnknownAction, (Sbe.TradingAction)9, Sbe.TradingScope.Global, 0, 0, TestName = "TradingAction_UnknownAction_IsRefused")]
    [TestCase(ResultCode.AdminUnknownScope, Sbe.TradingAction.Halt, Sbe.TradingScope.NullValue, 1, 0, TestName = "TradingAction_Version1WithoutAScope_IsRefused")]
    public void TradingAction_ThatCannotApply_IsRefusedWithItsCode_CountedAsRefusedNotMalformed_AndChangesNothing(ResultCode expected, Sbe.TradingAction action, Sbe.TradingScope scope, int instrument, int account)
    {
        CoreFixture fixture = Funded();
        ulong hashBefore = RiskHash(fixture);

        fixture.Output.Clear();
        fixture.TradingAction(action, scope, new InstrumentId(instrument), new AccountId(account));

        AssertRefused(fixture, expected);
        Assert.That(RiskHash(fixture), Is.EqualTo(hashBefore));
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc / 10), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void LimitsAndStatesSetByInput_SurviveASnapshot()
    {
        CoreFixture fixture = Funded();
        fixture.LimitChange(Sbe.RiskLimitType.MaxSymbolExposure, 4_000 * OneUsdt, instrument: CoreFixture.Btc);
        fixture.LimitChange(Sbe.RiskLimitType.MaxDailyLoss, 500 * OneUsdt, account: CoreFixture.Trader);
        fixture.LimitChange(Sbe.RiskLimitType.OrderBurst, 7, account: CoreFixture.Trader);
        fixture.TradingAction(Sbe.TradingAction.ReduceOnly, Sbe.TradingScope.Account, account: s_otherTrader);
        fixture.TradingAction(Sbe.TradingAction.Halt, Sbe.TradingScope.Instrument, instrument: CoreFixture.Eth);

        using var snapshot = new MemoryStream();
        fixture.Processor.WriteSnapshot(snapshot);
        var restored = new CoreFixture(withMarketMaker: false, restoreFrom: snapshot.ToArray(), continueFrom: fixture);

        Assert.That(restored.Processor.StateHash(), Is.EqualTo(fixture.Processor.StateHash()));
        Assert.That(restored.Processor.Risk.GetAccountLimits(CoreFixture.Trader), Is.EqualTo(fixture.Processor.Risk.GetAccountLimits(CoreFixture.Trader)));
        Assert.That(restored.Submit(s_otherTrader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc / 10), Is.EqualTo(ResultCode.AccountReducingOnly));
        Assert.That(restored.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc), Is.EqualTo(ResultCode.MaxSymbolExposure));
    }

    private static ulong RiskHash(CoreFixture fixture)
    {
        StateHasher hasher = StateHasher.Create();
        fixture.Processor.Risk.AddToHash(ref hasher);
        return hasher.Finish();
    }

    private static void Act(CoreFixture fixture, Sbe.TradingAction action, Sbe.TradingScope scope)
    {
        switch (scope)
        {
            case Sbe.TradingScope.Instrument:
                fixture.TradingAction(action, scope, instrument: CoreFixture.Btc);
                break;
            case Sbe.TradingScope.Account:
                fixture.TradingAction(action, scope, account: CoreFixture.Trader);
                break;
            default:
                fixture.TradingAction(action, scope);
                break;
        }
    }

    /// <summary>The sample market maker (strategy 1, account 1) funded, before any market data.</summary>
    private static CoreFixture FundedMarketMaker()
    {
        var fixture = new CoreFixture();
        fixture.Deposit(CoreFixture.MakerAccount, "USDT", 100_000 * OneUsdt);
        fixture.Deposit(CoreFixture.MakerAccount, "BTC", OneUsdt);   // 1 BTC: the ledger scale is 8 for every asset
        return fixture;
    }

    /// <summary>No market maker; two traders with 100,000 USDT each; BTC-USDT quoted 50,000.00 / 50,001.00.</summary>
    private static CoreFixture Funded()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 100_000 * OneUsdt);
        fixture.Deposit(s_otherTrader, "USDT", 100_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, Bid, 100_000, Ask, 100_000);
        return fixture;
    }

    /// <summary>The single AdminResult says refused with <paramref name="expected"/> and a reason; counted as refused, not malformed.</summary>
    private static void AssertRefused(CoreFixture fixture, ResultCode expected)
    {
        var result = Sbe.AdminResultDecoder.WrapWithHeader(fixture.Output.OfType(Sbe.AdminResultDecoder.TemplateId).Single(), 0);
        string reason = result.TextAsString();
        Assert.That(result.Applied, Is.EqualTo(Sbe.BooleanType.False));
        Assert.That(result.Result, Is.EqualTo((Sbe.ResultCode)expected), reason);
        Assert.That(reason, Is.Not.Empty);
        Assert.That(fixture.Processor.Counters.AdminRefused, Is.EqualTo(1));
        Assert.That(fixture.Processor.Counters.MalformedInputs, Is.Zero);
    }
}
