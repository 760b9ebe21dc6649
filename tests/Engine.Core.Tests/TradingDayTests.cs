using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>The trading day rolls at the configured UTC time through a timer input, and the daily loss restarts there.</summary>
public sealed class TradingDayTests
{
    private const long OneUsdt = 100_000_000;          // valuation units (8 decimals)
    private const long Bid = 5_000_000;                // 50,000.00
    private const long Ask = 5_000_100;
    private const long TenthBtc = 10_000;              // quantity scale 5
    private const long Hour = 3_600_000_000_000;

    [Test]
    public void TimerPastTheRollTime_StartsANewDay_AndTheDailyLossRestartsFromZero()
    {
        CoreFixture fixture = LosingTrader(roll: "08:00");    // the fixture's clock starts at 1970-01-01 00:00:01 UTC
        Assert.That(fixture.Processor.Risk.TradingDay, Is.EqualTo(-1), "before 08:00 on the epoch's first day: the trading day that began the day before");
        long lossToday = fixture.Processor.Risk.DailyPnl(CoreFixture.Trader).Units;
        Assert.That(lossToday, Is.LessThan(-100 * OneUsdt), "the fill at the ask and the lower bid put the trader 100 USDT and fees down");

        fixture.Timer(advanceNanos: 7 * Hour);               // 07:00: same day
        Assert.That(fixture.Processor.Counters.TradingDays, Is.Zero);
        Assert.That(fixture.Processor.Risk.DailyPnl(CoreFixture.Trader).Units, Is.EqualTo(lossToday));

        fixture.Timer(advanceNanos: 1 * Hour);               // 08:00:01 and a few ms: the next day
        Assert.That(fixture.Processor.Counters.TradingDays, Is.EqualTo(1));
        Assert.That(fixture.Processor.Risk.TradingDay, Is.Zero);
        Assert.That(fixture.Processor.Risk.DailyPnl(CoreFixture.Trader).Units, Is.Zero, "realised, fees and the unrealised at the day's start restart");
    }

    [Test]
    public void YesterdaysLoss_DoesNotCountAgainstTodaysLimit()
    {
        CoreFixture fixture = LosingTrader(roll: "00:00");
        fixture.AccountLimit(CoreFixture.Trader, Sbe.RiskLimitType.MaxDailyLoss, 150 * OneUsdt);
        fixture.Timer(advanceNanos: 24 * Hour);
        Assert.That(fixture.Processor.Counters.TradingDays, Is.EqualTo(1));

        fixture.Bbo(CoreFixture.Btc, 4_900_000 - 6_000, 100_000, 4_900_100 - 6_000, 100_000);   // 60 USDT more down today
        Assert.That(
            fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 4_890_000, TenthBtc / 10),
            Is.EqualTo(ResultCode.Ok),
            "today's 60 USDT is within 150; with yesterday's 105 it would not be");
        Assert.That(fixture.Processor.Risk.IsAccountKillSwitchOn(CoreFixture.Trader), Is.False);
    }

    [Test]
    public void Days_WithoutATimerTick_AreSkipped_AndTheRollCountsOnce()
    {
        CoreFixture fixture = LosingTrader(roll: "00:00");
        fixture.Timer(advanceNanos: 72 * Hour);

        Assert.That(fixture.Processor.Counters.TradingDays, Is.EqualTo(1));
        Assert.That(fixture.Processor.Risk.TradingDay, Is.EqualTo(3));
    }

    [Test]
    public void SnapshotInTheDay_RestoresTheDay_AndBothRollTogether()
    {
        CoreFixture fixture = LosingTrader(roll: "12:30:15");
        var snapshot = new MemoryStream();
        fixture.Processor.WriteSnapshot(snapshot);
        var restored = new CoreFixture(withMarketMaker: false, restoreFrom: snapshot.ToArray(), continueFrom: fixture, riskJson: RiskJson("12:30:15"));
        Assert.That(restored.Processor.StateHash(), Is.EqualTo(fixture.Processor.StateHash()));

        fixture.Timer(advanceNanos: 13 * Hour);
        restored.Timer(advanceNanos: 13 * Hour);

        Assert.That(restored.Processor.Counters.TradingDays, Is.EqualTo(1));
        Assert.That(restored.Processor.StateHash(), Is.EqualTo(fixture.Processor.StateHash()));
    }

    [TestCase("24:00")]
    [TestCase("8am")]
    [TestCase("08:00:00.5")]
    public void RollTime_ThatIsNotATimeOfDay_IsRefused(string roll)
    {
        var registry = Engine.Model.InstrumentConfig.Parse(CoreFixture.InstrumentsJson, "instruments.json");
        var error = Assert.Throws<Engine.Risk.RiskConfigException>(() => Engine.Risk.RiskConfig.Parse(RiskJson(roll), "risk.json", registry));
        Assert.That(error!.Message, Does.StartWith($"risk.json: $.tradingDayRollUtc: '{roll}' is not a time of day in UTC"));
    }

    private static string RiskJson(string roll) =>
        CoreFixture.RiskJson.Replace("\"deadManSwitchIntervalMillis\": 0,", $"\"deadManSwitchIntervalMillis\": 0, \"tradingDayRollUtc\": \"{roll}\",", StringComparison.Ordinal);

    /// <summary>A trader who bought 0.1 BTC at the ask and then saw the bid fall 100 USDT, after a first timer tick set the day.</summary>
    private static CoreFixture LosingTrader(string roll)
    {
        var fixture = new CoreFixture(withMarketMaker: false, riskJson: RiskJson(roll));
        fixture.Timer();
        fixture.Deposit(CoreFixture.Trader, "USDT", 100_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, Bid, 100_000, Ask, 100_000);
        fixture.BuyOrSellFilled(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Ask, TenthBtc);
        fixture.Bbo(CoreFixture.Btc, 4_900_000, 100_000, 4_900_100, 100_000);
        return fixture;
    }
}
