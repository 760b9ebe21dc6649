using System.Diagnostics;
using Engine.Codecs;
using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.SimulatedVenue.Exchange;
using Engine.Gateways.SimulatedVenue.Session;
using Engine.Matching;
using Engine.Model;
using OrderType = Engine.Codecs.OrderType;
using Primitives = Engine.Primitives;
using TimeInForce = Engine.Codecs.TimeInForce;

namespace Engine.PerfTests.Harnesses.Venues;

/// <summary>
/// venue-session: engine requests per second through the simulated venue's session (SBE request decoded, applied to
/// the matching engine behind the generated market, execution reports and market data encoded), with per-request
/// latency percentiles; the generated BTC-USDT and ETH-USDT markets of config/instruments.json advance 10 µs of venue
/// time per round. Each round: a resting bid, an amend of it (new price and size), its cancel; every 10,000th round (ten a second of venue time) also
/// an IOC order at the best opposite price, alternating sides (so the engine never takes more liquidity than the
/// generated market supplies). Baseline, same run: the same commands straight into a <see cref="SimulatedExchange"/>
/// (no SBE, no market data, no order table). Verified: every resting bid got New, Replaced and Canceled, nothing was
/// rejected or invalid, no order is left open.
/// </summary>
public sealed class VenueSessionHarness : IHarness
{
    private const long RoundNanos = 10_000;
    private const int TakeEvery = 10_000;

    public string Name => "venue-session";

    public string Description => "simulated venue session: SBE requests in, execution reports and market data out; baseline: bare SimulatedExchange";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        InstrumentRegistry registry = InstrumentConfig.Parse(File.ReadAllText(FindInstruments()), "instruments.json");
        int rounds = context.Quick ? 100_000 : 1_000_000;

        // Warm-up on a throw-away session: the JIT tiers the hot paths up before anything is timed.
        var warmUpSink = default(CountingSink);
        RunSession(new SimulatedVenueSession(registry, new SimulatedVenueOptions { Seed = 41 }), 200_000, new LatencyRecorder(), ref warmUpSink);

        var session = new SimulatedVenueSession(registry, new SimulatedVenueOptions { Seed = 42 });
        var latency = new LatencyRecorder();
        var sink = default(CountingSink);
        (double seconds, long requests) = RunSession(session, rounds, latency, ref sink);
        if (session.InvalidRequests != 0 || session.OpenOrders != 0 || sink.Rejected != 0 || sink.News < rounds || sink.Replaced != rounds || sink.Canceled < rounds)
        {
            throw new HarnessVerificationException($"venue session: invalid {session.InvalidRequests}, open {session.OpenOrders}, New {sink.News}, Replaced {sink.Replaced}, Canceled {sink.Canceled}, Rejected {sink.Rejected} (last {sink.LastRejectReason}) after {rounds} rounds");
        }

