using System.Text.Json;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Json;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Coinbase;

/// <summary>
/// Coinbase Exchange (formerly Pro) WebSocket feed, legacy channels: <c>level2</c> (a <c>snapshot</c> of the whole
/// aggregated book, then <c>l2update</c>s whose <c>changes</c> are <c>["buy"|"sell","price","size"]</c>, a size of
/// "0" removing the level), <c>matches</c> (<c>match</c>, and <c>last_match</c> on subscribing) and <c>ticker</c>.
/// The symbol is the <c>product_id</c> as written ("BTC-USD").
/// <para>
/// Sequencing. Coinbase numbers messages per product with <c>sequence</c>, the product's full-channel sequence, which
/// increases by exactly one per order-book event. The level2 channel of the recorded era carries none: its book is
/// built from the snapshot and every update applied in order, and a crossed book is the only sign of a lost one.
/// When a level2 message does carry <c>sequence</c>, its chain is checked: an update must be the last one plus one
/// (a jump is a gap: the book goes stale until a new snapshot), one at or before it is a duplicate and dropped.
/// <c>match</c> and <c>ticker</c> carry the same full-channel number but only sample it (one trade between hundreds of
/// order events: COINBASE.ws.28.0 never has two consecutive), so a jump there is normal and not a gap; a message at or
/// before the last one of its channel (a resend, or <c>last_match</c> replaying a trade already passed on) is dropped.
/// </para>
/// <para>
/// Coinbase sends a book again only on a new subscription, so an update for a book that is not live is dropped (a
/// live gateway resubscribes on <see cref="VenueFeed.SnapshotWanted"/>). A level2 message that cannot be read, once
/// its product is known, makes that book stale: an update was lost and the copy is wrong from here on.
/// </para>
/// </summary>
public sealed class CoinbaseFeed : VenueFeed
{
    /// <summary>
    /// The most levels one snapshot may carry: level2's is the whole book (every price anyone rests an order at), far
    /// deeper than other venues' (VenueJson's limit); a few hundred thousand is still absurd.
    /// </summary>
    private const int MaxSnapshotLevels = 400_000;

    // Per product, the sequence of the last match and ticker passed on (made once per product, then reused).
    private readonly Dictionary<FeedInstrument, ChannelSequences> _sequences = [];

    public CoinbaseFeed(FeedInstruments instruments, IMarketDataSink sink, FeedCounters counters)
        : base("coinbase", instruments, sink, counters)
    {
    }

    public override void OnMessage(ReadOnlySpan<byte> json, long receiveNanos)
    {
        Counters.Messages++;
        var reader = new Utf8JsonReader(json);
        var message = default(CoinbaseMessage);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                BadInput(BadInputKind.MalformedJson, "a message that is not a JSON object");
                return;
            }

            bool read = message.Read(ref reader);
            if (IsSession(message.Type))
            {
                return;
            }

            if (!read || message.Type.IsEmpty || message.ProductId.IsEmpty)
            {
                BadInput(BadInputKind.MissingField, "a message without type or product_id, or whose sequence or trade_id is not a number");
                StaleIfBook(ref message, receiveNanos);
                return;
            }

