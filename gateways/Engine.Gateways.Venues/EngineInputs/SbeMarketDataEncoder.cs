using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.Venues.Books;
using Engine.Gateways.Venues.Feeds;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.EngineInputs;

/// <summary>
/// Turns what a feed normalized into the engine's SBE inputs, each handed to <see cref="Sink"/> (the gateway's
/// ingress, or a test's): <c>L2Snapshot</c>, <c>L2Update</c>, <c>Trade</c>, <c>BestBidOffer</c>, a
/// <c>SequenceGap</c> when a book goes stale (for any reason: the engine marks the listing's book stale) and a
/// <c>Resync</c> before the snapshot that rebuilds it. Exchange time is the venue's clock, gateway receive time
/// ours. Encodes into one reusable buffer: nothing allocates per message.
/// <para>
/// Every frame fits the engine's largest input (<see cref="Sbe.MessageCatalog.MaxInputLength"/>: a longer one would
/// be refused at ingress and never reach the BLP): a snapshot deeper than <see cref="SnapshotLevelsPerSide"/> levels a
/// side is sent as an <c>L2Snapshot</c> of the best levels followed by <c>L2Update</c>s adding the rest (action New),
/// all with the snapshot's sequence, and an update of more than <see cref="UpdateLevelsPerFrame"/> levels as several
/// <c>L2Update</c>s with its sequence; the engine's copy still holds every level.
/// </para>
/// </summary>
public sealed class SbeMarketDataEncoder<TSink> : IMarketDataSink
    where TSink : IFrameSink
{
    /// <summary>Levels of one L2Update frame: as many as fit the engine's largest input (24 at 18 bytes each).</summary>
    public const int UpdateLevelsPerFrame =
        (Sbe.MessageCatalog.MaxInputLength - Sbe.EngineSchema.HeaderLength - Sbe.L2UpdateEncoder.BlockLength - Sbe.L2UpdateEncoder.LevelsEncoder.HeaderLength)
        / Sbe.L2UpdateEncoder.LevelsEncoder.BlockLength;

    /// <summary>Levels a side of one L2Snapshot frame carries (10 at 20 bytes each); deeper levels follow as L2Updates.</summary>
    public const int SnapshotLevelsPerSide =
        (Sbe.MessageCatalog.MaxInputLength - Sbe.EngineSchema.HeaderLength - Sbe.L2SnapshotEncoder.BlockLength - Sbe.L2SnapshotEncoder.BidsEncoder.HeaderLength - Sbe.L2SnapshotEncoder.AsksEncoder.HeaderLength)
        / Sbe.L2SnapshotEncoder.BidsEncoder.BlockLength / 2;

    private readonly byte[] _frame = new byte[Sbe.MessageCatalog.MaxInputLength];
    private readonly Dictionary<FeedInstrument, StaleReason> _staleReasons = [];

    /// <summary>Where frames go; a struct sink is set by the adapter before each batch of work.</summary>
    public TSink Sink;

    public SbeMarketDataEncoder(TSink sink) => Sink = sink;

    public long Frames { get; private set; }

    public void OnBookSnapshot(FeedInstrument instrument, long sequence, long exchangeNanos, long receiveNanos, bool resync)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (resync)
        {
            var marker = Sbe.ResyncEncoder.WrapAndApplyHeader(_frame, 0);
            marker.ExchangeTime = exchangeNanos;
            marker.GatewayReceiveTime = receiveNanos;
            marker.VenueSequence = (ulong)sequence;
            marker.InstrumentId = (uint)instrument.InstrumentId;
            marker.VenueId = (ushort)instrument.VenueId;
            marker.Reason = _staleReasons.TryGetValue(instrument, out StaleReason why) && why == StaleReason.ChecksumMismatch ? Sbe.ResyncReason.ChecksumMismatch : Sbe.ResyncReason.SequenceGap;
            Emit(Sbe.ResyncEncoder.TemplateId, marker.Limit);
        }

        VenueBook book = instrument.Book;
        int bids = Math.Min(book.LevelCount(Side.Buy), SnapshotLevelsPerSide);
        int asks = Math.Min(book.LevelCount(Side.Sell), SnapshotLevelsPerSide);
        var snapshot = Sbe.L2SnapshotEncoder.WrapAndApplyHeader(_frame, 0);
        snapshot.ExchangeTime = exchangeNanos;
        snapshot.GatewayReceiveTime = receiveNanos;
        snapshot.VenueSequence = (ulong)sequence;
        snapshot.InstrumentId = (uint)instrument.InstrumentId;
        snapshot.VenueId = (ushort)instrument.VenueId;
        var bidGroup = snapshot.BidsCount(bids);
        for (int depth = 0; depth < bids; depth++)
        {
            book.TryGetLevel(Side.Buy, depth, out long price, out long quantity);
            bidGroup.Next();
            bidGroup.Price.SetMantissa(price);
            bidGroup.Quantity.SetMantissa(quantity);
            bidGroup.OrderCount = 0;
        }

        var askGroup = snapshot.AsksCount(asks);
        for (int depth = 0; depth < asks; depth++)
        {
            book.TryGetLevel(Side.Sell, depth, out long price, out long quantity);
            askGroup.Next();
            askGroup.Price.SetMantissa(price);
            askGroup.Quantity.SetMantissa(quantity);
            askGroup.OrderCount = 0;
        }

        Emit(Sbe.L2SnapshotEncoder.TemplateId, snapshot.Limit);
        AddDeeperLevels(instrument, Side.Buy, bids, sequence, exchangeNanos, receiveNanos);
        AddDeeperLevels(instrument, Side.Sell, asks, sequence, exchangeNanos, receiveNanos);
    }

    public void OnBookUpdate(FeedInstrument instrument, ReadOnlySpan<LevelChange> changes, long sequence, long exchangeNanos, long receiveNanos)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        for (int start = 0; start < changes.Length || start == 0; start += UpdateLevelsPerFrame)
        {
            ReadOnlySpan<LevelChange> part = changes.Slice(start, Math.Min(UpdateLevelsPerFrame, changes.Length - start));
            var update = StartUpdate(instrument, sequence, exchangeNanos, receiveNanos);
            var levels = update.LevelsCount(part.Length);
            foreach (ref readonly LevelChange change in part)
            {
                levels.Next();
                levels.Price.SetMantissa(change.Price);
                levels.Quantity.SetMantissa(change.Quantity);
                levels.Side = change.Side == Side.Buy ? Sbe.BookSide.Bid : Sbe.BookSide.Ask;

                // The feed knows the level's new total; whether it existed before does not matter to the engine's book.
                levels.Action = change.Quantity == 0 ? Sbe.UpdateAction.Delete : Sbe.UpdateAction.Change;
            }

            Emit(Sbe.L2UpdateEncoder.TemplateId, update.Limit);
            if (changes.Length == 0)
            {
                break;
            }
        }
    }

    public void OnTrade(FeedInstrument instrument, in TradePrint trade)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var encoder = Sbe.TradeEncoder.WrapAndApplyHeader(_frame, 0);
        encoder.ExchangeTime = trade.ExchangeNanos;
        encoder.GatewayReceiveTime = trade.ReceiveNanos;
        // Venues number trades, not trade messages: the trade id is the sequence a reader can check prints against.
        encoder.VenueSequence = (ulong)Math.Max(0, trade.TradeId);
        encoder.TradeId = (ulong)Math.Max(0, trade.TradeId);
        encoder.Price.SetMantissa(trade.Price);
        encoder.Quantity.SetMantissa(trade.Quantity);
        encoder.InstrumentId = (uint)instrument.InstrumentId;
        encoder.VenueId = (ushort)instrument.VenueId;
        encoder.AggressorSide = trade.Aggressor switch
        {
            Side.Buy => Sbe.Side.Buy,
            Side.Sell => Sbe.Side.Sell,
            _ => Sbe.Side.NullValue,
        };
        Emit(Sbe.TradeEncoder.TemplateId, encoder.Limit);
    }

    public void OnBestQuote(FeedInstrument instrument, in BestQuote quote)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var encoder = Sbe.BestBidOfferEncoder.WrapAndApplyHeader(_frame, 0);
        encoder.ExchangeTime = quote.ExchangeNanos;
        encoder.GatewayReceiveTime = quote.ReceiveNanos;
        encoder.VenueSequence = (ulong)Math.Max(0, quote.Sequence);
        encoder.BidPrice.SetMantissa(quote.BidQuantity == 0 ? long.MinValue : quote.BidPrice);
        encoder.BidQuantity.SetMantissa(quote.BidQuantity);
        encoder.AskPrice.SetMantissa(quote.AskQuantity == 0 ? long.MinValue : quote.AskPrice);
        encoder.AskQuantity.SetMantissa(quote.AskQuantity);
        encoder.InstrumentId = (uint)instrument.InstrumentId;
        encoder.VenueId = (ushort)instrument.VenueId;
        Emit(Sbe.BestBidOfferEncoder.TemplateId, encoder.Limit);
    }

    public void OnBookStale(FeedInstrument instrument, StaleReason reason, long receivedSequence, long expectedSequence, long receiveNanos)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        _staleReasons[instrument] = reason;
        var gap = Sbe.SequenceGapEncoder.WrapAndApplyHeader(_frame, 0);
        gap.ExchangeTime = 0;     // the gateway decided it, at its receive time: no venue clock says when
        gap.GatewayReceiveTime = receiveNanos;
        gap.VenueSequence = (ulong)Math.Max(0, receivedSequence);
        gap.ExpectedSequence = (ulong)Math.Max(0, expectedSequence);
        gap.InstrumentId = (uint)instrument.InstrumentId;
        gap.VenueId = (ushort)instrument.VenueId;
        Emit(Sbe.SequenceGapEncoder.TemplateId, gap.Limit);
    }

    private Sbe.L2UpdateEncoder StartUpdate(FeedInstrument instrument, long sequence, long exchangeNanos, long receiveNanos)
    {
        var update = Sbe.L2UpdateEncoder.WrapAndApplyHeader(_frame, 0);
        update.ExchangeTime = exchangeNanos;
        update.GatewayReceiveTime = receiveNanos;
        update.VenueSequence = (ulong)sequence;
        update.InstrumentId = (uint)instrument.InstrumentId;
        update.VenueId = (ushort)instrument.VenueId;
        return update;
    }

    private void AddDeeperLevels(FeedInstrument instrument, Side side, int sent, long sequence, long exchangeNanos, long receiveNanos)
    {
        VenueBook book = instrument.Book;
        int total = book.LevelCount(side);
        while (sent < total)
        {
            int count = Math.Min(UpdateLevelsPerFrame, total - sent);
            var update = StartUpdate(instrument, sequence, exchangeNanos, receiveNanos);
            var levels = update.LevelsCount(count);
            for (int depth = sent; depth < sent + count; depth++)
            {
                book.TryGetLevel(side, depth, out long price, out long quantity);
                levels.Next();
                levels.Price.SetMantissa(price);
                levels.Quantity.SetMantissa(quantity);
                levels.Side = side == Side.Buy ? Sbe.BookSide.Bid : Sbe.BookSide.Ask;
                levels.Action = Sbe.UpdateAction.New;
            }

            Emit(Sbe.L2UpdateEncoder.TemplateId, update.Limit);
            sent += count;
        }
    }

    private void Emit(int templateId, int length)
    {
        Frames++;
        Sink.OnFrame(templateId, _frame.AsSpan(0, length));
    }
}
