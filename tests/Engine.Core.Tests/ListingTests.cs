using Engine.Model;
using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// A listing (venue, instrument) keys books, market state, marks and orders: BTC-USDT quoted on three venues keeps
/// three books; the engine trades it on two, and values its position at the median of all three venues' mids.
/// </summary>
public sealed class ListingTests
{
    private const string Instruments = """
        {
          "venues": [
            { "code": "BINANCE", "name": "Binance spot", "symbolFormat": "concatenated" },
            { "code": "OKX", "name": "OKX spot", "symbolFormat": "dash" },
            { "code": "BYBIT", "name": "Bybit spot", "symbolFormat": "concatenated" }
          ],
          "instruments": [
            { "symbol": "BTC-USDT", "base": "BTC", "quote": "USDT", "kind": "spot" }
          ],
          "listings": [
            { "venue": "BINANCE", "instrument": "BTC-USDT", "priceScale": 2, "quantityScale": 5, "tickSize": "0.01", "lotSize": "0.00001", "minQuantity": "0.00001", "minNotional": "1", "contractMultiplier": "1" },
            { "venue": "OKX", "instrument": "BTC-USDT", "priceScale": 2, "quantityScale": 5, "tickSize": "0.1", "lotSize": "0.0001", "minQuantity": "0.0001", "minNotional": "0", "contractMultiplier": "1" },
            { "venue": "BYBIT", "instrument": "BTC-USDT", "priceScale": 1, "quantityScale": 6, "tickSize": "0.1", "lotSize": "0.000001", "minQuantity": "0.000048", "minNotional": "1", "contractMultiplier": "1" }
          ]
        }
        """;

    private const string Risk = """
        {
          "valuation": { "asset": "USDT", "scale": 8 },
          "maxAccountId": 4, "maxStrategyId": 2, "deadManSwitchIntervalMillis": 0,
          "instruments": [
            { "instrument": "BTC-USDT", "venues": ["BINANCE", "OKX"], "markSource": { "median": ["BINANCE", "OKX", "BYBIT"] },
              "maxOrderSize": "5", "maxOrderNotional": "500000", "maxPositionSize": "20", "maxSymbolExposure": "2000000", "priceBandBps": 500 }
          ],
          "accountDefaults": { "maxGrossExposure": "5000000", "maxDailyLoss": "50000", "orderRatePerSecond": "unlimited" },
          "accounts": [],
          "strategyDefaults": { "orderRatePerSecond": "unlimited" }
        }
        """;

    private static readonly InstrumentId s_btc = new(1);
    private static readonly ListingId s_onBinance = new(1);
    private static readonly ListingId s_onOkx = new(2);
    private static readonly ListingId s_onBybit = new(3);
    private static readonly AccountId s_trader = new(1);
    private const ushort Binance = 1;
    private const ushort Okx = 2;
    private const ushort Bybit = 3;
    private const long OneBtc = 100_000;
    private const long OneUsdt = 100_000_000;

    [Test]
    public void TwoVenuesQuotingOneInstrument_KeepSeparateBooks()
    {
        CoreFixture fixture = Create();
        fixture.Bbo(s_btc, 6_000_000, OneBtc, 6_000_100, OneBtc, venue: Binance);
        fixture.Bbo(s_btc, 6_010_000, OneBtc, 6_010_100, OneBtc, venue: Okx);

        Assert.That(fixture.Processor.Market.Top(s_onBinance).Bid.Units, Is.EqualTo(6_000_000), "OKX's quote did not move Binance's book");
        Assert.That(fixture.Processor.Market.Top(s_onOkx).Bid.Units, Is.EqualTo(6_010_000));
        Assert.That(fixture.Processor.Market.Top(s_onBybit).HasBid, Is.False, "Bybit has quoted nothing");
        Assert.That((fixture.Processor.Market.Top(s_onOkx).Listing, fixture.Processor.Market.Top(s_onOkx).Instrument), Is.EqualTo((s_onOkx, s_btc)));
    }

