using Engine.Codecs;
using Engine.Gateways.SimulatedVenue.MarketData;
using Engine.Gateways.SimulatedVenue.Session;
using Engine.Matching;
using Engine.Model;
using OrderType = Engine.Codecs.OrderType;
using TimeInForce = Engine.Codecs.TimeInForce;
using Primitives = Engine.Primitives;

namespace Engine.Gateways.SimulatedVenue.Tests;

[TestFixture]
public sealed class SimulatedVenueSessionTests
{
    private const long Millisecond = 1_000_000;
    private const uint Btc = 1;
    private const uint Eth = 2;
    private const uint NotSim = 3;

    private static readonly InstrumentRegistry s_registry = TestInstruments.Registry;

    private VenueFrameLog _log = null!;
    private RecordingFrameSink _sink;

    [SetUp]
    public void SetUp()
    {
        _log = new VenueFrameLog();
        _sink = new RecordingFrameSink(_log);
    }

    [Test]
    public void SameSeedAndRequests_GiveAByteIdenticalFrameStream_AnotherSeedDoesNot()
    {
        byte[] first = Script(seed: 11);
        byte[] second = Script(seed: 11);
        byte[] other = Script(seed: 12);

        Assert.That(first, Has.Length.GreaterThan(10_000), "the script produced a real stream");
        Assert.That(second, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
    }

    [Test]
    public void Construction_WarmsTheMarketsUp_AndTheFirstCallPublishesEveryTopOfBook()
    {
        SimulatedVenueSession session = NewSession();
        foreach (uint instrument in new[] { Btc, Eth })
        {
            IL3Book book = session.BookOf(new Primitives.InstrumentId((int)instrument));
            Assert.That(book.LevelCount(Primitives.Side.Buy), Is.GreaterThan(3), $"instrument {instrument} has bids");
            Assert.That(book.LevelCount(Primitives.Side.Sell), Is.GreaterThan(3), $"instrument {instrument} has asks");
        }

        session.AdvanceTo(session.TimeNanos, ref _sink);
        Assert.That(_log.Tops.Select(f => f.Top.InstrumentId), Is.EquivalentTo(new[] { Btc, Eth }));
        Assert.That(_log.Tops.Select(f => f.Top.VenueSequence), Is.All.EqualTo(1UL));
        Assert.That(_log.Tops.Select(f => f.Top.GatewayReceiveTime), Is.All.EqualTo(session.TimeNanos), "the venue runs inside its gateway: received as made");
    }

    [Test]
    public void CrossingLimitOrder_IsFilledWithTradeReports_PrintsTrades_AndMovesTheBestOffer()
    {
        SimulatedVenueSession session = NewQuietSession();
        BookLevel ask = BestLevel(session, Btc, Primitives.Side.Sell);

        session.OnRequest(VenueRequests.NewLimit(1001, Btc, Side.Buy, ask.Price.Units, ask.Quantity.Units), session.TimeNanos, ref _sink);

        VenueFrame[] reports = [.. _log.Reports];
        Assert.That(reports[0].Report.ExecType, Is.EqualTo(ExecType.New));
        Assert.That(reports[0].Report.ClientOrderId, Is.EqualTo(1001UL));
        VenueFrame[] fills = reports.Skip(1).ToArray();
        Assert.That(fills, Is.Not.Empty);
        Assert.That(fills.Select(f => f.Report.ExecType), Is.All.EqualTo(ExecType.Trade));
        Assert.That(fills.Select(f => f.Report.LastPrice.Mantissa), Is.All.EqualTo(ask.Price.Units));
        Assert.That(fills.Select(f => f.Report.IsMaker), Is.All.EqualTo(BooleanType.False));
        Assert.That(fills.Sum(f => f.Report.LastQuantity.Mantissa), Is.EqualTo(ask.Quantity.Units));
        Assert.That(fills[^1].Report.OrderStatus, Is.EqualTo(OrderStatus.Filled));
        Assert.That(fills[^1].Report.LeavesQuantity.Mantissa, Is.Zero);
        Assert.That(fills[^1].Report.CumulativeQuantity.Mantissa, Is.EqualTo(ask.Quantity.Units));
        Assert.That(fills[^1].Report.TransactTime, Is.EqualTo(session.TimeNanos));

        VenueFrame[] prints = [.. _log.Trades];
        Assert.That(prints, Has.Length.EqualTo(fills.Length), "one public print per execution");
        Assert.That(prints.Select(f => f.Trade.AggressorSide), Is.All.EqualTo(Side.Buy));
        Assert.That(prints.Select(f => f.Trade.InstrumentId), Is.All.EqualTo(Btc));

        VenueFrame top = _log.Tops.Single();
        Assert.That(top.Top.AskPrice.Mantissa, Is.GreaterThan(ask.Price.Units), "the best offer was taken out");
        Assert.That(top.Top.VenueSequence, Is.EqualTo(prints[^1].Trade.VenueSequence + 1), "one sequence per instrument feed");
        Assert.That(session.OpenOrders, Is.Zero);
    }

    [Test]
    public void RestingOrder_IsFilledOnlyAfterTheQueueAheadOfItHasTraded()
    {
        SimulatedVenueSession session = NewQuietSession();
        BookLevel bid = BestLevel(session, Btc, Primitives.Side.Buy);
        const long Size = 2_000;

        session.OnRequest(VenueRequests.NewLimit(1001, Btc, Side.Buy, bid.Price.Units, Size), session.TimeNanos, ref _sink);
        Assert.That(_log.Reports.Single().Report.ExecType, Is.EqualTo(ExecType.New));
        _log.Clear();

        // Sellers take exactly the quantity that was ahead of the client: none of it reaches the client.
        session.ApplyMarketAction(new Primitives.InstrumentId((int)Btc), MarketSell(1, bid.Price, bid.Quantity.Units), ref _sink);
        Assert.That(_log.Reports, Is.Empty, "the queue ahead absorbs the first sells");
        Assert.That(_log.Trades.Sum(f => f.Trade.Quantity.Mantissa), Is.EqualTo(bid.Quantity.Units));
        _log.Clear();

        session.ApplyMarketAction(new Primitives.InstrumentId((int)Btc), MarketSell(2, bid.Price, Size), ref _sink);
        ExecutionReportDecoder fill = _log.Reports.Single().Report;
        Assert.That(fill.ExecType, Is.EqualTo(ExecType.Trade));
        Assert.That(fill.IsMaker, Is.EqualTo(BooleanType.True));
        Assert.That(fill.LastQuantity.Mantissa, Is.EqualTo(Size));
        Assert.That(fill.LastPrice.Mantissa, Is.EqualTo(bid.Price.Units));
        Assert.That(fill.OrderStatus, Is.EqualTo(OrderStatus.Filled));
        Assert.That(fill.ClientOrderId, Is.EqualTo(1001UL));
    }

    [Test]
    public void Cancel_RestingOrder_IsReportedCanceled_WithTheRequestsId()
    {
        SimulatedVenueSession session = NewQuietSession();
        long price = FarBelow(session);
        session.OnRequest(VenueRequests.NewLimit(1001, Btc, Side.Buy, price, 1_000), session.TimeNanos, ref _sink);
        _log.Clear();

        session.OnRequest(VenueRequests.Cancel(2002, 1001, Btc, Side.Buy), session.TimeNanos, ref _sink);

        ExecutionReportDecoder report = _log.Reports.Single().Report;
        Assert.That(report.ExecType, Is.EqualTo(ExecType.Canceled));
        Assert.That(report.OrderStatus, Is.EqualTo(OrderStatus.Canceled));
        Assert.That(report.ClientOrderId, Is.EqualTo(2002UL));
        Assert.That(report.OrigClientOrderId, Is.EqualTo(1001UL));
        Assert.That(report.LeavesQuantity.Mantissa, Is.Zero);
        Assert.That(session.OpenOrders, Is.Zero);
        Assert.That(session.BookOf(new Primitives.InstrumentId((int)Btc)).TryGetLevelAt(Primitives.Side.Buy, new Primitives.Price(price), out _), Is.False);
    }

    [Test]
    public void Amend_RestingOrder_IsReportedReplaced_WithTheNewPriceAndQuantity()
    {
        SimulatedVenueSession session = NewQuietSession();
        long price = FarBelow(session);
        session.OnRequest(VenueRequests.NewLimit(1001, Btc, Side.Buy, price, 1_000), session.TimeNanos, ref _sink);
        _log.Clear();

        session.OnRequest(VenueRequests.Amend(2002, 1001, Btc, Side.Buy, price + 100, 3_000), session.TimeNanos, ref _sink);

        ExecutionReportDecoder report = _log.Reports.Single().Report;
        Assert.That(report.ExecType, Is.EqualTo(ExecType.Replaced));
        Assert.That(report.ClientOrderId, Is.EqualTo(2002UL));
        Assert.That(report.OrigClientOrderId, Is.EqualTo(1001UL));
        Assert.That(report.Price.Mantissa, Is.EqualTo(price + 100));
        Assert.That(report.Quantity.Mantissa, Is.EqualTo(3_000L));
        Assert.That(report.LeavesQuantity.Mantissa, Is.EqualTo(3_000L));
        Assert.That(session.BookOf(new Primitives.InstrumentId((int)Btc)).TryGetLevelAt(Primitives.Side.Buy, new Primitives.Price(price + 100), out BookLevel level) && level.Quantity.Units >= 3_000, Is.True);
    }

    [Test]
    public void Cancel_UnknownOrder_IsRejectedWithUnknownOrderId()
    {
        SimulatedVenueSession session = NewQuietSession();

        session.OnRequest(VenueRequests.Cancel(2002, 999, Btc, Side.Buy), session.TimeNanos, ref _sink);

        ExecutionReportDecoder report = _log.Reports.Single().Report;
        Assert.That(report.ExecType, Is.EqualTo(ExecType.Rejected));
        Assert.That(report.RejectReason, Is.EqualTo(ResultCode.UnknownOrder));
        Assert.That(report.ClientOrderId, Is.EqualTo(2002UL));
        Assert.That(report.OrigClientOrderId, Is.EqualTo(999UL));
    }

    [Test]
    public void LimitOrderWithoutAPositivePrice_IsRejectedWithInvalidPrice_AndForgotten()
    {
        SimulatedVenueSession session = NewQuietSession();
        BookLevel bid = BestLevel(session, Btc, Primitives.Side.Buy);

        // A limit price must be positive.
        session.OnRequest(VenueRequests.NewLimit(1001, Btc, Side.Buy, 0, 1_000), session.TimeNanos, ref _sink);
        Assert.That(_log.Reports.Single().Report.RejectReason, Is.EqualTo(ResultCode.PriceNotPositive));
        Assert.That(session.OpenOrders, Is.Zero);
        _log.Clear();

        // The id is free again: the rejected order never lived.
        session.OnRequest(VenueRequests.NewLimit(1001, Btc, Side.Buy, bid.Price.Units, 1_000), session.TimeNanos, ref _sink);
        Assert.That(_log.Reports.Single().Report.ExecType, Is.EqualTo(ExecType.New));
    }

    [Test]
    public void DuplicateClientOrderId_OfALiveOrder_IsRejected()
    {
        SimulatedVenueSession session = NewQuietSession();
        long price = FarBelow(session);
        session.OnRequest(VenueRequests.NewLimit(1001, Btc, Side.Buy, price, 1_000), session.TimeNanos, ref _sink);
        _log.Clear();

        session.OnRequest(VenueRequests.NewLimit(1001, Btc, Side.Buy, price, 1_000), session.TimeNanos, ref _sink);

        Assert.That(_log.Reports.Single().Report.RejectReason, Is.EqualTo(ResultCode.DuplicateOrderId));
        Assert.That(session.OpenOrders, Is.EqualTo(1));
    }

    [Test]
    public void MarketOrder_IsFilledFromTheBestOffers()
    {
        SimulatedVenueSession session = NewQuietSession();
        BookLevel ask = BestLevel(session, Btc, Primitives.Side.Sell);

        session.OnRequest(VenueRequests.NewMarket(1001, Btc, Side.Buy, 1_000), session.TimeNanos, ref _sink);

        VenueFrame[] reports = [.. _log.Reports];
        Assert.That(reports[0].Report.ExecType, Is.EqualTo(ExecType.New));
        Assert.That(reports[0].Report.Price.Mantissa, Is.EqualTo(PriceOptionalDecoder.MantissaNullValue), "a market order has no limit price");
        ExecutionReportDecoder last = reports[^1].Report;
        Assert.That(last.ExecType, Is.EqualTo(ExecType.Trade));
        Assert.That(last.OrderStatus, Is.EqualTo(OrderStatus.Filled));
        Assert.That(last.CumulativeQuantity.Mantissa, Is.EqualTo(1_000L));
        Assert.That(last.OrderType, Is.EqualTo(OrderType.Market));
        Assert.That(reports[1].Report.LastPrice.Mantissa, Is.EqualTo(ask.Price.Units), "the best offer trades first");
        Assert.That(session.OpenOrders, Is.Zero);
    }

    [Test]
    public void ImmediateOrCancelOrder_TradesWhatItCan_AndItsRestIsCanceled()
    {
        SimulatedVenueSession session = NewQuietSession();
        BookLevel ask = BestLevel(session, Btc, Primitives.Side.Sell);

        session.OnRequest(VenueRequests.NewLimit(1001, Btc, Side.Buy, ask.Price.Units, ask.Quantity.Units + 1_000, TimeInForce.ImmediateOrCancel), session.TimeNanos, ref _sink);

        ExecutionReportDecoder last = _log.Reports.Last().Report;
        Assert.That(last.ExecType, Is.EqualTo(ExecType.Canceled));
        Assert.That(last.CumulativeQuantity.Mantissa, Is.EqualTo(ask.Quantity.Units));
        Assert.That(last.LeavesQuantity.Mantissa, Is.Zero);
        Assert.That(_log.Reports.Count(f => f.Report.ExecType == ExecType.Trade), Is.EqualTo(_log.Trades.Count()));
        Assert.That(session.OpenOrders, Is.Zero);
    }

    [Test]
    public void CancelAll_CancelsEveryOrderOfTheAccount_OnTheRequestedSide()
    {
        SimulatedVenueSession session = NewQuietSession();
        long price = FarBelow(session);
        BookLevel ask = BestLevel(session, Btc, Primitives.Side.Sell);
        session.OnRequest(VenueRequests.NewLimit(1001, Btc, Side.Buy, price, 1_000), session.TimeNanos, ref _sink);
        session.OnRequest(VenueRequests.NewLimit(1002, Btc, Side.Buy, price - 100, 1_000), session.TimeNanos, ref _sink);
        session.OnRequest(VenueRequests.NewLimit(1003, Btc, Side.Sell, ask.Price.Units + 100_000, 1_000), session.TimeNanos, ref _sink);
        _log.Clear();

        session.OnRequest(VenueRequests.CancelAll(3003, Btc, Side.Buy), session.TimeNanos, ref _sink);

        VenueFrame[] reports = [.. _log.Reports];
        Assert.That(reports.Select(f => f.Report.OrigClientOrderId), Is.EqualTo(new[] { 1001UL, 1002UL }), "best bid first");
        Assert.That(reports.Select(f => f.Report.ExecType), Is.All.EqualTo(ExecType.Canceled));
        Assert.That(reports.Select(f => f.Report.ClientOrderId), Is.All.EqualTo(3003UL));
        Assert.That(session.OpenOrders, Is.EqualTo(1), "the sell is untouched");

        _log.Clear();
        session.OnRequest(VenueRequests.CancelAll(3004, CancelAllEncoder.InstrumentIdNullValue, Side.NullValue), session.TimeNanos, ref _sink);
        Assert.That(_log.Reports.Single().Report.OrigClientOrderId, Is.EqualTo(1003UL));
        Assert.That(session.OpenOrders, Is.Zero);
    }

    [Test]
    public void UndecodableRequests_AreRejectedInvalidMessage_Counted_AndTheSessionGoesOn()
    {
        SimulatedVenueSession session = NewQuietSession();
        byte[] truncated = VenueRequests.NewLimit(1001, Btc, Side.Buy, 100, 1_000)[..20];

        session.OnRequest(truncated, session.TimeNanos, ref _sink);
        session.OnRequest(new byte[] { 1, 2, 3 }, session.TimeNanos, ref _sink);

        VenueFrame[] reports = [.. _log.Reports];
        Assert.That(reports, Has.Length.EqualTo(2));
        Assert.That(reports.Select(f => f.Report.RejectReason), Is.All.EqualTo(ResultCode.InvalidMessage));
        Assert.That(reports[0].Report.ClientOrderId, Is.EqualTo(1001UL), "the id is echoed when it could be read");
        Assert.That(session.InvalidRequests, Is.EqualTo(2));
        _log.Clear();

        BookLevel bid = BestLevel(session, Btc, Primitives.Side.Buy);
        session.OnRequest(VenueRequests.NewLimit(1001, Btc, Side.Buy, bid.Price.Units, 1_000), session.TimeNanos, ref _sink);
        Assert.That(_log.Reports.Single().Report.ExecType, Is.EqualTo(ExecType.New));
    }

    [Test]
    public void AnOrderNamingAnotherVenue_IsNotThisVenuesToAct_EvenForAnInstrumentItLists()
    {
        // BTC-USDT is listed here (SIM) too, but the engine sent this order to COINBASE's gateway.
        SimulatedVenueSession session = NewQuietSession();
        byte[] order = VenueRequests.NewLimit(1001, Btc, Side.Buy, 100, 1_000, venue: 1);
        byte[] cancelAll = VenueRequests.CancelAll(1002, CancelAllEncoder.InstrumentIdNullValue, Side.NullValue, venue: 1);

        session.OnRequest(order, session.TimeNanos, ref _sink);
        session.OnRequest(cancelAll, session.TimeNanos, ref _sink);

        Assert.That(_log.Frames, Is.Empty);
        Assert.That(session.IgnoredRequests, Is.EqualTo(2));
        Assert.That(session.OpenOrders, Is.Zero);
    }

    [Test]
    public void RequestsForAnotherVenuesInstrument_OrOtherMessages_AreIgnoredSilently()
    {
        SimulatedVenueSession session = NewQuietSession();
        byte[] otherMessage = new byte[MessageHeaderEncoder.EncodedLength + TimerTickEncoder.BlockLength];
        TimerTickEncoder.WrapAndApplyHeader(otherMessage, 0);

        session.OnRequest(VenueRequests.NewLimit(1001, NotSim, Side.Buy, 100, 1_000), session.TimeNanos, ref _sink);
        session.OnRequest(otherMessage, session.TimeNanos, ref _sink);

        Assert.That(_log.Frames, Is.Empty);
        Assert.That(session.IgnoredRequests, Is.EqualTo(2));
    }

    [Test]
    public void SteadyState_RequestsAndMarketActions_AllocateNothing()
    {
        SimulatedVenueSession session = NewSession();
        var sink = default(CountingFrameSink);
        ulong id = 1;
        long time = session.TimeNanos;
        RequestBuffers buffers = new();
        RunRequests(session, buffers, ref sink, ref id, ref time, 2_000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        RunRequests(session, buffers, ref sink, ref id, ref time, 2_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero, $"{allocated} bytes allocated by 2000 rounds of requests and market actions");
        Assert.That(sink.Frames, Is.GreaterThan(10_000));
    }

    private static SimulatedVenueSession NewSession(ulong seed = 5) =>
        new(s_registry, new SimulatedVenueOptions { Seed = seed, StartTimeNanos = 1_000 * Millisecond });

    /// <summary>A warmed-up session whose initial tops were published already, so a test sees only what its request causes.</summary>
    private SimulatedVenueSession NewQuietSession()
    {
        SimulatedVenueSession session = NewSession();
        session.AdvanceTo(session.TimeNanos, ref _sink);
        _log.Clear();
        return session;
    }

    private static BookLevel BestLevel(SimulatedVenueSession session, uint instrument, Primitives.Side side)
    {
        Assert.That(session.BookOf(new Primitives.InstrumentId((int)instrument)).TryGetLevel(side, 0, out BookLevel level), Is.True);
        return level;
    }

    /// <summary>A bid price well below the market (100 dollars under the best bid), where nothing trades during a test.</summary>
    private static long FarBelow(SimulatedVenueSession session) => BestLevel(session, Btc, Primitives.Side.Buy).Price.Units - 10_000;

    private static OrderFlowEvent MarketSell(long n, Primitives.Price protection, long quantity) =>
        new(0, OrderFlowKind.Market, new Primitives.OrderId((1L << 60) + n), Primitives.Side.Sell, protection, new Primitives.Quantity(quantity), 0);

    /// <summary>A fixed script of requests between market steps; returns the whole frame stream.</summary>
    private static byte[] Script(ulong seed)
    {
        SimulatedVenueSession session = NewSession(seed);
        var log = new VenueFrameLog();
        var sink = new RecordingFrameSink(log);
        long time = session.TimeNanos;
        for (ulong i = 1; i <= 200; i++)
        {
            time += 5 * Millisecond;
            session.AdvanceTo(time, ref sink);
            uint instrument = i % 2 == 0 ? Btc : Eth;
            BookLevel bid = BestLevel(session, instrument, Primitives.Side.Buy);
            BookLevel ask = BestLevel(session, instrument, Primitives.Side.Sell);
            switch (i % 4)
            {
                case 0:
                    session.OnRequest(VenueRequests.NewLimit(i, instrument, Side.Buy, bid.Price.Units, 1_000), time, ref sink);
                    break;
                case 1:
                    session.OnRequest(VenueRequests.NewLimit(i, instrument, Side.Sell, ask.Price.Units, 1_000), time, ref sink);
                    break;
                case 2:
                    session.OnRequest(VenueRequests.Cancel(1_000_000 + i, i - 1, Eth, Side.Sell), time, ref sink);
                    break;
                default:
                    session.OnRequest(VenueRequests.NewLimit(i, instrument, Side.Buy, ask.Price.Units, 1_000, TimeInForce.ImmediateOrCancel), time, ref sink);
                    break;
            }
        }

        return log.Stream.ToArray();
    }

    private static void RunRequests(SimulatedVenueSession session, RequestBuffers buffers, ref CountingFrameSink sink, ref ulong id, ref long time, int rounds)
    {
        var btc = new Primitives.InstrumentId((int)Btc);
        for (int round = 0; round < rounds; round++)
        {
            time += Millisecond;
            session.AdvanceTo(time, ref sink);
            IL3Book book = session.BookOf(btc);
            book.TryGetLevel(Primitives.Side.Buy, 0, out BookLevel bid);
            book.TryGetLevel(Primitives.Side.Sell, 0, out BookLevel ask);

            ulong resting = id++;
            buffers.Rest(resting, bid.Price.Units - 500);
            session.OnRequest(buffers.NewOrder, time, ref sink);
            buffers.Amend(id++, resting, bid.Price.Units - 400);
            session.OnRequest(buffers.AmendOrder, time, ref sink);
            buffers.Take(id++, ask.Price.Units);
            session.OnRequest(buffers.NewOrder, time, ref sink);
            buffers.Cancel(id++, resting);
            session.OnRequest(buffers.CancelOrder, time, ref sink);
        }
    }

    /// <summary>Request buffers encoded in place, so the measured loop allocates nothing of its own.</summary>
    private sealed class RequestBuffers
    {
        public byte[] NewOrder { get; } = VenueRequests.NewLimit(0, Btc, Side.Buy, 0, 1_000);

        public byte[] AmendOrder { get; } = VenueRequests.Amend(0, 0, Btc, Side.Buy, 0, 2_000);

        public byte[] CancelOrder { get; } = VenueRequests.Cancel(0, 0, Btc, Side.Buy);

        public void Rest(ulong id, long price)
        {
            var order = new NewOrderEncoder(NewOrder, MessageHeaderEncoder.EncodedLength);
            order.ClientOrderId = id;
            order.Price.SetMantissa(price);
            order.TimeInForce = TimeInForce.GoodTillCancel;
        }

        public void Take(ulong id, long price)
        {
            var order = new NewOrderEncoder(NewOrder, MessageHeaderEncoder.EncodedLength);
            order.ClientOrderId = id;
            order.Price.SetMantissa(price);
            order.TimeInForce = TimeInForce.ImmediateOrCancel;
        }

        public void Amend(ulong id, ulong original, long price)
        {
            var amend = new AmendOrderEncoder(AmendOrder, MessageHeaderEncoder.EncodedLength);
            amend.ClientOrderId = id;
            amend.OrigClientOrderId = original;
            amend.Price.SetMantissa(price);
        }

        public void Cancel(ulong id, ulong original)
        {
            var cancel = new CancelOrderEncoder(CancelOrder, MessageHeaderEncoder.EncodedLength);
            cancel.ClientOrderId = id;
            cancel.OrigClientOrderId = original;
        }
    }
}
