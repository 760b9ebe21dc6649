using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// Market-data inputs (best bid/offer, trades, L2 snapshots and updates, L3 order events), each about one listing:
/// it updates the listing's <see cref="MarketState"/>, the marks it is a source of (<see cref="MarkPrices"/>), and
/// tells the strategies. A message for a listing the registry does not know, or with impossible values, is counted as
/// ignored and changes nothing. Owned by the BLP thread.
/// </summary>
internal sealed class MarketDataHandler
{
    private readonly InputContext _input;
    private readonly EngineCounters _counters;
    private readonly MarketState _market;
    private readonly MarkPrices _marks;
    private readonly ListingResolver _listings;
    private readonly StrategyHost _strategies;

    public MarketDataHandler(InputContext input, EngineCounters counters, MarketState market, MarkPrices marks, ListingResolver listings, StrategyHost strategies)
    {
        _input = input;
        _counters = counters;
        _market = market;
        _marks = marks;
        _listings = listings;
        _strategies = strategies;
    }

    public void OnBestBidOffer(Sbe.BestBidOfferDecoder bbo)
    {
        ListingId listing = _listings.Resolve(bbo.VenueId, bbo.InstrumentId);
        if (!Accept(listing, valid: true, bbo.GatewayReceiveTime))
        {
            return;
        }

        Price bid = WireConversions.ToPrice(bbo.BidPrice.Mantissa);
        Price ask = WireConversions.ToPrice(bbo.AskPrice.Mantissa);
        bool changed = _market.SetTop(listing, bid, new Quantity(bbo.BidQuantity.Mantissa), ask, new Quantity(bbo.AskQuantity.Mantissa), bbo.ExchangeTime, (long)bbo.VenueSequence);
        AfterTopChange(listing, changed);
    }

    public void OnTrade(Sbe.TradeDecoder trade)
    {
        ListingId listing = _listings.Resolve(trade.VenueId, trade.InstrumentId);
        if (!Accept(listing, trade.Price.Mantissa > 0 && trade.Quantity.Mantissa > 0, trade.GatewayReceiveTime))
        {
            return;
        }

        bool hasAggressor = WireConversions.TryToSide(trade.AggressorSide, out Side aggressor);
        var print = new MarketTrade(listing, _market.Top(listing).Instrument, new Price(trade.Price.Mantissa), new Quantity(trade.Quantity.Mantissa), aggressor, hasAggressor, trade.ExchangeTime);
        _market.SetLastTrade(print, (long)trade.VenueSequence);
        _strategies.OnTrade(print);
    }

    /// <summary>A whole book: it replaces the listing's, and being complete it makes a stale book fresh again.</summary>
    public void OnL2Snapshot(Sbe.L2SnapshotDecoder snapshot)
    {
        ListingId listing = _listings.Resolve(snapshot.VenueId, snapshot.InstrumentId);
        if (!Accept(listing, valid: true, snapshot.GatewayReceiveTime))
        {
            return;
        }

        long exchangeTime = snapshot.ExchangeTime;
        long venueSequence = (long)snapshot.VenueSequence;
        _market.ClearBook(listing);
        Sbe.L2SnapshotDecoder.BidsDecoder bids = snapshot.Bids();
        while (bids.MoveNext())
        {
            _market.SetLevel(listing, Side.Buy, new Price(bids.Price.Mantissa), new Quantity(Math.Max(0, bids.Quantity.Mantissa)));
        }

        Sbe.L2SnapshotDecoder.AsksDecoder asks = snapshot.Asks();
        while (asks.MoveNext())
        {
            _market.SetLevel(listing, Side.Sell, new Price(asks.Price.Mantissa), new Quantity(Math.Max(0, asks.Quantity.Mantissa)));
        }

        bool refreshed = _market.SetStale(listing, false);
        AfterTopChange(listing, _market.TopFromBook(listing, exchangeTime, venueSequence) | refreshed);
    }

    public void OnL2Update(Sbe.L2UpdateDecoder update)
    {
        ListingId listing = _listings.Resolve(update.VenueId, update.InstrumentId);
        if (!Accept(listing, valid: true, update.GatewayReceiveTime))
        {
            return;
        }

        long exchangeTime = update.ExchangeTime;
        long venueSequence = (long)update.VenueSequence;
        Sbe.L2UpdateDecoder.LevelsDecoder levels = update.Levels();
        while (levels.MoveNext())
        {
            if (!WireConversions.TryToSide(levels.Side, out Side side) || levels.Price.Mantissa <= 0)
            {
                continue;
            }

            long quantity = levels.Action == Sbe.UpdateAction.Delete ? 0 : Math.Max(0, levels.Quantity.Mantissa);
            _market.SetLevel(listing, side, new Price(levels.Price.Mantissa), new Quantity(quantity));
        }

        AfterTopChange(listing, _market.TopFromBook(listing, exchangeTime, venueSequence));
    }

