using System.Text.Json;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Json;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Binance;

/// <summary>
/// Binance market data (spot, USD-M and COIN-M futures): the combined stream's <c>depthUpdate</c>, <c>bookTicker</c>,
/// <c>trade</c> and <c>aggTrade</c> events and the REST depth snapshot, kept in sync by Binance's documented
/// procedure (<see cref="BinanceDepthSync"/>). Depth events that arrive before a book's snapshot are kept (as
/// received bytes) and replayed through the same procedure once it arrives.
/// <para>
/// Every bookTicker is passed on as the venue's best bid/offer, and whenever it carries the update id of the last
/// depth event applied (before or after that event arrives) its prices and quantities are compared with the book's
/// top: <see cref="FeedCounters.BookTickerChecks"/> and <see cref="FeedCounters.BookTickerMismatches"/>. A mismatch
/// means the copy is wrong: the book goes stale.
/// </para>
/// </summary>
public sealed class BinanceFeed : VenueFeed
{
    /// <summary>Depth events kept per book while its snapshot is awaited; past this the oldest are dropped (the snapshot will be newer).</summary>
    public const int MaxBufferedEvents = 100_000;

    /// <summary>
    /// The book keeps the snapshot's depth a side (at least this many levels). Beyond it Binance's procedure leaves
    /// the copy incomplete ("price levels outside of the initial snapshot that have not changed will not be in the
    /// local order book"), so nothing there can be trusted, and keeping it cost the most: the USD-M copy grew to
    /// 11,700 bids and 10,100 asks in the recorded day, too large for the cache, and each change cost ~70 ns of
    /// cache misses (venue-normalize). Levels pushed beyond are removed, and the sink hears of each removal.
    /// </summary>
    public const int MinimumDepthWindow = 1_000;

    /// <summary>A side is cut back to its window once this many levels past it, so cuts come in batches, not one per insert.</summary>
    public const int DepthWindowSlack = 64;

    private readonly BinanceMarket _market;
    private readonly Dictionary<FeedInstrument, BinancePendingDepth> _pending = [];
    private readonly Dictionary<FeedInstrument, BestQuote> _tickers = [];
    private readonly BinanceLevelReader _levels;

    /// <summary>The level reader a replayed event is read with (<see cref="BinancePendingDepth"/>).</summary>
    internal BinanceLevelReader LevelReader => _levels;

    public BinanceFeed(BinanceMarket market, FeedInstruments instruments, IMarketDataSink sink, FeedCounters counters)
        : base(market switch { BinanceMarket.Spot => "binance", BinanceMarket.UsdM => "binance-usdm", _ => "binance-coinm" }, instruments, sink, counters)
    {
        _market = market;
        _levels = new BinanceLevelReader(Venue, instruments, counters);
    }

    public BinanceMarket Market => _market;

    public override void OnMessage(ReadOnlySpan<byte> json, long receiveNanos)
    {
        Counters.Messages++;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                BadInput(BadInputKind.MalformedJson, "a message that is not a JSON object");
                return;
            }

            // A combined stream wraps the event: {"stream":"btcusdt@depth@100ms","data":{...}}, read in place; a raw
            // stream is the event itself, read from the start once this pass has seen what kind of object it is.
            var message = default(BinanceMessage);
            message.LevelReader = _levels;
            bool wrapped = false;
            bool snapshot = false;
            bool answer = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isData = VenueJson.Is(ref reader, "data"u8);
                snapshot |= VenueJson.Is(ref reader, "lastUpdateId"u8);
                answer |= VenueJson.Is(ref reader, "result"u8) || VenueJson.Is(ref reader, "id"u8);
                reader.Read();
                if (isData)
                {
                    if (!message.Read(ref reader, json))
                    {
                        BadInput(BadInputKind.MalformedJson, "an event whose fields are not what Binance sends");
                        return;
                    }

                    wrapped = true;
                    continue;
                }

