using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// The market view that follows every status answer (MarketTops): each listing's best bid and offer as the BLP last
/// saw them, at the listing's scales, and a listing without market data as empty.
/// </summary>
[TestFixture]
public sealed class StatusMarketTopsTests
{
    [Test]
    public void Status_answer_is_followed_by_each_listings_best_bid_and_offer()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 120_000, 5_000_100, 30_000);
        fixture.Output.Clear();

        byte[] buffer = new byte[64];
        var request = Sbe.StatusRequestEncoder.WrapAndApplyHeader(buffer, 0);
        request.RequestId = 5;
        request.RequestTime = fixture.Time;
        request.PrincipalId = 7;
        fixture.Raw(buffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + request.EncodedLength));

        var tops = Sbe.MarketTopsDecoder.WrapWithHeader(fixture.Output.OfType(Sbe.MarketTopsDecoder.TemplateId).Single(), 0);
        Assert.That(tops.RequestId, Is.EqualTo(5));
        var rows = new Dictionary<uint, (long Bid, sbyte BidExponent, long BidQuantity, long Ask, long AskQuantity, ushort Venue)>();
        var listings = tops.Listings();
        while (listings.MoveNext())
        {
            rows[listings.InstrumentId] = (listings.Bid.Mantissa, listings.Bid.Exponent, listings.BidQuantity.Mantissa, listings.Ask.Mantissa, listings.AskQuantity.Mantissa, listings.VenueId);
        }

        Assert.That(rows, Has.Count.EqualTo(fixture.Registry.Listings.Count));
        Assert.That(rows[(uint)CoreFixture.Btc.Value], Is.EqualTo((5_000_000L, (sbyte)-2, 120_000L, 5_000_100L, 30_000L, fixture.VenueOf(CoreFixture.Btc))));
        Assert.That(rows[(uint)CoreFixture.Eth.Value].Bid, Is.Zero, "no market data yet: an empty top");
    }
}
