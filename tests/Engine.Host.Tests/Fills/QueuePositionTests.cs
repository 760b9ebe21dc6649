using Engine.Codecs;

namespace Engine.Host.Tests.Fills;

/// <summary>Resting orders fill by their place in the recorded queue (docs/FILL-SIMULATION.md), on small hand-made books and trades.</summary>
[TestFixture]
public sealed class QueuePositionTests
{
    private RecordingReporter _reporter = null!;

    [SetUp]
    public void SetUp() => _reporter = new RecordingReporter();

    [Test]
    public void Risk_averse_buy_fills_only_when_trades_at_its_price_exceed_the_queue_ahead()
    {
        ListingFillModel model = BookWithBidOf5At100(QueueModelKind.RiskAverse);
        SimulatedOrder order = RecordingReporter.Limit(Side.Buy, 100, 2);
        model.Submit(order, 1, _reporter);
        Assert.That(order.QueueAhead, Is.EqualTo(5), "the recorded 5 at 100 are ahead");

        Apply(model, MarketFrames.Trade(100, 3, Side.Sell));
        Apply(model, MarketFrames.Trade(100, 2, Side.Sell));
        Assert.That(_reporter.Fills, Is.Empty, "5 traded: exactly the queue ahead, nothing reaches the order");

        Apply(model, MarketFrames.Trade(100, 1, Side.Sell));
        Assert.That(_reporter.Fills, Is.EqualTo(new[] { (100L, 1L, true) }));

        Apply(model, MarketFrames.Trade(100, 5, Side.Sell));
        Assert.That(_reporter.Fills, Is.EqualTo(new[] { (100L, 1L, true), (100L, 1L, true) }));
        Assert.That(order.Leaves, Is.Zero);
        Assert.That(model.Resting, Is.Empty);
    }

    [Test]
    public void Risk_averse_trades_of_buyers_or_at_other_prices_do_not_advance_a_resting_buy()
    {
        ListingFillModel model = BookWithBidOf5At100(QueueModelKind.RiskAverse);
        SimulatedOrder order = RecordingReporter.Limit(Side.Buy, 100, 2);
        model.Submit(order, 1, _reporter);

        Apply(model, MarketFrames.Trade(100, 10, Side.Buy));
        Apply(model, MarketFrames.Trade(101, 10, Side.Sell));

        Assert.That(_reporter.Fills, Is.Empty);
        Assert.That(order.QueueAhead, Is.EqualTo(5));
    }

    [Test]
    public void Risk_averse_a_shrinking_level_caps_the_queue_ahead_and_a_growing_one_queues_behind()
    {
        ListingFillModel model = BookWithBidOf5At100(QueueModelKind.RiskAverse);
        SimulatedOrder order = RecordingReporter.Limit(Side.Buy, 100, 2);
        model.Submit(order, 1, _reporter);

        Apply(model, MarketFrames.Level(BookSide.Bid, 100, 3));
        Assert.That(order.QueueAhead, Is.EqualTo(3));
        Apply(model, MarketFrames.Level(BookSide.Bid, 100, 10));
        Assert.That(order.QueueAhead, Is.EqualTo(3), "what joins the level queues behind the order");
    }

    [Test]
    public void Probabilistic_cancellations_advance_the_order_by_the_share_likely_ahead_of_it()
    {
        ListingFillModel risky = BookWithBidOf5At100(QueueModelKind.RiskAverse);
        ListingFillModel probable = BookWithBidOf5At100(QueueModelKind.Probabilistic);
        SimulatedOrder averse = RecordingReporter.Limit(Side.Buy, 100, 2);
        SimulatedOrder order = RecordingReporter.Limit(Side.Buy, 100, 2);
        risky.Submit(averse, 1, _reporter);
        probable.Submit(order, 1, _reporter);
        foreach (ListingFillModel model in new[] { risky, probable })
        {
            Apply(model, MarketFrames.Level(BookSide.Bid, 100, 10));
            Apply(model, MarketFrames.Level(BookSide.Bid, 100, 6));
        }

        // 5 ahead, 5 behind: a cancelled unit was ahead with probability 5² / (5² + 5²) = 1/2, so 4 cancelled take 2 off.
        Assert.That(order.QueueAhead, Is.EqualTo(3));
        Assert.That(averse.QueueAhead, Is.EqualTo(5), "the risk-averse model ignores cancellations the level can still hold");
    }

    [Test]
    public void Probabilistic_a_reduction_explained_by_trades_is_not_counted_twice()
    {
        ListingFillModel model = BookWithBidOf5At100(QueueModelKind.Probabilistic);
        SimulatedOrder order = RecordingReporter.Limit(Side.Buy, 100, 2);
        model.Submit(order, 1, _reporter);

        Apply(model, MarketFrames.Trade(100, 2, Side.Sell));
        Apply(model, MarketFrames.Level(BookSide.Bid, 100, 3));

        Assert.That(order.QueueAhead, Is.EqualTo(3));
        Assert.That(_reporter.Fills, Is.Empty);
    }

    [Test]
    public void A_trade_through_the_price_fills_a_resting_order_whole_at_its_price()
    {
        ListingFillModel model = BookWithBidOf5At100(QueueModelKind.RiskAverse);
        SimulatedOrder order = RecordingReporter.Limit(Side.Buy, 100, 2);
        model.Submit(order, 1, _reporter);

        Apply(model, MarketFrames.Trade(99, 1, Side.Sell));

        Assert.That(_reporter.Fills, Is.EqualTo(new[] { (100L, 2L, true) }));
    }

    [Test]
    public void An_ask_that_reaches_a_resting_bid_fills_it_as_the_maker()
    {
        ListingFillModel model = BookWithBidOf5At100(QueueModelKind.RiskAverse);
        SimulatedOrder order = RecordingReporter.Limit(Side.Buy, 100, 2);
        model.Submit(order, 1, _reporter);

        Apply(model, MarketFrames.Level(BookSide.Ask, 100, 4));

        Assert.That(_reporter.Fills, Is.EqualTo(new[] { (100L, 2L, true) }));
    }

    private ListingFillModel BookWithBidOf5At100(QueueModelKind kind)
    {
        var model = new ListingFillModel(QueueModel.For(kind));
        Apply(model, MarketFrames.Snapshot([(100, 5), (99, 7)], [(101, 5), (102, 7)]));
        return model;
    }

    private void Apply(ListingFillModel model, byte[] frame)
    {
        var header = new MessageHeaderDecoder(frame, 0, EngineSchema.Version);
        model.OnMarketData(header.TemplateId, frame, 2, _reporter);
    }
}