                reader.Skip();
            }

            if (!wrapped)
            {
                if (snapshot && Instruments.Count == 1)
                {
                    // A REST snapshot recorded in the stream (hftbacktest's files): it names no symbol, the file has one.
                    OnRestSnapshot(Instruments[0], json, receiveNanos);
                    return;
                }

                if (answer)
                {
                    return;     // {"result":null,"id":1}: a subscription's answer
                }

                var start = new Utf8JsonReader(json);
                start.Read();
                if (!message.Read(ref start, json))
                {
                    BadInput(BadInputKind.MalformedJson, "an event whose fields are not what Binance sends");
                    return;
                }
            }

            Dispatch(ref message, json, receiveNanos);
        }
        catch (JsonException e)
        {
            BadInput(BadInputKind.MalformedJson, $"unreadable JSON ({e.Message})");
        }
    }

    public override void OnRestSnapshot(FeedInstrument instrument, ReadOnlySpan<byte> json, long receiveNanos)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        try
        {
            if (!TryApplySnapshot(instrument, json, receiveNanos))
            {
                MarkStale(instrument, StaleReason.BadMessage, 0, 0, receiveNanos);
                return;
            }
        }
        catch (JsonException e)
        {
            BadInput(BadInputKind.MalformedJson, $"{instrument.Symbol}: unreadable depth snapshot ({e.Message})");
            MarkStale(instrument, StaleReason.BadMessage, 0, 0, receiveNanos);
            return;
        }

        // Events received while the snapshot was awaited, through the same procedure.
        if (_pending.Remove(instrument, out BinancePendingDepth? pending))
        {
            pending.Replay(this, instrument);
        }
    }

    private void Dispatch(ref BinanceMessage message, ReadOnlySpan<byte> json, long receiveNanos)
    {
        if (message.EventType.SequenceEqual("depthUpdate"u8))
        {
            OnDepth(ref message, json, receiveNanos);
        }
        else if (message.EventType.SequenceEqual("bookTicker"u8) || (message.EventType.IsEmpty && message.HasBidQuantity))
        {
            OnBookTicker(ref message, receiveNanos);
        }
        else if (message.EventType.SequenceEqual("trade"u8) || message.EventType.SequenceEqual("aggTrade"u8))
        {
            OnTrade(ref message, receiveNanos);
        }

        // Other streams (klines, mark price, ...) are not market data this feed passes on.
    }

    /// <summary>One depth event: kept while the book awaits its snapshot, else decided by the sync procedure and applied.</summary>
    internal void OnDepth(ref BinanceMessage message, ReadOnlySpan<byte> json, long receiveNanos)
    {
        FeedInstrument? instrument = Find(message.Symbol);
        if (instrument is null)
        {
            return;
        }

        if (!message.HasFirstUpdateId || !message.HasFinalUpdateId || !message.HasBids || !message.HasAsks
            || (_market != BinanceMarket.Spot && !message.HasPreviousFinalUpdateId))
        {
            BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a depth event without U, u{(_market == BinanceMarket.Spot ? string.Empty : ", pu")}, b or a");
            MarkStale(instrument, StaleReason.BadMessage, 0, 0, receiveNanos);
            return;
        }

        instrument.LastReceiveNanos = receiveNanos;
        if (instrument.State != BookState.Live)
        {
            Pending(instrument).Add(json, receiveNanos);
            return;
        }

        DepthDecision decision = BinanceDepthSync.Decide(_market, instrument.AwaitingFirstUpdate, instrument.LastSequence, message.FirstUpdateId, message.FinalUpdateId, message.PreviousFinalUpdateId);
        if (decision == DepthDecision.Drop)
        {
            Counters.UpdatesDropped++;
            return;
        }

        if (decision == DepthDecision.Gap)
        {
            long received = _market == BinanceMarket.Spot || instrument.AwaitingFirstUpdate ? message.FirstUpdateId : message.PreviousFinalUpdateId;
            Gap(instrument, received, BinanceDepthSync.Expected(_market, instrument.LastSequence), receiveNanos);
            Pending(instrument).Add(json, receiveNanos);
            return;
        }

        int count = message.LevelsRead ? (message.LevelsBad ? -1 : message.LevelCount) : _levels.ReadBoth(instrument, message.BidsJson, message.AsksJson);
        if (count < 0)
        {
            MarkStale(instrument, StaleReason.BadMessage, 0, 0, receiveNanos);
            return;
        }

        WriteToBook(instrument, _levels.Levels(count));
        count = _levels.AppendCuts(instrument, count, DepthWindowSlack);
        Commit(instrument, _levels.Levels(count), message.FinalUpdateId, VenueJson.MillisToNanos(message.EventTime), receiveNanos);
        if (instrument.State == BookState.Live && _tickers.TryGetValue(instrument, out BestQuote ticker) && ticker.Sequence == instrument.LastSequence)
        {
            CheckTicker(instrument, in ticker, receiveNanos);
        }
    }

    private void OnBookTicker(ref BinanceMessage message, long receiveNanos)
    {
        FeedInstrument? instrument = Find(message.Symbol);
        if (instrument is null)
        {
            return;
        }

        // Any message for the instrument shows its feed is alive: a quiet book on a busy symbol is not a silent feed.
        instrument.LastReceiveNanos = receiveNanos;

        if (!message.HasFinalUpdateId || !message.HasBids || !message.HasAsks || !message.HasBidQuantity
            || !VenueJson.TryParseUnsigned(message.BidText, instrument.PriceScale, out long bid)
            || !VenueJson.TryParseUnsigned(message.BidQuantityText, instrument.QuantityScale, out long bidQuantity)
            || !VenueJson.TryParseUnsigned(message.AskText, instrument.PriceScale, out long ask)
            || !VenueJson.TryParseUnsigned(message.AskQuantityText, instrument.QuantityScale, out long askQuantity))
        {
            BadInput(BadInputKind.BadNumber, $"{instrument.Symbol}: a bookTicker without u or with a price or quantity that is not a non-negative decimal at the instrument's scale");
            return;
        }

        var quote = new BestQuote(bid, bidQuantity, ask, askQuantity, message.FinalUpdateId, VenueJson.MillisToNanos(message.EventTime), receiveNanos);
        Quote(instrument, in quote);
        _tickers[instrument] = quote;
        if (instrument.State == BookState.Live && !instrument.AwaitingFirstUpdate && quote.Sequence == instrument.LastSequence)
        {
            CheckTicker(instrument, in quote, receiveNanos);
        }
    }

    private void CheckTicker(FeedInstrument instrument, in BestQuote quote, long receiveNanos)
    {
        Counters.BookTickerChecks++;
        _tickers.Remove(instrument);
        instrument.Book.TryGetLevel(Side.Buy, 0, out long bid, out long bidQuantity);
        instrument.Book.TryGetLevel(Side.Sell, 0, out long ask, out long askQuantity);
        if (bid != quote.BidPrice || bidQuantity != quote.BidQuantity || ask != quote.AskPrice || askQuantity != quote.AskQuantity)
        {
            Counters.BookTickerMismatches++;
            MarkStale(instrument, StaleReason.ChecksumMismatch, quote.Sequence, instrument.LastSequence, receiveNanos);
        }
    }

    private void OnTrade(ref BinanceMessage message, long receiveNanos)
    {
        FeedInstrument? instrument = Find(message.Symbol);
        if (instrument is null)
        {
            return;
        }

        // Any message for the instrument shows its feed is alive: a quiet book on a busy symbol is not a silent feed.
        instrument.LastReceiveNanos = receiveNanos;

        // An aggTrade's id is "a"; a trade's is "t".
        long id = message.TradeId;
        if (message.EventType.SequenceEqual("aggTrade"u8) && !VenueJson.TryParseInt64(message.AskText, out id))
        {
            id = -1;
        }

        if (!message.HasPrice || !message.HasQuantity || id < 0
            || !VenueJson.TryParseUnsigned(message.PriceText, instrument.PriceScale, out long price)
            || !VenueJson.TryParseUnsigned(message.QuantityText, instrument.QuantityScale, out long quantity))
        {
            BadInput(BadInputKind.BadNumber, $"{instrument.Symbol}: a trade without an id, or whose price or quantity is not a non-negative decimal at the instrument's scale");
            return;
        }

        long time = message.TransactionTime != 0 ? message.TransactionTime : message.EventTime;

        // "m": the buyer is the maker, so the seller took.
        var trade = new TradePrint(id, price, quantity, message.BuyerIsMaker ? Side.Sell : Side.Buy, VenueJson.MillisToNanos(time), receiveNanos);
        Trade(instrument, in trade);
    }

    private bool TryApplySnapshot(FeedInstrument instrument, ReadOnlySpan<byte> json, long receiveNanos)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            BadInput(BadInputKind.MalformedJson, $"{instrument.Symbol}: a depth snapshot that is not a JSON object");
            return false;
        }

        long lastUpdateId = -1;
        long time = 0;
        Utf8JsonReader bids = default;
        Utf8JsonReader asks = default;
        bool hasBids = false;
        bool hasAsks = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isLast = VenueJson.Is(ref reader, "lastUpdateId"u8);
            bool isBids = VenueJson.Is(ref reader, "bids"u8);
            bool isAsks = VenueJson.Is(ref reader, "asks"u8);
            bool isTime = VenueJson.Is(ref reader, "E"u8);
            reader.Read();
            if (isLast && !VenueJson.TryReadInt64(ref reader, out lastUpdateId))
            {
                lastUpdateId = -1;
            }
            else if (isTime)
            {
                VenueJson.TryReadInt64(ref reader, out time);
            }
            else if (isBids)
            {
                bids = reader;
                hasBids = true;
            }
            else if (isAsks)
            {
                asks = reader;
                hasAsks = true;
            }

            reader.Skip();
        }

        if (lastUpdateId < 0 || !hasBids || !hasAsks)
        {
            BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a depth snapshot without lastUpdateId, bids or asks");
            return false;
        }

        int count = _levels.ReadBoth(instrument, ref bids, ref asks);
        if (count < 0)
        {
            return false;
        }

        instrument.Book.Clear();
        foreach (LevelChange level in _levels.Levels(count))
        {
            instrument.Book.Set(level.Side, level.Price, level.Quantity, 0, 0);
        }

        instrument.DepthWindow = Math.Max(MinimumDepthWindow, Math.Max(instrument.Book.LevelCount(Side.Buy), instrument.Book.LevelCount(Side.Sell)));
        SnapshotApplied(instrument, lastUpdateId, VenueJson.MillisToNanos(time), receiveNanos);
        return true;
    }

    private BinancePendingDepth Pending(FeedInstrument instrument)
    {
        if (!_pending.TryGetValue(instrument, out BinancePendingDepth? pending))
        {
            pending = new BinancePendingDepth();
            _pending[instrument] = pending;
        }

        return pending;
    }
}
