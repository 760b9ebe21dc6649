using Engine.Codecs;
using Engine.Gateways.SimulatedVenue.MarketData;
using Engine.Gateways.SimulatedVenue.Session;
using Engine.Matching;
using Primitives = Engine.Primitives;

namespace Engine.Gateways.SimulatedVenue.Tests;

/// <summary>
/// The engine's stop orders at the simulated venue: acknowledged, held outside the book until the last trade reaches
/// the trigger, then executed as market orders, reduce-only capped at the position; canceled like any order.
/// </summary>
[TestFixture]
public sealed class SimulatedVenueStopOrderTests
{
    private const uint Btc = 1;

    private VenueFrameLog _log = null!;
    private RecordingFrameSink _sink;

    [SetUp]
    public void SetUp()
    {
        _log = new VenueFrameLog();
        _sink = new RecordingFrameSink(_log);
    }

    [Test]
    public void A_reduce_only_sell_stop_waits_until_a_trade_at_or_below_its_trigger_then_closes_the_position_at_the_market()
    {
        SimulatedVenueSession session = QuietSession();
        long position = Buy(session, 2_000);
        BookLevel bid = BestLevel(session, Primitives.Side.Buy);

        session.OnRequest(VenueRequests.NewStop(1002, Btc, Side.Sell, bid.Price.Units, 5_000), session.TimeNanos, ref _sink);
        Assert.That(_log.Reports.Single().Report.ExecType, Is.EqualTo(ExecType.New), "acknowledged, waiting");
        Assert.That(session.BookOf(new Primitives.InstrumentId((int)Btc)).TryGetLevel(Primitives.Side.Sell, 0, out BookLevel ask) && ask.Quantity.Units >= 0, Is.True);
        _log.Clear();

        // The market sells into the best bid: the last trade is at the trigger, so the stop sells too.
        session.ApplyMarketAction(new Primitives.InstrumentId((int)Btc), MarketSell(1, bid.Price, 100), ref _sink);

        VenueFrame[] stopReports = [.. _log.Reports.Where(f => f.Report.OrigClientOrderId == 1002)];
        Assert.That(stopReports, Is.Not.Empty, "the stop triggered");
        VenueFrame[] fills = [.. stopReports.Where(f => f.Report.ExecType == ExecType.Trade)];
        Assert.Multiple(() =>
        {
            Assert.That(fills.Sum(f => f.Report.LastQuantity.Mantissa), Is.EqualTo(position), "reduce-only: capped at the 2,000 held, not the 5,000 asked");
            Assert.That(fills[^1].Report.OrderStatus, Is.EqualTo(OrderStatus.Filled));
            Assert.That(fills.Select(f => f.Report.LastPrice.Mantissa), Is.All.LessThanOrEqualTo(bid.Price.Units));
            Assert.That(session.OpenOrders, Is.Zero);
        });
    }

    [Test]
    public void A_stop_that_is_not_reached_stays_and_is_canceled_like_any_order_and_cannot_be_amended()
    {
        SimulatedVenueSession session = QuietSession();
        Buy(session, 2_000);
        long far = BestLevel(session, Primitives.Side.Buy).Price.Units - 50_000;
        session.OnRequest(VenueRequests.NewStop(1002, Btc, Side.Sell, far, 2_000), session.TimeNanos, ref _sink);
        session.AdvanceTo(session.TimeNanos + 1_000_000_000, ref _sink);
        Assert.That(_log.Reports.Count(f => f.Report.OrigClientOrderId == 1002), Is.EqualTo(1), "only its acknowledgement in a second of market");
        _log.Clear();

        session.OnRequest(VenueRequests.Amend(2001, 1002, Btc, Side.Sell, far, 1_000), session.TimeNanos, ref _sink);
        Assert.That(_log.Reports.Single().Report.ExecType, Is.EqualTo(ExecType.Rejected));
        Assert.That(_log.Reports.Single().Report.RejectReason, Is.EqualTo(ResultCode.InvalidOrderType));
        _log.Clear();

        session.OnRequest(VenueRequests.Cancel(2002, 1002, Btc, Side.Sell), session.TimeNanos, ref _sink);
        ExecutionReportDecoder canceled = _log.Reports.Single().Report;
        Assert.That((canceled.ExecType, canceled.ClientOrderId, canceled.OrigClientOrderId), Is.EqualTo((ExecType.Canceled, 2002UL, 1002UL)));
        Assert.That(session.OpenOrders, Is.Zero);
    }

    [Test]
    public void A_stop_without_a_trigger_is_refused_and_cancel_all_takes_waiting_stops_too()
    {
        SimulatedVenueSession session = QuietSession();
        Buy(session, 2_000);
        session.OnRequest(VenueRequests.NewStop(1002, Btc, Side.Sell, PriceOptionalEncoder.MantissaNullValue, 2_000), session.TimeNanos, ref _sink);
        Assert.That(_log.Reports.Last().Report.RejectReason, Is.EqualTo(ResultCode.PriceNotPositive));

        long far = BestLevel(session, Primitives.Side.Buy).Price.Units - 50_000;
        session.OnRequest(VenueRequests.NewStop(1003, Btc, Side.Sell, far, 2_000), session.TimeNanos, ref _sink);
        _log.Clear();
        session.OnRequest(VenueRequests.CancelAll(3001, Btc, Side.NullValue), session.TimeNanos, ref _sink);
        Assert.That(_log.Reports.Single().Report.ExecType, Is.EqualTo(ExecType.Canceled));
        Assert.That(session.OpenOrders, Is.Zero);
    }

    private SimulatedVenueSession QuietSession()
    {
        var session = new SimulatedVenueSession(TestInstruments.Registry, new SimulatedVenueOptions { Seed = 5, StartTimeNanos = 1_000_000_000_000 });
        session.AdvanceTo(session.TimeNanos, ref _sink);
        _log.Clear();
        return session;
    }

    /// <summary>Buys at the best offer; returns the quantity bought.</summary>
    private long Buy(SimulatedVenueSession session, long quantity)
    {
        BookLevel ask = BestLevel(session, Primitives.Side.Sell);
        long size = Math.Min(quantity, ask.Quantity.Units);
        session.OnRequest(VenueRequests.NewLimit(1001, Btc, Side.Buy, ask.Price.Units, size, TimeInForce.ImmediateOrCancel), session.TimeNanos, ref _sink);
        long bought = _log.Reports.Where(f => f.Report.ExecType == ExecType.Trade).Sum(f => f.Report.LastQuantity.Mantissa);
        Assert.That(bought, Is.EqualTo(size));
        _log.Clear();
        return bought;
    }

    private static BookLevel BestLevel(SimulatedVenueSession session, Primitives.Side side)
    {
        Assert.That(session.BookOf(new Primitives.InstrumentId((int)Btc)).TryGetLevel(side, 0, out BookLevel level), Is.True);
        return level;
    }

    private static OrderFlowEvent MarketSell(long n, Primitives.Price protection, long quantity) =>
        new(0, OrderFlowKind.Market, new Primitives.OrderId((1L << 60) + n), Primitives.Side.Sell, protection, new Primitives.Quantity(quantity), 0);
}