    [Test]
    public void AnOrder_GoesOutNamingTheVenueItWasSentTo_AndOneThatNamesNoneGoesToTheFirstTradedVenue()
    {
        CoreFixture fixture = Create();
        Quote(fixture);
        fixture.NewOrder(s_trader, s_btc, Side.Buy, 6_000_000, OneBtc / 100, clientOrderId: 1, venue: Okx);
        fixture.NewOrder(s_trader, s_btc, Side.Buy, 6_000_000, OneBtc / 100, clientOrderId: 2);

        ushort[] venues = [.. fixture.Output.OfType(Sbe.NewOrderDecoder.TemplateId).Select(m => Sbe.NewOrderDecoder.WrapWithHeader(m, 0).VenueId)];
        Assert.That(venues, Is.EqualTo(new[] { Okx, Binance }));
        Assert.That(fixture.Processor.Orders.SlotAt(0).Listing, Is.EqualTo(s_onOkx));
    }

    [Test]
    public void AnOrder_ForAVenueThatDoesNotTradeTheInstrument_IsRefusedWithUnknownListing()
    {
        CoreFixture fixture = Create();
        Quote(fixture);
        fixture.NewOrder(s_trader, s_btc, Side.Buy, 6_000_000, OneBtc / 100, venue: Bybit);
        fixture.NewOrder(s_trader, s_btc, Side.Buy, 6_000_000, OneBtc / 100, venue: 77);

        Sbe.ResultCode[] reasons = [.. fixture.Output.OfType(Sbe.RejectDecoder.TemplateId).Select(m => Sbe.RejectDecoder.WrapWithHeader(m, 0).Reason)];
        Assert.That(reasons, Is.EqualTo(new[] { Sbe.ResultCode.UnknownListing, Sbe.ResultCode.UnknownListing }), "Bybit lists BTC-USDT, but risk trades it on Binance and OKX only");
        Assert.That(fixture.Output.NewOrders(), Is.Empty);
    }

    [Test]
    public void AnOrder_FollowsItsOwnListingsRules()
    {
        // OKX's tick is 0.10, Binance's 0.01: 60,000.05 is on Binance's grid only.
        CoreFixture fixture = Create();
        Quote(fixture);
        fixture.NewOrder(s_trader, s_btc, Side.Buy, 6_000_005, OneBtc / 100, clientOrderId: 1, venue: Binance);
        fixture.NewOrder(s_trader, s_btc, Side.Buy, 6_000_005, OneBtc / 100, clientOrderId: 2, venue: Okx);

        Assert.That(fixture.Output.NewOrders(), Has.Count.EqualTo(1));
        Assert.That(Sbe.RejectDecoder.WrapWithHeader(fixture.Output.OfType(Sbe.RejectDecoder.TemplateId).Single(), 0).Reason, Is.EqualTo(Sbe.ResultCode.PriceNotOnTick));
    }

    [Test]
    public void TheMark_IsTheMedianOfTheSourceVenuesMids_RescaledToTheInstrumentsPriceScale()
    {
        CoreFixture fixture = Create();
        fixture.Bbo(s_btc, 6_000_000, OneBtc, 6_000_200, OneBtc, venue: Binance);   // mid 60,001.00
        Assert.That(Mark(fixture), Is.EqualTo(6_000_100), "one venue: its mid");
        fixture.Bbo(s_btc, 6_100_000, OneBtc, 6_100_200, OneBtc, venue: Okx);       // mid 61,001.00
        Assert.That(Mark(fixture), Is.EqualTo(6_000_100), "two venues: the lower middle one");
        fixture.Bbo(s_btc, 605_000, OneBtc * 10, 605_003, OneBtc * 10, venue: Bybit); // Bybit's scale 1: mid 60,500.1
        Assert.That(Mark(fixture), Is.EqualTo(6_050_010), "three venues: the middle one, rescaled from Bybit's one decimal to two");
    }

    [Test]
    public void AStaleBook_DoesNotCountForTheMark_UntilItsVenueResyncs()
    {
        CoreFixture fixture = Create();
        fixture.Bbo(s_btc, 6_000_000, OneBtc, 6_000_200, OneBtc, venue: Binance);
        fixture.Bbo(s_btc, 6_100_000, OneBtc, 6_100_200, OneBtc, venue: Okx);
        fixture.Bbo(s_btc, 620_000, OneBtc * 10, 620_002, OneBtc * 10, venue: Bybit);
        Assert.That(Mark(fixture), Is.EqualTo(6_100_100));

        fixture.SequenceGap(Binance, s_btc);
        Assert.That(fixture.Processor.Market.Top(s_onBinance).IsStale, Is.True);
        Assert.That(fixture.Processor.Counters.FeedGaps, Is.EqualTo(1));
        Assert.That(Mark(fixture), Is.EqualTo(6_100_100), "OKX and Bybit left: the lower middle one");
        fixture.Bbo(s_btc, 5_000_000, OneBtc, 5_000_200, OneBtc, venue: Binance);
        Assert.That(Mark(fixture), Is.EqualTo(6_100_100), "a stale book's quotes do not count");

        fixture.Resync(Binance, s_btc);
        Assert.That(fixture.Processor.Market.Top(s_onBinance).IsStale, Is.False);
        Assert.That(Mark(fixture), Is.EqualTo(6_100_100), "Binance counts again: median of 50,001, 61,001 and 62,000.1");
        Assert.That(fixture.Processor.Counters.FeedResyncs, Is.EqualTo(1));
    }