            Dispatch(ref message, receiveNanos);
        }
        catch (JsonException e)
        {
            BadInput(BadInputKind.MalformedJson, $"unreadable JSON ({e.Message})");
            StaleIfBook(ref message, receiveNanos);
        }
    }

    /// <summary>The session talking (subscription answers, heartbeats, status, errors): not market data.</summary>
    private static bool IsSession(ReadOnlySpan<byte> type) =>
        type.SequenceEqual("subscriptions"u8) || type.SequenceEqual("heartbeat"u8) || type.SequenceEqual("status"u8) || type.SequenceEqual("error"u8);

    private static bool IsBook(ReadOnlySpan<byte> type) => type.SequenceEqual("snapshot"u8) || type.SequenceEqual("l2update"u8);

    private void Dispatch(ref CoinbaseMessage message, long receiveNanos)
    {
        ReadOnlySpan<byte> type = message.Type;
        bool trade = type.SequenceEqual("match"u8) || type.SequenceEqual("last_match"u8);
        bool ticker = type.SequenceEqual("ticker"u8);
        if (!IsBook(type) && !trade && !ticker)
        {
            BadInput(BadInputKind.Unsupported, $"a message of type '{System.Text.Encoding.UTF8.GetString(type)}'");
            return;
        }

        FeedInstrument? instrument = Find(message.ProductId);
        if (instrument is null)
        {
            return;
        }

        long exchangeNanos = 0;
        if (!message.Time.IsEmpty && !IsoTime.TryParseNanos(message.Time, out exchangeNanos))
        {
            BadInput(BadInputKind.BadNumber, $"{instrument.Symbol}: a time that is not ISO-8601 UTC");
            if (IsBook(type))
            {
                StaleIfLive(instrument, receiveNanos);
            }

            return;
        }

        if (type.SequenceEqual("snapshot"u8))
        {
            OnSnapshot(instrument, ref message, exchangeNanos, receiveNanos);
        }
        else if (type.SequenceEqual("l2update"u8))
        {
            OnUpdate(instrument, ref message, exchangeNanos, receiveNanos);
        }
        else if (trade)
        {
            OnMatch(instrument, ref message, exchangeNanos, receiveNanos);
        }
        else
        {
            OnTicker(instrument, ref message, exchangeNanos, receiveNanos);
        }
    }

    private void OnSnapshot(FeedInstrument instrument, ref CoinbaseMessage message, long exchangeNanos, long receiveNanos)
    {
        int count = 0;
        if (!message.HasBids || !message.HasAsks
            || !ReadLevels(instrument, ref message.Bids, Side.Buy, ref count) || !ReadLevels(instrument, ref message.Asks, Side.Sell, ref count))
        {
            if (!message.HasBids || !message.HasAsks)
            {
                BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a snapshot without bids or asks");
            }

            StaleIfLive(instrument, receiveNanos);
            return;
        }

        instrument.Book.Clear();
        WriteChanges(instrument, count);
        SnapshotApplied(instrument, message.HasSequence ? message.Sequence : NoSequence, exchangeNanos, receiveNanos);
    }

    private void OnUpdate(FeedInstrument instrument, ref CoinbaseMessage message, long exchangeNanos, long receiveNanos)
    {
        if (instrument.State != BookState.Live)
        {
            Counters.UpdatesDropped++;      // no book to apply it to until the next subscription's snapshot
            return;
        }

        long sequence = NoSequence;
        if (message.HasSequence)
        {
            sequence = message.Sequence;
            if (instrument.LastSequence != NoSequence)
            {
                if (sequence <= instrument.LastSequence)
                {
                    Counters.UpdatesDropped++;      // a duplicate or an older update: already in the book
                    return;
                }

                if (sequence != instrument.LastSequence + 1)
                {
                    Gap(instrument, sequence, instrument.LastSequence + 1, receiveNanos);
                    return;
                }
            }
        }

        int count = 0;
        if (!message.HasChanges || !ReadChanges(instrument, ref message.Changes, ref count))
        {
            if (!message.HasChanges)
            {
                BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: an l2update without changes");
            }

            MarkStale(instrument, StaleReason.BadMessage, 0, 0, receiveNanos);
            return;
        }

        ApplyUpdate(instrument, count, sequence, exchangeNanos, receiveNanos);
    }

    /// <summary>A trade; <c>side</c> is the maker's (the resting order's), so the taker, the aggressor, is the other side.</summary>
    private void OnMatch(FeedInstrument instrument, ref CoinbaseMessage message, long exchangeNanos, long receiveNanos)
    {
        ChannelSequences last = SequencesOf(instrument);
        if (IsDuplicate(ref message, ref last.Match))
        {
            return;
        }

        Side? aggressor = message.Side.SequenceEqual("buy"u8) ? Side.Sell : message.Side.SequenceEqual("sell"u8) ? Side.Buy : null;
        if (!message.HasTradeId || aggressor is null
            || !VenueJson.TryParseUnsigned(message.Price, instrument.PriceScale, out long price) || price == 0
            || !VenueJson.TryParseUnsigned(message.Size, instrument.QuantityScale, out long size))
        {
            BadInput(BadInputKind.BadNumber, $"{instrument.Symbol}: a match without trade_id or side, or whose price or size is not a non-negative decimal at the instrument's scale");
            return;
        }

        var trade = new TradePrint(message.TradeId, price, size, aggressor, exchangeNanos, receiveNanos);
        Trade(instrument, in trade);
    }

    /// <summary>
    /// The ticker as the venue's best bid/offer, when it carries the sizes (<c>best_bid_size</c>, <c>best_ask_size</c>,
    /// added after the recorded era): a quote without them would say both sides are empty, so it is not passed on.
    /// </summary>
    private void OnTicker(FeedInstrument instrument, ref CoinbaseMessage message, long exchangeNanos, long receiveNanos)
    {
        ChannelSequences last = SequencesOf(instrument);
        if (IsDuplicate(ref message, ref last.Ticker) || !message.HasBestSizes)
        {
            return;
        }

        if (!VenueJson.TryParseUnsigned(message.BestBid, instrument.PriceScale, out long bid)
            || !VenueJson.TryParseUnsigned(message.BestBidSize, instrument.QuantityScale, out long bidSize)
            || !VenueJson.TryParseUnsigned(message.BestAsk, instrument.PriceScale, out long ask)
            || !VenueJson.TryParseUnsigned(message.BestAskSize, instrument.QuantityScale, out long askSize))
        {
            BadInput(BadInputKind.BadNumber, $"{instrument.Symbol}: a ticker whose best bid or ask is not a non-negative decimal at the instrument's scale");
            return;
        }

        var quote = new BestQuote(bid, bidSize, ask, askSize, message.HasSequence ? message.Sequence : NoSequence, exchangeNanos, receiveNanos);
        Quote(instrument, in quote);
    }

    /// <summary>Whether a sequenced match or ticker is at or before the last of its channel (dropped); else it becomes the last.</summary>
    private bool IsDuplicate(ref CoinbaseMessage message, ref long last)
    {
        if (!message.HasSequence)
        {
            return false;
        }

        if (message.Sequence <= last)
        {
            Counters.DuplicatesDropped++;
            return true;
        }

        last = message.Sequence;
        return false;
    }

    private ChannelSequences SequencesOf(FeedInstrument instrument)
    {
        if (!_sequences.TryGetValue(instrument, out ChannelSequences? sequences))
        {
            sequences = new ChannelSequences();
            _sequences.Add(instrument, sequences);
        }

        return sequences;
    }

    /// <summary>Snapshot levels are <c>["price","size"]</c>.</summary>
    private bool ReadLevels(FeedInstrument instrument, ref Utf8JsonReader reader, Side side, ref int count)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: snapshot levels that are not an array");
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            if (count == MaxSnapshotLevels)
            {
                BadInput(BadInputKind.TooManyLevels, $"{instrument.Symbol}: more than {MaxSnapshotLevels} levels in one snapshot");
                return false;
            }

            if (!ReadLevel(instrument, ref reader, side, ref count))
            {
                return false;
            }
        }

        return reader.TokenType == JsonTokenType.EndArray;
    }

    /// <summary>Update changes are <c>["buy"|"sell","price","size"]</c>.</summary>
    private bool ReadChanges(FeedInstrument instrument, ref Utf8JsonReader reader, ref int count)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: changes that are not an array");
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            if (count == VenueJson.MaxLevelsPerMessage)
            {
                BadInput(BadInputKind.TooManyLevels, $"{instrument.Symbol}: more than {VenueJson.MaxLevelsPerMessage} changes in one l2update");
                return false;
            }

            reader.Read();
            bool buy = VenueJson.Is(ref reader, "buy"u8);
            if (reader.TokenType != JsonTokenType.String || (!buy && !VenueJson.Is(ref reader, "sell"u8)))
            {
                BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a change whose side is neither buy nor sell");
                return false;
            }

            if (!ReadLevel(instrument, ref reader, SideOf(buy), ref count))
            {
                return false;
            }
        }

        return reader.TokenType == JsonTokenType.EndArray;
    }

    /// <summary>Reads <c>"price","size"]</c> (the reader at the element before the price) into the change buffer.</summary>
    private bool ReadLevel(FeedInstrument instrument, ref Utf8JsonReader reader, Side side, ref int count)
    {
        reader.Read();
        bool priceOk = VenueJson.TryReadUnsigned(ref reader, instrument.PriceScale, out long price, out _);
        reader.Read();
        bool sizeOk = VenueJson.TryReadUnsigned(ref reader, instrument.QuantityScale, out long size, out _);
        if (!priceOk || !sizeOk || price == 0)
        {
            BadInput(BadInputKind.BadNumber, $"{instrument.Symbol}: a level whose price or size is not a non-negative decimal at scale {instrument.PriceScale} / {instrument.QuantityScale}");
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Skip();      // Coinbase adds nothing after the size today; tolerate it if it does
        }

        AddChange(ref count, new LevelChange(side, price, size), 0, 0);
        return true;
    }

    /// <summary>A level2 message for a known product that could not be used: its book is stale.</summary>
    private void StaleIfBook(ref CoinbaseMessage message, long receiveNanos)
    {
        if (IsBook(message.Type) && !message.ProductId.IsEmpty && Instruments.TryFind(message.ProductId, out FeedInstrument instrument))
        {
            StaleIfLive(instrument, receiveNanos);
        }
    }

    private void StaleIfLive(FeedInstrument instrument, long receiveNanos)
    {
        if (instrument.State == BookState.Live)
        {
            MarkStale(instrument, StaleReason.BadMessage, 0, 0, receiveNanos);
        }
    }

    /// <summary>The last sequence of a product's match and ticker channels.</summary>
    private sealed class ChannelSequences
    {
        public long Match = -1;
        public long Ticker = -1;
    }
}
