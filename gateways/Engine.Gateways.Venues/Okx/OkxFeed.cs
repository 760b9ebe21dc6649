using System.Text.Json;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Json;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Okx;

/// <summary>
/// OKX v5 public market data: the <c>books</c> channels (<c>books</c>, <c>books-l2-tbt</c>, <c>books50-l2-tbt</c>:
/// a snapshot, then updates; <c>books5</c> and <c>bbo-tbt</c>: every push a whole snapshot), <c>trades</c> and
/// <c>tickers</c> (passed on as the venue's best bid/offer). Pushes are
/// <c>{"arg":{"channel":..,"instId":..},"action":"snapshot"|"update","data":[..]}</c>; the symbol is the instId as is.
/// <para>
/// Sequencing, as OKX documents it: a snapshot (its <c>prevSeqId</c> is -1) builds the book; each update's
/// <c>prevSeqId</c> must be the previous push's <c>seqId</c>, else the book has a gap (a push without changes may
/// repeat its <c>seqId</c> as <c>prevSeqId</c>, which is the same rule; so is a sequence reset, whose first push
/// still names the last <c>seqId</c>). Every push's <c>checksum</c> is checked on the book after it is applied
/// (<see cref="OkxChecksum"/>): a mismatch makes the book stale. Recordings from before <c>seqId</c> existed have the
/// checksum only; it is then the whole integrity check.
/// </para>
/// <para>
/// OKX sends a book again only on a new subscription, so an update for a book that is not live is dropped (a live
/// gateway resubscribes on <see cref="VenueFeed.SnapshotWanted"/>). A books push that cannot be read, once its
/// instrument is known, makes that book stale: an update was lost and the copy is wrong from here on.
/// </para>
/// </summary>
public sealed class OkxFeed : VenueFeed
{
    public OkxFeed(FeedInstruments instruments, IMarketDataSink sink, FeedCounters counters)
        : base("okx", instruments, sink, counters)
    {
    }

    public override void OnMessage(ReadOnlySpan<byte> json, long receiveNanos)
    {
        Counters.Messages++;
        var reader = new Utf8JsonReader(json);
        FeedInstrument? book = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                BadInput(BadInputKind.MalformedJson, "a message that is not a JSON object");
                return;
            }

            ReadOnlySpan<byte> channel = default;
            ReadOnlySpan<byte> instId = default;
            ReadOnlySpan<byte> action = default;
            Utf8JsonReader data = default;
            bool hasData = false;
            bool isEvent = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isArg = VenueJson.Is(ref reader, "arg"u8);
                bool isAction = VenueJson.Is(ref reader, "action"u8);
                bool isData = VenueJson.Is(ref reader, "data"u8);
                isEvent |= VenueJson.Is(ref reader, "event"u8);
                reader.Read();
                if (isArg)
                {
                    ReadArg(ref reader, out channel, out instId);
                    if (!isEvent && IsBooks(channel) && !instId.IsEmpty)
                    {
                        // Known before the data is read, so a push cut short can still make its book stale.
                        book = Find(instId);
                        if (book is null)
                        {
                            return;
                        }
                    }
                }
                else if (isAction && reader.TokenType == JsonTokenType.String)
                {
                    action = reader.ValueSpan;
                }
                else if (isData)
                {
                    data = reader;
                    hasData = true;
                }