    [Test]
    public void AReport_FromAnotherVenueThanTheOrdersOne_IsCountedUnknown_AndChangesNothing()
    {
        CoreFixture fixture = Create();
        Quote(fixture);
        fixture.NewOrder(s_trader, s_btc, Side.Buy, 6_000_000, OneBtc / 100, venue: Okx);
        var order = new OrderId(fixture.Output.NewOrders().Single().Id);

        fixture.Report(order, Sbe.ExecType.Trade, lastPrice: 6_000_000, lastQuantity: OneBtc / 100, venue: Binance);
        Assert.That(fixture.Processor.Counters.UnknownExecutionReports, Is.EqualTo(1));
        Assert.That(fixture.Processor.Counters.Fills, Is.Zero);

        fixture.Report(order, Sbe.ExecType.Trade, lastPrice: 6_000_000, lastQuantity: OneBtc / 100, venue: Okx);
        Assert.That(fixture.Processor.Counters.Fills, Is.EqualTo(1));
    }

    [Test]
    public void AVenueReportingAListingHalted_RefusesOrdersToIt_UntilItReportsItOpen()
    {
        CoreFixture fixture = Create();
        Quote(fixture);
        fixture.VenueStatus(Okx, Sbe.TradingStatus.Halted, s_btc);
        Assert.That(fixture.Processor.Market.Phase(s_onOkx), Is.EqualTo(ListingPhase.Halted));
        fixture.NewOrder(s_trader, s_btc, Side.Buy, 6_000_000, OneBtc / 100, clientOrderId: 1, venue: Okx);
        fixture.NewOrder(s_trader, s_btc, Side.Buy, 6_000_000, OneBtc / 100, clientOrderId: 2, venue: Binance);
        Assert.That(Sbe.RejectDecoder.WrapWithHeader(fixture.Output.OfType(Sbe.RejectDecoder.TemplateId).Single(), 0).Reason, Is.EqualTo(Sbe.ResultCode.ListingNotOpen));
        Assert.That(fixture.Output.NewOrders(), Has.Count.EqualTo(1), "Binance's listing still trades");

        fixture.VenueStatus(Okx, Sbe.TradingStatus.Open);
        fixture.NewOrder(s_trader, s_btc, Side.Buy, 6_000_000, OneBtc / 100, clientOrderId: 3, venue: Okx);
        Assert.That(fixture.Output.NewOrders(), Has.Count.EqualTo(2), "a venue-wide status applies to every listing of the venue");
    }

    [Test]
    public void ListingsTradedTogether_MustShareTheInstrumentsScales()
    {
        string risk = Risk.Replace("\"venues\": [\"BINANCE\", \"OKX\"]", "\"venues\": [\"BINANCE\", \"BYBIT\"]", StringComparison.Ordinal);
        RiskConfigException e = Assert.Throws<RiskConfigException>(() => Create(risk))!;
        Assert.That(e.Message, Does.StartWith("risk.json: $.instruments[0].venues[1]: BYBIT's listing of 'BTC-USDT' has price scale 1, quantity scale 6"));
    }

    private static CoreFixture Create(string risk = Risk)
    {
        var fixture = new CoreFixture(instrumentsJson: Instruments, riskJson: risk);
        fixture.Deposit(s_trader, "USDT", 1_000_000 * OneUsdt);
        return fixture;
    }

    private static void Quote(CoreFixture fixture)
    {
        fixture.Bbo(s_btc, 6_000_000, OneBtc, 6_000_100, OneBtc, venue: Binance);
        fixture.Bbo(s_btc, 6_000_000, OneBtc, 6_000_100, OneBtc, venue: Okx);
    }

    private static long Mark(CoreFixture fixture) => fixture.Processor.Risk.Report(s_trader, s_btc).ReferencePrice.Units;
}
