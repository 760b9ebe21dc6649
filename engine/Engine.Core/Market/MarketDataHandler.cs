using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// Market-data inputs (best bid/offer, trades, L2 snapshots and updates, L3 order events): each updates the
/// <see cref="MarketState"/>, sets risk's mark price when the top moved, and tells the strategies. A message for an
/// instrument the registry does not know, or with impossible values, is counted as ignored and changes nothing.
/// Owned by the BLP thread.
/// </summary>
internal sealed class MarketDataHandler
{
    private readonly InputContext _input;
    private readonly EngineCounters _counters;
    private readonly MarketState _market;
    private readonly RiskEngine _risk;
    private readonly TradedInstruments _traded;
    private readonly StrategyHost _strategies;

    public MarketDataHandler(InputContext input, EngineCounters counters, MarketState market, RiskEngine risk, TradedInstruments traded, StrategyHost strategies)
    {
        _input = input;
        _counters = counters;
        _market = market;
        _risk = risk;
        _traded = traded;
        _strategies = strategies;
    }

    public void OnBestBidOffer(Sbe.BestBidOfferDecoder bbo)
    {
        var instrument = new InstrumentId((int)bbo.InstrumentId);
        if (!_market.IsKnown(instrument))
        {
            _counters.IgnoredInputs++;
            return;
        }

        Begin(bbo.VenueTime);
        Price bid = WireConversions.ToPrice(bbo.BidPrice.Mantissa);
        Price ask = WireConversions.ToPrice(bbo.AskPrice.Mantissa);
        bool changed = _market.SetTop(instrument, bid, new Quantity(bbo.BidQuantity.Mantissa), ask, new Quantity(bbo.AskQuantity.Mantissa), bbo.VenueTime, (long)bbo.VenueSequence);
        AfterTopChange(instrument, changed);
    }

    public void OnTrade(Sbe.TradeDecoder trade)
    {
        var instrument = new InstrumentId((int)trade.InstrumentId);
        if (!_market.IsKnown(instrument) || trade.Price.Mantissa <= 0 || trade.Quantity.Mantissa <= 0)
        {
            _counters.IgnoredInputs++;
            return;
        }

        Begin(trade.VenueTime);
        bool hasAggressor = WireConversions.TryToSide(trade.AggressorSide, out Side aggressor);
        var print = new MarketTrade(instrument, new Price(trade.Price.Mantissa), new Quantity(trade.Quantity.Mantissa), aggressor, hasAggressor, trade.VenueTime);
        _market.SetLastTrade(print, (long)trade.VenueSequence);
        _strategies.OnTrade(print);
    }

    public void OnL2Snapshot(Sbe.L2SnapshotDecoder snapshot)
    {
        var instrument = new InstrumentId((int)snapshot.InstrumentId);
        if (!_market.IsKnown(instrument))
        {
            _counters.IgnoredInputs++;
            return;
        }

        Begin(snapshot.VenueTime);
        long venueTime = snapshot.VenueTime;
        long venueSequence = (long)snapshot.VenueSequence;
        _market.ClearBook(instrument);
        Sbe.L2SnapshotDecoder.BidsDecoder bids = snapshot.Bids();
        while (bids.MoveNext())
        {
            _market.SetLevel(instrument, Side.Buy, new Price(bids.Price.Mantissa), new Quantity(Math.Max(0, bids.Quantity.Mantissa)));
        }

        Sbe.L2SnapshotDecoder.AsksDecoder asks = snapshot.Asks();
        while (asks.MoveNext())
        {
            _market.SetLevel(instrument, Side.Sell, new Price(asks.Price.Mantissa), new Quantity(Math.Max(0, asks.Quantity.Mantissa)));
        }

        AfterTopChange(instrument, _market.TopFromBook(instrument, venueTime, venueSequence));
    }

    public void OnL2Update(Sbe.L2UpdateDecoder update)
    {
        var instrument = new InstrumentId((int)update.InstrumentId);
        if (!_market.IsKnown(instrument))
        {
            _counters.IgnoredInputs++;
            return;
        }

        Begin(update.VenueTime);
        long venueTime = update.VenueTime;
        long venueSequence = (long)update.VenueSequence;
        Sbe.L2UpdateDecoder.LevelsDecoder levels = update.Levels();
        while (levels.MoveNext())
        {
            if (!WireConversions.TryToSide(levels.Side, out Side side) || levels.Price.Mantissa <= 0)
            {
                continue;
            }

            long quantity = levels.Action == Sbe.UpdateAction.Delete ? 0 : Math.Max(0, levels.Quantity.Mantissa);
            _market.SetLevel(instrument, side, new Price(levels.Price.Mantissa), new Quantity(quantity));
        }

        AfterTopChange(instrument, _market.TopFromBook(instrument, venueTime, venueSequence));
    }

