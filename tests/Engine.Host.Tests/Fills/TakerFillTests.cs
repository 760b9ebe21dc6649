using Engine.Codecs;
using Side = Engine.Codecs.Side;
using ResultCode = Engine.Primitives.ResultCode;

namespace Engine.Host.Tests.Fills;

/// <summary>Orders that take liquidity walk the recorded book, level by level, within their limit.</summary>
[TestFixture]
public sealed class TakerFillTests
{
    private RecordingReporter _reporter = null!;

    [SetUp]
    public void SetUp() => _reporter = new RecordingReporter();

    [Test]
    public void An_IOC_buy_walks_two_levels_and_expires_the_rest()
    {
        ListingFillModel model = Book();
        SimulatedOrder order = RecordingReporter.Limit(Side.Buy, 102, 4, TimeInForce.ImmediateOrCancel);

        model.Submit(order, 1, _reporter);

        Assert.That(_reporter.Fills, Is.EqualTo(new[] { (101L, 1L, false), (102L, 2L, false) }));
        Assert.That(_reporter.Expired, Is.EqualTo(new[] { ResultCode.Ok }));
        Assert.That(model.Resting, Is.Empty);
    }

    [Test]
    public void A_GTC_buy_takes_what_its_limit_reaches_and_rests_the_rest_at_its_price()
    {
        ListingFillModel model = Book();
        SimulatedOrder order = RecordingReporter.Limit(Side.Buy, 102, 4);

        model.Submit(order, 1, _reporter);

        Assert.That(_reporter.Fills, Is.EqualTo(new[] { (101L, 1L, false), (102L, 2L, false) }));
        Assert.That(order.Leaves, Is.EqualTo(1));
        Assert.That(model.Resting, Is.EqualTo(new[] { order }));
    }

    [Test]
    public void A_market_sell_walks_the_bids_partially_filling_the_last_level()
    {
        ListingFillModel model = Book();
        SimulatedOrder order = RecordingReporter.Market(Side.Sell, 5);

        model.Submit(order, 1, _reporter);

        Assert.That(_reporter.Fills, Is.EqualTo(new[] { (100L, 3L, false), (99L, 2L, false) }));
        Assert.That(order.Leaves, Is.Zero);
    }

    [Test]
    public void A_fill_or_kill_the_book_cannot_fill_whole_fills_nothing()
    {
        ListingFillModel model = Book();
        SimulatedOrder order = RecordingReporter.Limit(Side.Buy, 102, 4, TimeInForce.FillOrKill);

        model.Submit(order, 1, _reporter);

        Assert.That(_reporter.Fills, Is.Empty);
        Assert.That(_reporter.Expired, Is.EqualTo(new[] { ResultCode.NoLiquidity }));
    }

    [Test]
    public void A_post_only_order_that_would_take_is_rejected()
    {
        ListingFillModel model = Book();
        SimulatedOrder order = RecordingReporter.Limit(Side.Buy, 101, 1, flags: OrderFlags.PostOnly);

        model.Submit(order, 1, _reporter);

        Assert.That(_reporter.Fills, Is.Empty);
        Assert.That(_reporter.Expired, Is.EqualTo(new[] { ResultCode.PostOnlyWouldTake }));
    }

    [Test]
    public void On_trades_only_a_market_order_fills_whole_at_the_next_trade_and_an_IOC_limit_expires()
    {
        var model = new ListingFillModel(QueueModel.For(QueueModelKind.RiskAverse));
        model.OnMarketData(TradeEncoder.TemplateId, MarketFrames.Trade(100, 1, Side.Sell), 0, _reporter);
        SimulatedOrder market = RecordingReporter.Market(Side.Buy, 3);
        SimulatedOrder ioc = RecordingReporter.Limit(Side.Buy, 105, 1, TimeInForce.ImmediateOrCancel);

        model.Submit(market, 1, _reporter);
        model.Submit(ioc, 1, _reporter);
        Assert.That(_reporter.Fills, Is.Empty);
        Assert.That(_reporter.Expired, Is.EqualTo(new[] { ResultCode.NoLiquidity }));

        model.OnMarketData(TradeEncoder.TemplateId, MarketFrames.Trade(101, 1, Side.Buy), 2, _reporter);
        Assert.That(_reporter.Fills, Is.EqualTo(new[] { (101L, 3L, false) }));
    }

    private ListingFillModel Book()
    {
        var model = new ListingFillModel(QueueModel.For(QueueModelKind.RiskAverse));
        byte[] frame = MarketFrames.Snapshot([(100, 3), (99, 4)], [(101, 1), (102, 2), (103, 5)]);
        model.OnMarketData(L2SnapshotEncoder.TemplateId, frame, 0, _reporter);
        return model;
    }
}
