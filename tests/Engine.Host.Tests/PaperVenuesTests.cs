using Engine.Codecs;
using Engine.Host.Tests.Fills;
using InstrumentConfig = Engine.Model.InstrumentConfig;
using InstrumentRegistry = Engine.Model.InstrumentRegistry;

namespace Engine.Host.Tests;

/// <summary>
/// The paper venues as the BLP stage drives them: the journaled market data shapes the paper book, a request reaches
/// it only once engine time has passed its latency (never before the input that caused it), its reports queue for the
/// receiver, and requests for other venues go on to egress.
/// </summary>
[TestFixture]
public sealed class PaperVenuesTests
{
    private const long Latency = 100_000;
    private PaperVenues _paper = null!;

    [SetUp]
    public void SetUp()
    {
        InstrumentRegistry registry = InstrumentConfig.Parse(DefaultConfiguration.Read("instruments.json"), "instruments.json");
        Assert.That(registry.GetVenue(new Primitives.VenueId(1)).Code, Is.EqualTo("BINANCE"), "the hand-made frames name venue 1");
        _paper = new PaperVenues(new PaperTradingConfig([new Primitives.VenueId(1)], new FillSimulationOptions { OrderLatency = new LatencyModel(Latency) }), registry);
        _paper.BeforeInput(1_000);
        _paper.AfterInput(L2SnapshotEncoder.TemplateId, 1_000, MarketFrames.Snapshot([(100, 1), (99, 4)], [(101, 2), (102, 3)]));
    }

    [Test]
    public void A_request_reaches_the_venue_once_engine_time_has_passed_its_latency_and_a_taker_walks_the_depth()
    {
        _paper.BeforeInput(2_000);
        Assert.That(_paper.TryTake(NewOrderEncoder.TemplateId, Order(7, venue: 1, price: 102, quantity: 3)), Is.True, "the request is the paper venue's, not egress's");

        _paper.BeforeInput(2_000 + Latency - 1);
        Assert.That(_paper.Reports.Pending, Is.Zero, "still on its way to the venue");

        _paper.BeforeInput(2_000 + Latency);
        Assert.That(Reports(), Is.EqualTo(new[]
        {
            (ExecType.New, 0L, 0L, false, 2_000 + Latency),
            (ExecType.Trade, 101L, 2L, false, 2_000 + Latency),
            (ExecType.Trade, 102L, 1L, false, 2_000 + Latency),
        }));
        Assert.That(_paper.RequestsTaken, Is.EqualTo(1));
    }

    [Test]
    public void Requests_for_other_venues_go_on_to_egress_and_a_cancel_all_for_every_venue_reaches_the_paper_venue_too()
    {
        _paper.BeforeInput(2_000);

        Assert.That(_paper.TryTake(NewOrderEncoder.TemplateId, Order(7, venue: 2, price: 100, quantity: 1)), Is.False);
        Assert.That(_paper.TryTake(CancelAllEncoder.TemplateId, CancelAllOfEveryVenue()), Is.False);
        Assert.That(_paper.All[0].InFlight, Is.EqualTo(1));
        Assert.That(_paper.IsPaperGateway("venue:BINANCE"), Is.True);
        Assert.That(_paper.IsPaperGateway("venue:OKX"), Is.False);
    }

    private List<(ExecType Type, long Price, long Quantity, bool Maker, long Time)> Reports()
    {
        var reports = new List<(ExecType, long, long, bool, long)>();
        while (_paper.Reports.TryTake(out int templateId, out byte[] message))
        {
            Assert.That(templateId, Is.EqualTo(ExecutionReportDecoder.TemplateId));
            var header = new MessageHeaderDecoder(message, 0, EngineSchema.Version);
            var report = new ExecutionReportDecoder(message, MessageHeaderDecoder.EncodedLength, header.BlockLength, header.Version);
            reports.Add((report.ExecType, report.ExecType == ExecType.Trade ? report.LastPrice.Mantissa : 0, report.LastQuantity.Mantissa, report.IsMaker == BooleanType.True, report.TransactTime));
        }

        return reports;
    }

    private static byte[] Order(ulong id, ushort venue, long price, long quantity)
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
        order.Side = Side.Buy;
        order.OrderType = OrderType.Limit;
        order.TimeInForce = TimeInForce.ImmediateOrCancel;
        order.Flags = 0;
        order.VenueId = venue;
        return frame[..order.Limit];
    }

    private static byte[] CancelAllOfEveryVenue()
    {
        byte[] frame = new byte[128];
        var cancel = CancelAllEncoder.WrapAndApplyHeader(frame, 0);
        cancel.ClientOrderId = 9;
        cancel.AccountId = 1;
        cancel.InstrumentId = CancelAllEncoder.InstrumentIdNullValue;
        cancel.Side = Side.NullValue;
        cancel.VenueId = CancelAllEncoder.VenueIdNullValue;
        return frame[..cancel.Limit];
    }
}
