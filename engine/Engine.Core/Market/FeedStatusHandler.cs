using Engine.Model;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// What venue gateways say about their feeds, as journaled inputs: a <c>SequenceGap</c> (the feed skipped updates, a
/// checksum failed, the book crossed, or it fell silent) marks the listing's book stale, so strategies and marks stop
/// trusting it; a <c>Resync</c> (the gateway rebuilt the book from a snapshot) or a full <c>L2Snapshot</c> makes it
/// fresh again; a <c>VenueStatus</c> records the venue's trading phase, and orders to a halted or closed listing are
/// refused. Each names a venue and an instrument, or the venue alone for all its listings. Owned by the BLP thread.
/// </summary>
internal sealed class FeedStatusHandler
{
    private readonly EngineCounters _counters;
    private readonly InstrumentRegistry _registry;
    private readonly MarketState _market;
    private readonly MarkPrices _marks;
    private readonly ListingResolver _listings;
    private readonly StrategyHost _strategies;

    public FeedStatusHandler(EngineCounters counters, InstrumentRegistry registry, MarketState market, MarkPrices marks, ListingResolver listings, StrategyHost strategies)
    {
        _counters = counters;
        _registry = registry;
        _market = market;
        _marks = marks;
        _listings = listings;
        _strategies = strategies;
    }

    public void OnSequenceGap(Sbe.SequenceGapDecoder gap)
    {
        if (!Each(gap.VenueId, gap.InstrumentId, Sbe.SequenceGapDecoder.InstrumentIdNullValue, stale: true, ListingPhase.Unknown, (long)gap.VenueSequence))
        {
            _counters.IgnoredInputs++;
            return;
        }

        _counters.FeedGaps++;
    }

    public void OnResync(Sbe.ResyncDecoder resync)
    {
        if (!Each(resync.VenueId, resync.InstrumentId, Sbe.ResyncDecoder.InstrumentIdNullValue, stale: false, ListingPhase.Unknown, (long)resync.VenueSequence))
        {
            _counters.IgnoredInputs++;
            return;
        }

        _counters.FeedResyncs++;
    }

    public void OnVenueStatus(Sbe.VenueStatusDecoder status)
    {
        ListingPhase phase = status.Status switch
        {
            Sbe.TradingStatus.PreOpen => ListingPhase.PreOpen,
            Sbe.TradingStatus.Open => ListingPhase.Open,
            Sbe.TradingStatus.Auction => ListingPhase.Auction,
            Sbe.TradingStatus.Halted => ListingPhase.Halted,
            Sbe.TradingStatus.Closed => ListingPhase.Closed,
            _ => ListingPhase.Unknown,
        };
        if (phase == ListingPhase.Unknown || !Each(status.VenueId, status.InstrumentId, Sbe.VenueStatusDecoder.InstrumentIdNullValue, stale: null, phase, (long)status.VenueSequence))
        {
            _counters.IgnoredInputs++;
        }
    }

    /// <summary>Applies the change to the one listing named, or to every listing of the venue; false when that names nothing.</summary>
    private bool Each(ushort venueId, uint instrumentId, uint instrumentNull, bool? stale, ListingPhase phase, long venueSequence)
    {
        if (instrumentId != instrumentNull)
        {
            ListingId listing = venueId == 0 ? ListingId.None : _listings.Resolve(venueId, instrumentId);
            if (listing.IsNone)
            {
                return false;
            }

            Apply(listing, stale, phase, venueSequence);
            return true;
        }

        bool any = false;
        foreach (Listing listing in _registry.Listings)
        {
            if (listing.Venue.Id.Value == venueId)
            {
                Apply(listing.Id, stale, phase, venueSequence);
                any = true;
            }
        }

        return any;
    }

    private void Apply(ListingId listing, bool? stale, ListingPhase phase, long venueSequence)
    {
        if (phase != ListingPhase.Unknown)
        {
            _market.SetPhase(listing, phase, venueSequence);
        }

        if (stale is { } value && _market.SetStale(listing, value))
        {
            // The book's trust changed: marks stop (or start again) using it, and strategies see the flag.
            _marks.OnTopChanged(listing);
            _strategies.OnBook(_market.Top(listing));
        }
    }
}
