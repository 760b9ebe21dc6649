using Engine.Codecs;
using Engine.Gateways.Hosting.Venues;

namespace Engine.Host.Tests.Fills;

/// <summary>
/// The simulated venue of a dataset backtest answers the engine's requests with execution reports as a venue does:
/// acknowledged, then filled as the maker when resting and as the taker when walking the book (the BLP charges the
/// fee by that flag), each fill's latency measured from the order leaving the engine; cancels and unknown orders.
/// </summary>
[TestFixture]
public sealed class FillSimulatorTests
{
    private Reports _reports = null!;
    private Fills _fills = null!;
    private FillSimulator _venue = null!;

    [SetUp]
    public void SetUp()
    {
        _reports = new Reports();
        _fills = new Fills();
        _venue = new FillSimulator(1, QueueModel.For(QueueModelKind.RiskAverse), _reports, _fills);
        _venue.OnMarketData(L2SnapshotEncoder.TemplateId, 1, MarketFrames.Snapshot([(100, 1), (99, 4)], [(101, 2), (102, 3)]), 1_000);
    }

    [Test]
    public void A_resting_order_is_acknowledged_then_filled_as_the_maker_and_a_book_walk_as_the_taker()
    {
        _venue.OnRequest(NewOrderEncoder.TemplateId, Order(7, Side.Buy, 100, 2), sentNanos: 2_000, time: 2_100);
        _venue.OnMarketData(TradeEncoder.TemplateId, 1, MarketFrames.Trade(100, 3, Side.Sell), 5_000);
        _venue.OnRequest(NewOrderEncoder.TemplateId, Order(8, Side.Buy, 102, 3), sentNanos: 6_000, time: 6_100);

        Assert.That(_reports.Items, Is.EqualTo(new[]
        {
            (7UL, ExecType.New, 0L, 0L, false),
            (7UL, ExecType.Trade, 100L, 2L, true),
            (8UL, ExecType.New, 0L, 0L, false),
            (8UL, ExecType.Trade, 101L, 2L, false),
            (8UL, ExecType.Trade, 102L, 1L, false),
        }));
        Assert.That(_fills.Items.Select(f => f.LatencyNanos), Is.EqualTo(new[] { 3_000L, 100L, 100L }), "order sent -> fill at the venue");
        Assert.That(_venue.MakerFills, Is.EqualTo(1));
        Assert.That(_venue.OpenOrders, Is.Zero);
    }

    [Test]
    public void A_cancel_removes_the_resting_order_and_a_cancel_of_an_unknown_order_is_rejected()
    {
        _venue.OnRequest(NewOrderEncoder.TemplateId, Order(7, Side.Sell, 105, 1), 2_000, 2_100);
        _venue.OnRequest(CancelOrderEncoder.TemplateId, Cancel(9, 7), 3_000, 3_100);
        _venue.OnRequest(CancelOrderEncoder.TemplateId, Cancel(10, 7), 4_000, 4_100);
        _venue.OnMarketData(TradeEncoder.TemplateId, 1, MarketFrames.Trade(106, 5, Side.Buy), 5_000);

        Assert.That(_reports.Items.Select(r => (r.Order, r.Type)), Is.EqualTo(new[] { (7UL, ExecType.New), (7UL, ExecType.Canceled), (7UL, ExecType.Rejected) }));
        Assert.That(_fills.Items, Is.Empty);
    }

    private static byte[] Order(ulong id, Side side, long price, long quantity)
    {
        byte[] frame = new byte[128];
        var order = NewOrderEncoder.WrapAndApplyHeader(frame, 0);
        order.ClientOrderId = id;
        order.AccountId = 1;
        order.Price.SetMantissa(price);
        order.StopPrice.SetMantissa(PriceOptionalEncoder.MantissaNullValue);
        order.Quantity.SetMantissa(quantity);
        order.ExpireTime = NewOrderEncoder.ExpireTimeNullValue;
        order.InstrumentId = 1;
        order.StrategyId = 1;
        order.Side = side;
        order.OrderType = OrderType.Limit;
        order.TimeInForce = TimeInForce.GoodTillCancel;
        order.Flags = 0;
        order.VenueId = 1;
        return frame[..order.Limit];
    }

    private static byte[] Cancel(ulong id, ulong order)
    {
        byte[] frame = new byte[128];
        var cancel = CancelOrderEncoder.WrapAndApplyHeader(frame, 0);
        cancel.ClientOrderId = id;
        cancel.OrigClientOrderId = order;
        cancel.AccountId = 1;
        cancel.InstrumentId = 1;
        cancel.Side = Side.Sell;
        cancel.VenueId = 1;
        return frame[..cancel.Limit];
    }

    /// <summary>The execution reports the venue sent: (order, type, last price, last quantity, maker).</summary>
    private sealed class Reports : IFrameSink
    {
        public List<(ulong Order, ExecType Type, long Price, long Quantity, bool Maker)> Items { get; } = [];

        public void OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage)
        {
            var header = new MessageHeaderDecoder(sbeMessage, 0, EngineSchema.Version);
            var report = new ExecutionReportDecoder(sbeMessage, MessageHeaderDecoder.EncodedLength, header.BlockLength, header.Version);
            bool trade = report.ExecType == ExecType.Trade;
            Items.Add((report.OrigClientOrderId, report.ExecType, trade ? report.LastPrice.Mantissa : 0, report.LastQuantity.Mantissa, report.IsMaker == BooleanType.True));
        }
    }

    private sealed class Fills : IBacktestObserver
    {
        public List<SimulatedFill> Items { get; } = [];

        public void OnOrder(uint instrumentId, long time)
        {
        }

        public void OnFill(in SimulatedFill fill) => Items.Add(fill);

        public void OnFunding(uint instrumentId, long time, long markPrice, long rateMantissa, int rateExponent)
        {
        }

        public void OnSample(long time, FillSimulator venue)
        {
        }
    }
}