    // L3 messages maintain the listing's order-by-order mirror; the L2 book and the top follow it. A message naming
    // an order the mirror does not hold is counted by MarketState (still market data: it was a valid message).
    public void OnL3OrderAdded(Sbe.L3OrderAddedDecoder added)
    {
        ListingId listing = _listings.Resolve(added.VenueId, added.InstrumentId);
        bool valid = WireConversions.TryToSide(added.Side, out Side side) && added.Price.Mantissa > 0 && added.Quantity.Mantissa > 0;
        if (!Accept(listing, valid, added.GatewayReceiveTime))
        {
            return;
        }

        _market.L3Add(listing, (long)added.VenueOrderId, side, new Price(added.Price.Mantissa), new Quantity(added.Quantity.Mantissa), (long)added.VenueSequence);
        AfterTopChange(listing, _market.TopFromBook(listing, added.ExchangeTime, (long)added.VenueSequence));
    }

    public void OnL3OrderModified(Sbe.L3OrderModifiedDecoder modified)
    {
        ListingId listing = _listings.Resolve(modified.VenueId, modified.InstrumentId);
        if (!Accept(listing, modified.Price.Mantissa > 0 && modified.Quantity.Mantissa >= 0, modified.GatewayReceiveTime))
        {
            return;
        }

        _market.L3Modify(listing, (long)modified.VenueOrderId, new Price(modified.Price.Mantissa), new Quantity(modified.Quantity.Mantissa), (long)modified.VenueSequence);
        AfterTopChange(listing, _market.TopFromBook(listing, modified.ExchangeTime, (long)modified.VenueSequence));
    }

    public void OnL3OrderDeleted(Sbe.L3OrderDeletedDecoder deleted)
    {
        ListingId listing = _listings.Resolve(deleted.VenueId, deleted.InstrumentId);
        if (!Accept(listing, valid: true, deleted.GatewayReceiveTime))
        {
            return;
        }

        _market.L3Delete(listing, (long)deleted.VenueOrderId, (long)deleted.VenueSequence);
        AfterTopChange(listing, _market.TopFromBook(listing, deleted.ExchangeTime, (long)deleted.VenueSequence));
    }

    public void OnL3OrderExecuted(Sbe.L3OrderExecutedDecoder executed)
    {
        ListingId listing = _listings.Resolve(executed.VenueId, executed.InstrumentId);
        if (!Accept(listing, executed.ExecutedQuantity.Mantissa > 0, executed.GatewayReceiveTime))
        {
            return;
        }

        long exchangeTime = executed.ExchangeTime;
        long venueSequence = (long)executed.VenueSequence;
        var quantity = new Quantity(executed.ExecutedQuantity.Mantissa);
        Price price = WireConversions.ToPrice(executed.Price.Mantissa);
        bool known = _market.L3Execute(listing, (long)executed.VenueOrderId, quantity, venueSequence, out Engine.Matching.BookOrder resting);
        Side restingSide = resting.Side;
        bool hasSide = known || WireConversions.TryToSide(executed.Side, out restingSide);
        if (price.Units <= 0)
        {
            price = resting.Price;
        }

        AfterTopChange(listing, _market.TopFromBook(listing, exchangeTime, venueSequence));
        if (price.Units <= 0)
        {
            // An unknown order without an explicit price: there is no price to print.
            return;
        }

        // The resting order was the maker, so the aggressor is the other side.
        Side aggressor = restingSide == Side.Buy ? Side.Sell : Side.Buy;
        var print = new MarketTrade(listing, _market.Top(listing).Instrument, price, quantity, aggressor, hasSide, exchangeTime);
        _market.SetLastTrade(print, venueSequence);
        _strategies.OnTrade(print);
    }

    /// <summary>
    /// A bar (kline) is market data about its listing, but nothing in the BLP's state is derived from it: books, tops,
    /// last trades and marks come from the messages that describe them exactly, and a bar only summarises a past
    /// interval. It is validated (a known listing, a positive range with open and close inside it) and counted.
    /// </summary>
    public void OnBar(Sbe.BarDecoder bar)
    {
        ListingId listing = _listings.Resolve(bar.VenueId, bar.InstrumentId);
        long low = bar.Low.Mantissa;
        long high = bar.High.Mantissa;
        bool valid = low > 0 && low <= high && bar.Open.Mantissa >= low && bar.Open.Mantissa <= high
            && bar.Close.Mantissa >= low && bar.Close.Mantissa <= high && bar.Volume.Mantissa >= 0 && bar.Interval > 0;
        Accept(listing, valid, bar.GatewayReceiveTime);
    }

    /// <summary>The current input is market data; orders it causes measure tick-to-trade from its gateway receive time.</summary>
    /// <summary>
    /// Starts applying a market-data input about <paramref name="listing"/>, or counts it ignored when it names no
    /// listing this engine knows or is not <paramref name="valid"/> (a price or quantity it cannot hold).
    /// </summary>
    private bool Accept(ListingId listing, bool valid, long gatewayReceiveTime)
    {
        if (listing.IsNone || !valid)
        {
            _counters.IgnoredInputs++;
            return false;
        }

        _counters.MarketData++;
        _input.MarketData(gatewayReceiveTime);
        return true;
    }

    private void AfterTopChange(ListingId listing, bool changed)
    {
        _marks.OnTopChanged(listing);
        if (changed)
        {
            _strategies.OnBook(_market.Top(listing));
        }
    }
}