    // L3 messages maintain the instrument's order-by-order mirror; the L2 book and the top follow it. A message naming
    // an order the mirror does not hold is counted by MarketState (still market data: it was a valid message).
    public void OnL3OrderAdded(Sbe.L3OrderAddedDecoder added)
    {
        var instrument = new InstrumentId((int)added.InstrumentId);
        if (!_market.IsKnown(instrument) || !WireConversions.TryToSide(added.Side, out Side side) || added.Price.Mantissa <= 0 || added.Quantity.Mantissa <= 0)
        {
            _counters.IgnoredInputs++;
            return;
        }

        Begin(added.VenueTime);
        _market.L3Add(instrument, (long)added.VenueOrderId, side, new Price(added.Price.Mantissa), new Quantity(added.Quantity.Mantissa), (long)added.VenueSequence);
        AfterTopChange(instrument, _market.TopFromBook(instrument, added.VenueTime, (long)added.VenueSequence));
    }

    public void OnL3OrderModified(Sbe.L3OrderModifiedDecoder modified)
    {
        var instrument = new InstrumentId((int)modified.InstrumentId);
        if (!_market.IsKnown(instrument) || modified.Price.Mantissa <= 0 || modified.Quantity.Mantissa < 0)
        {
            _counters.IgnoredInputs++;
            return;
        }

        Begin(modified.VenueTime);
        _market.L3Modify(instrument, (long)modified.VenueOrderId, new Price(modified.Price.Mantissa), new Quantity(modified.Quantity.Mantissa), (long)modified.VenueSequence);
        AfterTopChange(instrument, _market.TopFromBook(instrument, modified.VenueTime, (long)modified.VenueSequence));
    }

    public void OnL3OrderDeleted(Sbe.L3OrderDeletedDecoder deleted)
    {
        var instrument = new InstrumentId((int)deleted.InstrumentId);
        if (!_market.IsKnown(instrument))
        {
            _counters.IgnoredInputs++;
            return;
        }

        Begin(deleted.VenueTime);
        _market.L3Delete(instrument, (long)deleted.VenueOrderId, (long)deleted.VenueSequence);
        AfterTopChange(instrument, _market.TopFromBook(instrument, deleted.VenueTime, (long)deleted.VenueSequence));
    }

    public void OnL3OrderExecuted(Sbe.L3OrderExecutedDecoder executed)
    {
        var instrument = new InstrumentId((int)executed.InstrumentId);
        if (!_market.IsKnown(instrument) || executed.ExecutedQuantity.Mantissa <= 0)
        {
            _counters.IgnoredInputs++;
            return;
        }

        Begin(executed.VenueTime);
        long venueTime = executed.VenueTime;
        long venueSequence = (long)executed.VenueSequence;
        var quantity = new Quantity(executed.ExecutedQuantity.Mantissa);
        Price price = WireConversions.ToPrice(executed.Price.Mantissa);
        bool known = _market.L3Execute(instrument, (long)executed.VenueOrderId, quantity, venueSequence, out Engine.Matching.BookOrder resting);
        Side restingSide = resting.Side;
        bool hasSide = known || WireConversions.TryToSide(executed.Side, out restingSide);
        if (price.Units <= 0)
        {
            price = resting.Price;
        }

        AfterTopChange(instrument, _market.TopFromBook(instrument, venueTime, venueSequence));
        if (price.Units <= 0)
        {
            // An unknown order without an explicit price: there is no price to print.
            return;
        }

        // The resting order was the maker, so the aggressor is the other side.
        Side aggressor = restingSide == Side.Buy ? Side.Sell : Side.Buy;
        var print = new MarketTrade(instrument, price, quantity, aggressor, hasSide, venueTime);
        _market.SetLastTrade(print, venueSequence);
        _strategies.OnTrade(print);
    }

    private void Begin(long exchangeTime)
    {
        _counters.MarketData++;
        _input.MarketData(exchangeTime);
    }

    private void AfterTopChange(InstrumentId instrument, bool changed)
    {
        ref readonly TopOfBook top = ref _market.Top(instrument);
        if (_traded.TryGet(instrument) is not null && top.Mid.Units > 0)
        {
            _risk.SetMarkPrice(instrument, top.Mid);
        }

        if (changed)
        {
            _strategies.OnBook(top);
        }
    }
}
