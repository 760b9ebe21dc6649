using Engine.Codecs;

namespace Engine.Host.Tests.Fills;

/// <summary>On bar-only data orders fill by the documented OHLC rules (docs/FILL-SIMULATION.md), on hand-made bars.</summary>
[TestFixture]
public sealed class BarFillRuleTests
{
    private RecordingReporter _reporter = null!;

    [SetUp]
    public void SetUp() => _reporter = new RecordingReporter();

    [Test]
    public void A_limit_buy_fills_at_its_price_when_a_bar_trades_below_it_not_when_the_low_only_touches_it()
    {
        ListingFillModel model = AfterOneBar();
        SimulatedOrder order = RecordingReporter.Limit(Side.Buy, 100, 3);
        model.Submit(order, 1, _reporter);

        Bar(model, open: 105, high: 106, low: 100, close: 104);
        Assert.That(_reporter.Fills, Is.Empty, "a low equal to the price only touches it");

        Bar(model, open: 104, high: 104, low: 99, close: 101);
        Assert.That(_reporter.Fills, Is.EqualTo(new[] { (100L, 3L, true) }));
    }

    [Test]
    public void A_limit_sell_fills_at_its_price_when_a_bar_trades_above_it()
    {
        ListingFillModel model = AfterOneBar();
        SimulatedOrder order = RecordingReporter.Limit(Side.Sell, 110, 2);
        model.Submit(order, 1, _reporter);

        Bar(model, open: 105, high: 111, low: 104, close: 108);

        Assert.That(_reporter.Fills, Is.EqualTo(new[] { (110L, 2L, true) }));
    }

    [Test]
    public void A_market_order_fills_at_the_next_bar_open_as_a_taker()
    {
        ListingFillModel model = AfterOneBar();
        SimulatedOrder order = RecordingReporter.Market(Side.Buy, 2);
        model.Submit(order, 1, _reporter);
        Assert.That(_reporter.Fills, Is.Empty, "nothing fills before the next bar");

        Bar(model, open: 107, high: 109, low: 106, close: 108);

        Assert.That(_reporter.Fills, Is.EqualTo(new[] { (107L, 2L, false) }));
    }

    [Test]
    public void A_limit_buy_above_the_next_open_fills_at_the_open_as_a_taker()
    {
        ListingFillModel model = AfterOneBar();
        SimulatedOrder order = RecordingReporter.Limit(Side.Buy, 110, 1);
        model.Submit(order, 1, _reporter);

        Bar(model, open: 105, high: 106, low: 104, close: 105);

        Assert.That(_reporter.Fills, Is.EqualTo(new[] { (105L, 1L, false) }));
        Assert.That(model.HasBars, Is.True);
    }

    private ListingFillModel AfterOneBar()
    {
        var model = new ListingFillModel(QueueModel.For(QueueModelKind.RiskAverse));
        Bar(model, open: 100, high: 102, low: 98, close: 101);
        return model;
    }

    private void Bar(ListingFillModel model, long open, long high, long low, long close) =>
        model.OnMarketData(BarEncoder.TemplateId, MarketFrames.Bar(open, high, low, close), 0, _reporter);
}
