using Engine.Primitives;
using static Engine.Risk.Tests.RiskFixture;

namespace Engine.Risk.Tests.Positions;

/// <summary>Average-cost positions: opening, increasing, closing, flipping, shorts, multipliers, the rounding rule.</summary>
public sealed class PositionTests
{
    [Test]
    public void Buy_OpensALongAtTheFillPrice()
    {
        RiskEngine engine = CreateEngine();
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1.5"), Amount.Zero);
        PositionReport report = engine.Report(Alice, Spot);
        Assert.That(report.Quantity, Is.EqualTo(SpotQuantity("1.5")));
        Assert.That(report.EntryCost, Is.EqualTo(SpotMoney("90000")));
        Assert.That(report.AverageEntryPrice, Is.EqualTo(SpotPrice("60000")));
        Assert.That(report.RealisedPnl, Is.EqualTo(Amount.Zero));
    }

    [Test]
    public void Increase_KeepsTheExactCostAndTruncatesTheDisplayedAverage()
    {
        RiskEngine engine = CreateEngine();
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("100"), SpotQuantity("1"), Amount.Zero);
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("100.01"), SpotQuantity("2"), Amount.Zero);
        PositionReport report = engine.Report(Alice, Spot);
        Assert.That(report.EntryCost, Is.EqualTo(SpotMoney("300.02")), "exact");
        Assert.That(report.AverageEntryPrice, Is.EqualTo(SpotPrice("100.00")), "100.00666... truncated toward zero");
    }

    [Test]
    public void PartialClose_ReleasesCostTruncatedAndTheRoundTripIsExact()
    {
        // Cost 4 units for 3 units: closing 1 releases trunc(4/3) = 1, closing the other 2 releases the remaining 3.
        var position = default(Position);
        position.ApplyFill(Side.Buy, 1, 2, 1);
        position.ApplyFill(Side.Buy, 2, 1, 1);
        Assert.That(position.ApplyFill(Side.Sell, 2, 1, 1), Is.EqualTo(1));
        Assert.That(position.EntryCost.Units, Is.EqualTo(3));
        Assert.That(position.ApplyFill(Side.Sell, 2, 2, 1), Is.EqualTo(1));
        Assert.That(position.Quantity.Units, Is.Zero);
        Assert.That(position.EntryCost.Units, Is.Zero);
        Assert.That(position.RealisedPnl.Units, Is.EqualTo(2), "proceeds 6 - cost 4");
    }

    [Test]
    public void Sell_ThroughZero_RealisesTheCloseAndOpensTheRemainderAtTheFillPrice()
    {
        RiskEngine engine = CreateEngine();
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("100"), SpotQuantity("1"), Amount.Zero);
        engine.OnFill(Alice, Spot, Side.Sell, SpotPrice("110"), SpotQuantity("3"), Amount.Zero);
        PositionReport report = engine.Report(Alice, Spot);
        Assert.That(report.Quantity, Is.EqualTo(SpotQuantity("-2")));
        Assert.That(report.RealisedPnl, Is.EqualTo(SpotMoney("10")));
        Assert.That(report.EntryCost, Is.EqualTo(SpotMoney("-220")));
        Assert.That(report.AverageEntryPrice, Is.EqualTo(SpotPrice("110")));
    }

    [Test]
    public void Short_BoughtBackLower_RealisesAGain()
    {
        RiskEngine engine = CreateEngine();
        engine.OnFill(Alice, Spot, Side.Sell, SpotPrice("100"), SpotQuantity("2"), Amount.Zero);
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("90"), SpotQuantity("1"), Amount.Zero);
        PositionReport report = engine.Report(Alice, Spot);
        Assert.That(report.Quantity, Is.EqualTo(SpotQuantity("-1")));
        Assert.That(report.RealisedPnl, Is.EqualTo(SpotMoney("10")));
        Assert.That(report.AverageEntryPrice, Is.EqualTo(SpotPrice("100")));
    }

    [Test]
    public void Perpetual_PnlAndNotional_CountTheContractMultiplier()
    {
        // 100 contracts of 0.01 BTC: 1 BTC. Bought at 60,000, marked at 60,500, half sold at 61,000.
        RiskEngine engine = CreateEngine();
        engine.OnFill(Alice, Perp, Side.Buy, PerpPrice("60000"), Contracts("100"), Amount.Zero);
        engine.SetMarkPrice(Perp, PerpPrice("60500"));
        PositionReport report = engine.Report(Alice, Perp);
        Assert.That(report.UnrealisedPnl, Is.EqualTo(Amount.Parse("500", 5)));
        Assert.That(report.Notional, Is.EqualTo(Amount.Parse("60500", 5)));
        Assert.That(report.Exposure, Is.EqualTo(Usdt("60500")));
        Assert.That(report.AverageEntryPrice, Is.EqualTo(PerpPrice("60000")));

        engine.OnFill(Alice, Perp, Side.Sell, PerpPrice("61000"), Contracts("50"), Amount.Zero);
        report = engine.Report(Alice, Perp);
        Assert.That(report.RealisedPnl, Is.EqualTo(Amount.Parse("500", 5)));
        Assert.That(report.UnrealisedPnl, Is.EqualTo(Amount.Parse("250", 5)), "marked at 60,500");
    }

    [Test]
    public void Fees_AndFunding_AreKeptApartFromTradingPnl()
    {
        RiskEngine engine = CreateEngine();
        engine.OnFill(Alice, Perp, Side.Buy, PerpPrice("60000"), Contracts("100"), Amount.Parse("12", 5));
        engine.OnFunding(Alice, Perp, Amount.Parse("-3", 5));
        PositionReport report = engine.Report(Alice, Perp);
        Assert.That(report.Fees, Is.EqualTo(Amount.Parse("12", 5)));
        Assert.That(report.FundingPnl, Is.EqualTo(Amount.Parse("-3", 5)));
        Assert.That(report.RealisedPnl, Is.EqualTo(Amount.Zero));
        Assert.That(engine.DailyPnl(Alice), Is.EqualTo(Usdt("-15")));
    }

    [Test]
    public void Fill_ReleasesOpenOrderQuantityButNeverBelowZero()
    {
        RiskEngine engine = CreateEngine();
        engine.OnOrderAccepted(Alice, Spot, Side.Buy, SpotQuantity("1"));
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("0.4"), Amount.Zero);
        Assert.That(engine.GetPosition(Alice, Spot).OpenBuy, Is.EqualTo(SpotQuantity("0.6")));
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), Amount.Zero);
        Assert.That(engine.GetPosition(Alice, Spot).OpenBuy, Is.EqualTo(Quantity.Zero));
    }

    [Test]
    public void Fill_ThatWouldOverflow_ThrowsAndLeavesThePositionUnchanged()
    {
        var position = default(Position);
        position.ApplyFill(Side.Buy, 1, long.MaxValue / 2, 1);
        Assert.Throws<OverflowException>(() => position.ApplyFill(Side.Buy, 3, long.MaxValue / 2, 1));
        Assert.That(position.Quantity.Units, Is.EqualTo(long.MaxValue / 2));
        Assert.That(position.EntryCost.Units, Is.EqualTo(long.MaxValue / 2));
    }
}
