using Engine.Model;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// The <c>MarketTops</c> that follows every <c>EngineStatus</c>: each listing's best bid and offer as the BLP last saw
/// them. Market data is not on egress (only what the engine decides is), and the admin gateway cannot read the
/// ingress ring the venue gateways write; the BLP's own tops, answered with the status request the console already
/// makes once a second, are the cheapest honest view: no extra journal record, nothing per tick, and exactly the
/// prices the engine traded on. It reads only and allocates its buffer once (an operator's query, not a hot-path
/// input). Owned by the BLP thread.
/// </summary>
internal sealed class StatusMarketTops
{
    private readonly InstrumentRegistry _registry;
    private readonly MarketState _market;
    private readonly EgressEncoder _egress;
    private readonly byte[] _buffer;
    private readonly int _listings;

    public StatusMarketTops(InstrumentRegistry registry, MarketState market, EgressEncoder egress, int maxEntries)
    {
        _registry = registry;
        _market = market;
        _egress = egress;
        _listings = Math.Min(registry.Listings.Count, maxEntries);
        _buffer = new byte[Sbe.EngineSchema.HeaderLength + Sbe.MarketTopsEncoder.BlockLength + 4 + (_listings * Sbe.MarketTopsEncoder.ListingsEncoder.BlockLength)];
    }

    public void Publish(ulong requestId, long journalSequence, long time)
    {
        var tops = Sbe.MarketTopsEncoder.WrapAndApplyHeader(_buffer, 0);
        tops.RequestId = requestId;
        tops.JournalSequence = (ulong)journalSequence;
        tops.Time = time;
        var group = tops.ListingsCount(_listings);
        for (int i = 1; i <= _listings; i++)
        {
            var id = new ListingId(i);
            Listing listing = _registry.GetListing(id);
            ref readonly TopOfBook top = ref _market.Top(id);
            sbyte price = (sbyte)-listing.Rules.PriceScale;
            sbyte quantity = (sbyte)-listing.Rules.QuantityScale;
            group.Next();
            group.ExchangeTime = top.ExchangeTime;
            group.Bid.SetMantissa(top.Bid.Units).SetExponent(price);
            group.BidQuantity.SetMantissa(top.BidQuantity.Units).SetExponent(quantity);
            group.Ask.SetMantissa(top.Ask.Units).SetExponent(price);
            group.AskQuantity.SetMantissa(top.AskQuantity.Units).SetExponent(quantity);
            group.InstrumentId = (uint)listing.Instrument.Id.Value;
            group.VenueId = (ushort)listing.Venue.Id.Value;
            group.Stale = _market.IsStale(id) ? Sbe.BooleanType.True : Sbe.BooleanType.False;
        }

        _egress.Publish(Sbe.MarketTopsEncoder.TemplateId, _buffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + tops.EncodedLength));
    }
}
