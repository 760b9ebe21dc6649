using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// A Bar (kline) input through the BLP: market data about its listing, validated and counted, from which no book,
/// top, last trade or mark is derived (those come from the messages that describe them exactly).
/// </summary>
[TestFixture]
public sealed class BarInputTests
{
    [Test]
    public void Bar_OfAKnownListing_IsCountedAsMarketData_AndChangesNoBookTopOrTrade()
    {
        var fixture = new CoreFixture();
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100, 5_000_100, 100);
        TopOfBook top = fixture.Processor.Market.Top(CoreFixture.BtcOnSim);
        MarketTrade trade = fixture.Processor.Market.LastTrade(CoreFixture.BtcOnSim);
        long marketData = fixture.Processor.Counters.MarketData;

        Bar(fixture, CoreFixture.Btc, open: 5_000_000, high: 5_010_000, low: 4_990_000, close: 5_005_000);

        Assert.That(fixture.Processor.Counters.MarketData, Is.EqualTo(marketData + 1));
        Assert.That(fixture.Processor.Counters.IgnoredInputs, Is.Zero);
        Assert.That(fixture.Processor.Market.Top(CoreFixture.BtcOnSim), Is.EqualTo(top));
        Assert.That(fixture.Processor.Market.LastTrade(CoreFixture.BtcOnSim), Is.EqualTo(trade));
    }

    [TestCase(5_020_000L, 5_010_000L, 4_990_000L, 5_005_000L, TestName = "Bar_WithTheOpenAboveTheHigh_IsIgnored")]
    [TestCase(5_000_000L, 4_980_000L, 4_990_000L, 4_985_000L, TestName = "Bar_WithTheLowAboveTheHigh_IsIgnored")]
    [TestCase(0L, 0L, 0L, 0L, TestName = "Bar_WithoutPrices_IsIgnored")]
    public void Bar_ThatIsNotABar_IsIgnored(long open, long high, long low, long close)
    {
        var fixture = new CoreFixture();
        Bar(fixture, CoreFixture.Btc, open, high, low, close);
        Assert.That(fixture.Processor.Counters.IgnoredInputs, Is.EqualTo(1));
        Assert.That(fixture.Processor.Counters.MarketData, Is.Zero);
    }

    [Test]
    public void Bar_OfAListingTheEngineDoesNotKnow_IsIgnored()
    {
        var fixture = new CoreFixture();
        Bar(fixture, CoreFixture.Btc, 5_000_000, 5_010_000, 4_990_000, 5_005_000, venue: 999);
        Assert.That(fixture.Processor.Counters.IgnoredInputs, Is.EqualTo(1));
    }

    private static void Bar(CoreFixture fixture, Engine.Primitives.InstrumentId instrument, long open, long high, long low, long close, ushort venue = 0)
    {
        byte[] buffer = new byte[128];
        var bar = Sbe.BarEncoder.WrapAndApplyHeader(buffer, 0);
        bar.ExchangeTime = fixture.Time + 60_000_000_000;
        bar.GatewayReceiveTime = 0;
        bar.VenueSequence = 1;
        bar.OpenTime = fixture.Time;
        bar.Interval = 60_000_000_000;
        bar.Open.SetMantissa(open);
        bar.High.SetMantissa(high);
        bar.Low.SetMantissa(low);
        bar.Close.SetMantissa(close);
        bar.Volume.SetMantissa(1_000);
        bar.TakerBuyVolume.SetMantissa(400);
        bar.TradeCount = 12;
        bar.InstrumentId = (uint)instrument.Value;
        bar.VenueId = venue == 0 ? fixture.VenueOf(instrument) : venue;
        fixture.Raw(buffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + bar.EncodedLength));
    }
}