        RunBaseline(registry, 200_000);
        double baselineSeconds = RunBaseline(registry, rounds);
        Dictionary<string, double> extra = latency.PercentilesMicroseconds();
        extra["requests"] = requests;
        extra["frames"] = sink.Frames;
        extra["marketDataFrames"] = session.MarketDataFrames;
        extra["executionReports"] = session.ExecutionReports;
        extra["nsPerRequest"] = seconds * 1e9 / requests;
        context.Report(new HarnessResult(Name, requests / seconds, "requests/s", "bare-simulated-exchange", requests / baselineSeconds) { Extra = extra });
    }

    private static (double Seconds, long Requests) RunSession(SimulatedVenueSession session, int rounds, LatencyRecorder latency, ref CountingSink sink)
    {
        byte[] rest = Request(OrderType.Limit, TimeInForce.GoodTillCancel);
        byte[] take = Request(OrderType.Limit, TimeInForce.ImmediateOrCancel);
        byte[] amend = new byte[MessageHeaderEncoder.EncodedLength + AmendOrderEncoder.BlockLength];
        var amendEncoder = AmendOrderEncoder.WrapAndApplyHeader(amend, 0);
        amendEncoder.AccountId = 7;
        amendEncoder.InstrumentId = 1;
        amendEncoder.Side = Side.Buy;
        amendEncoder.Quantity.SetMantissa(2_000);
        byte[] cancel = new byte[MessageHeaderEncoder.EncodedLength + CancelOrderEncoder.BlockLength];
        var cancelEncoder = CancelOrderEncoder.WrapAndApplyHeader(cancel, 0);
        cancelEncoder.AccountId = 7;
        cancelEncoder.InstrumentId = 1;
        cancelEncoder.Side = Side.Buy;
        var instrument = new Primitives.InstrumentId(1);
        long time = session.TimeNanos;
        long requests = 0;
        ulong id = 1;
        long started = Stopwatch.GetTimestamp();
        for (int round = 0; round < rounds; round++)
        {
            time += RoundNanos;
            session.AdvanceTo(time, ref sink);
            IL3Book book = session.BookOf(instrument);
            book.TryGetLevel(Primitives.Side.Buy, 0, out BookLevel bid);
            book.TryGetLevel(Primitives.Side.Sell, 0, out BookLevel ask);

            ulong resting = id++;
            SetOrder(rest, resting, Side.Buy, bid.Price.Units - 1_000);
            long t0 = Stopwatch.GetTimestamp();
            session.OnRequest(rest, time, ref sink);
            long t1 = Stopwatch.GetTimestamp();
            var amendOrder = new AmendOrderEncoder(amend, MessageHeaderEncoder.EncodedLength);
            amendOrder.ClientOrderId = id++;
            amendOrder.OrigClientOrderId = resting;
            amendOrder.Price.SetMantissa(bid.Price.Units - 900);
            session.OnRequest(amend, time, ref sink);
            long t2 = Stopwatch.GetTimestamp();
            var cancelOrder = new CancelOrderEncoder(cancel, MessageHeaderEncoder.EncodedLength);
            cancelOrder.ClientOrderId = id++;
            cancelOrder.OrigClientOrderId = resting;
            session.OnRequest(cancel, time, ref sink);
            long t3 = Stopwatch.GetTimestamp();
            latency.RecordTicks(t1 - t0);
            latency.RecordTicks(t2 - t1);
            latency.RecordTicks(t3 - t2);
            requests += 3;

            // Now and then the engine takes liquidity, alternating sides, at no more than the generated market supplies.
            if (round % TakeEvery == 0)
            {
                bool buy = (round / TakeEvery) % 2 == 0;
                SetOrder(take, id++, buy ? Side.Buy : Side.Sell, buy ? ask.Price.Units : bid.Price.Units);
                long t4 = Stopwatch.GetTimestamp();
                session.OnRequest(take, time, ref sink);
                latency.RecordTicks(Stopwatch.GetTimestamp() - t4);
                requests++;
            }
        }

        return ((Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency, requests);
    }

    private static double RunBaseline(InstrumentRegistry registry, int rounds)
    {
        Listing listing = registry.Listings.First(l => l.Venue.Code == SimulatedVenueSession.VenueCode);
        var exchange = new SimulatedExchange(listing.Rules, SimulatedMarketProfiles.For(listing), 43, 0);
        var sink = default(CountingMatchingSink);
        exchange.AdvanceTo(SimulatedVenueOptions.DefaultWarmUpNanos, ref sink);
        var account = new Primitives.AccountId(7);
        long time = SimulatedVenueOptions.DefaultWarmUpNanos;
        long id = 1;
        long started = Stopwatch.GetTimestamp();
        for (int round = 0; round < rounds; round++)
        {
            time += RoundNanos;
            exchange.AdvanceTo(time, ref sink);
            exchange.Book.TryGetLevel(Primitives.Side.Buy, 0, out BookLevel bid);
            exchange.Book.TryGetLevel(Primitives.Side.Sell, 0, out BookLevel ask);
            var resting = new Primitives.OrderId(id++);
            exchange.Submit(NewOrder.Limit(resting, account, Primitives.Side.Buy, new Primitives.Price(bid.Price.Units - 1_000), new Primitives.Quantity(1_000)), Primitives.Quantity.Zero, ref sink);
            exchange.Amend(new AmendOrder(resting, account, new Primitives.Price(bid.Price.Units - 900), new Primitives.Quantity(2_000)), ref sink);
            exchange.Cancel(new CancelOrder(resting, account), ref sink);
            if (round % TakeEvery == 0)
            {
                bool buy = (round / TakeEvery) % 2 == 0;
                Primitives.Side side = buy ? Primitives.Side.Buy : Primitives.Side.Sell;
                exchange.Submit(NewOrder.Limit(new Primitives.OrderId(id++), account, side, buy ? ask.Price : bid.Price, new Primitives.Quantity(1_000), Engine.Model.TimeInForce.Ioc), Primitives.Quantity.Zero, ref sink);
            }
        }

        double seconds = (Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency;
        if (sink.Canceled < rounds)
        {
            throw new HarnessVerificationException($"baseline: {sink.Canceled} cancels for {rounds} rounds");
        }

        return seconds;
    }

    private static byte[] Request(OrderType type, TimeInForce timeInForce)
    {
        byte[] buffer = new byte[MessageHeaderEncoder.EncodedLength + NewOrderEncoder.BlockLength];
        var order = NewOrderEncoder.WrapAndApplyHeader(buffer, 0);
        order.AccountId = 7;
        order.StopPrice.SetMantissa(PriceOptionalEncoder.MantissaNullValue);
        order.Quantity.SetMantissa(1_000);
        order.ExpireTime = NewOrderEncoder.ExpireTimeNullValue;
        order.InstrumentId = 1;
        order.StrategyId = 1;
        order.Side = Side.Buy;
        order.OrderType = type;
        order.TimeInForce = timeInForce;
        order.Flags = 0;
        return buffer;
    }

    private static void SetOrder(byte[] request, ulong clientOrderId, Side side, long price)
    {
        var order = new NewOrderEncoder(request, MessageHeaderEncoder.EncodedLength);
        order.ClientOrderId = clientOrderId;
        order.Side = side;
        order.Price.SetMantissa(price);
    }

    private static string FindInstruments()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Engine.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory is null
            ? throw new HarnessVerificationException("Engine.sln not found above the harness; config/instruments.json is needed")
            : Path.Combine(directory, "config", "instruments.json");
    }

    /// <summary>Counts frames and the execution reports the verification needs; allocates nothing.</summary>
    private struct CountingSink : IFrameSink
    {
        public long Frames;
        public long News;
        public long Canceled;
        public long Replaced;
        public long Rejected;
        public ResultCode LastRejectReason;

        public void OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage)
        {
            Frames++;
            if (templateId == ExecutionReportDecoder.TemplateId)
            {
                var report = ExecutionReportDecoder.WrapWithHeader(sbeMessage, 0);
                ExecType type = report.ExecType;
                News += type == ExecType.New ? 1 : 0;
                Canceled += type == ExecType.Canceled ? 1 : 0;
                Replaced += type == ExecType.Replaced ? 1 : 0;
                if (type == ExecType.Rejected)
                {
                    Rejected++;
                    LastRejectReason = report.RejectReason;
                }
            }
        }
    }

    private struct CountingMatchingSink : IMatchingEventSink
    {
        public long Events;
        public long Canceled;

        public void OnAccepted(in OrderAccepted accepted) => Events++;

        public void OnRejected(in OrderRejected rejected) => Events++;

        public void OnTrade(in TradeExecuted trade) => Events++;

        public void OnRested(in OrderRested rested) => Events++;

        public void OnCanceled(in OrderCanceled canceled)
        {
            Events++;
            Canceled += canceled.Account.Value == 7 ? 1 : 0;
        }

        public void OnAmended(in OrderAmended amended) => Events++;
    }
}