                reader.Skip();
            }

            if (isEvent)
            {
                return;     // {"event":"subscribe"|"error",...}: the answer to a request, not market data
            }

            if (!hasData || channel.IsEmpty || instId.IsEmpty)
            {
                BadInput(BadInputKind.MissingField, "a push without arg.channel, arg.instId or data");
                return;
            }

            Dispatch(channel, instId, action, ref data, book, receiveNanos);
        }
        catch (JsonException e)
        {
            BadInput(BadInputKind.MalformedJson, $"unreadable JSON ({e.Message})");
            StaleIfLive(book, receiveNanos);
        }
    }

    /// <summary>The channels that carry OKX's book (all share one push format and one checksum).</summary>
    private static bool IsBooks(ReadOnlySpan<byte> channel) => channel.StartsWith("books"u8) || channel.SequenceEqual("bbo-tbt"u8);

    /// <summary>Reads <c>{"channel":..,"instId":..}</c>; leaves the reader at its end.</summary>
    private static void ReadArg(scoped ref Utf8JsonReader reader, out ReadOnlySpan<byte> channel, out ReadOnlySpan<byte> instId)
    {
        channel = default;
        instId = default;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isChannel = VenueJson.Is(ref reader, "channel"u8);
            bool isInstId = VenueJson.Is(ref reader, "instId"u8);
            reader.Read();
            if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
            {
                if (isChannel)
                {
                    channel = reader.ValueSpan;
                }
                else if (isInstId)
                {
                    instId = reader.ValueSpan;
                }
            }

            reader.Skip();
        }
    }

    private void Dispatch(ReadOnlySpan<byte> channel, ReadOnlySpan<byte> instId, ReadOnlySpan<byte> action, ref Utf8JsonReader data, FeedInstrument? book, long receiveNanos)
    {
        if (IsBooks(channel))
        {
            book ??= Find(instId);
            if (book is null)
            {
                return;
            }

            bool snapshot = action.IsEmpty || action.SequenceEqual("snapshot"u8);
            if (!snapshot && !action.SequenceEqual("update"u8))
            {
                BadInput(BadInputKind.Unsupported, $"{book.Symbol}: a books push whose action is neither snapshot nor update");
                StaleIfLive(book, receiveNanos);
                return;
            }

            OnBooks(book, ref data, snapshot, receiveNanos);
        }
        else if (channel.SequenceEqual("trades"u8) || channel.SequenceEqual("trades-all"u8))
        {
            FeedInstrument? instrument = Find(instId);
            if (instrument is not null)
            {
                OkxPush.ReadTrades(this, instrument, ref data, receiveNanos);
            }
        }
        else if (channel.SequenceEqual("tickers"u8))
        {
            FeedInstrument? instrument = Find(instId);
            if (instrument is not null)
            {
                OkxPush.ReadTickers(this, instrument, ref data, receiveNanos);
            }
        }

        // Other channels (candles, funding, mark price, ...) are not market data this feed passes on.
    }

    private void OnBooks(FeedInstrument instrument, ref Utf8JsonReader data, bool snapshot, long receiveNanos)
    {
        if (data.TokenType != JsonTokenType.StartArray)
        {
            BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a books push whose data is not an array");
            StaleIfLive(instrument, receiveNanos);
            return;
        }

        while (data.Read() && data.TokenType == JsonTokenType.StartObject)
        {
            var push = default(OkxBookData);
            if (!push.Read(ref data) || !push.HasAsks || !push.HasBids)
            {
                BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a books push without asks or bids, or with a field of the wrong type");
                StaleIfLive(instrument, receiveNanos);
                return;
            }

            bool applied = snapshot ? OnSnapshot(instrument, ref push, receiveNanos) : OnUpdate(instrument, ref push, receiveNanos);
            if (!applied)
            {
                return;
            }
        }
    }

    private bool OnSnapshot(FeedInstrument instrument, ref OkxBookData push, long receiveNanos)
    {
        int count = ReadLevels(instrument, ref push);
        if (count < 0)
        {
            StaleIfLive(instrument, receiveNanos);
            return false;
        }

        long sequence = push.HasSequenceId ? push.SequenceId : NoSequence;
        instrument.Book.Clear();
        WriteChanges(instrument, count);
        if (!ChecksumHolds(instrument, ref push, receiveNanos))
        {
            return false;
        }

        SnapshotApplied(instrument, sequence, VenueJson.MillisToNanos(push.Time), receiveNanos);
        return true;
    }

    private bool OnUpdate(FeedInstrument instrument, ref OkxBookData push, long receiveNanos)
    {
        if (instrument.State != BookState.Live)
        {
            Counters.UpdatesDropped++;      // no book to apply it to until the next subscription's snapshot
            return false;
        }

        long sequence = NoSequence;
        if (push.HasSequenceId && push.HasPreviousSequenceId)
        {
            // A book built from a snapshot without seqId (an old recording) takes the chain from its first update.
            if (instrument.LastSequence != NoSequence && push.PreviousSequenceId != instrument.LastSequence)
            {
                Gap(instrument, push.PreviousSequenceId, instrument.LastSequence, receiveNanos);
                return false;
            }

            sequence = push.SequenceId;
        }
        else if (push.HasSequenceId || push.HasPreviousSequenceId || instrument.LastSequence != NoSequence)
        {
            BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: an update with only one of seqId and prevSeqId, or without them after a snapshot that had them");
            MarkStale(instrument, StaleReason.BadMessage, 0, 0, receiveNanos);
            return false;
        }

        int count = ReadLevels(instrument, ref push);
        if (count < 0)
        {
            MarkStale(instrument, StaleReason.BadMessage, 0, 0, receiveNanos);
            return false;
        }

        ReadOnlySpan<LevelChange> changes = WriteChanges(instrument, count);
        if (!ChecksumHolds(instrument, ref push, receiveNanos))
        {
            return false;
        }

        Commit(instrument, changes, sequence, VenueJson.MillisToNanos(push.Time), receiveNanos);
        return instrument.State == BookState.Live;
    }

    /// <summary>Checks the push's checksum (when it has one) against the book it left; a mismatch makes the book stale.</summary>
    private bool ChecksumHolds(FeedInstrument instrument, ref OkxBookData push, long receiveNanos)
    {
        if (!push.HasChecksum)
        {
            return true;
        }

        Counters.Checksums++;
        if (OkxChecksum.Compute(instrument) == push.Checksum)
        {
            return true;
        }

        Counters.ChecksumMismatches++;
        MarkStale(instrument, StaleReason.ChecksumMismatch, 0, 0, receiveNanos);
        return false;
    }

    /// <summary>Reads both level arrays into the change buffer (bids, then asks); -1 (after counting why) when a level is unusable.</summary>
    private int ReadLevels(FeedInstrument instrument, ref OkxBookData push)
    {
        int count = 0;
        if (!ReadSide(instrument, ref push.Bids, Side.Buy, ref count) || !ReadSide(instrument, ref push.Asks, Side.Sell, ref count))
        {
            return -1;
        }

        return count;
    }

    /// <summary>Levels are <c>["px","sz","0","numOrders"]</c>: a size of "0" deletes the level; the rest is not used.</summary>
    private bool ReadSide(FeedInstrument instrument, ref Utf8JsonReader reader, Side side, ref int count)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: book levels that are not an array");
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            if (count == VenueJson.MaxLevelsPerMessage)
            {
                BadInput(BadInputKind.TooManyLevels, $"{instrument.Symbol}: more than {VenueJson.MaxLevelsPerMessage} levels in one push");
                return false;
            }

            reader.Read();
            bool priceOk = VenueJson.TryReadWritten(ref reader, instrument.PriceScale, out long price, out int priceDecimals);
            reader.Read();
            bool quantityOk = VenueJson.TryReadWritten(ref reader, instrument.QuantityScale, out long quantity, out int quantityDecimals);
            if (!priceOk || !quantityOk || price == 0)
            {
                BadInput(BadInputKind.BadNumber, $"{instrument.Symbol}: a level whose price or size is not a non-negative decimal at scale {instrument.PriceScale} / {instrument.QuantityScale}");
                return false;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
            }

            AddChange(ref count, new LevelChange(side, price, quantity), priceDecimals, quantityDecimals);
        }

        return reader.TokenType == JsonTokenType.EndArray;
    }

    private void StaleIfLive(FeedInstrument? instrument, long receiveNanos)
    {
        if (instrument is not null && instrument.State == BookState.Live)
        {
            MarkStale(instrument, StaleReason.BadMessage, 0, 0, receiveNanos);
        }
    }
}
