using System.Text.Json;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Json;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Kraken;

/// <summary>
/// Kraken WebSocket v1 public market data: the <c>book-N</c> channel and <c>trade</c>. Channel messages are arrays,
/// <c>[channelID, payload, (payload,) channelName, pair]</c>; everything that is an object (<c>heartbeat</c>,
/// <c>systemStatus</c>, <c>subscriptionStatus</c>) is the session talking, not market data. The symbol is the pair
/// as written ("XBT/USD").
/// <para>
/// A book payload with <c>as</c>/<c>bs</c> is a snapshot; <c>a</c>/<c>b</c> are updates (both sides may come in two
/// objects, the checksum <c>c</c> in the last), a volume of 0 deletes the level, and a level republished with
/// <c>"r"</c> is applied like any other. Kraken keeps the book at the subscribed depth and does not delete the levels
/// a better one pushes out of it, so after each update both sides are cut to the depth the channel name says
/// (the sink hears those levels removed). v1 numbers nothing: the checksum (<see cref="KrakenChecksum"/>) is the only
/// integrity check, and a mismatch makes the book stale until a new snapshot (a live gateway resubscribes on
/// <see cref="VenueFeed.SnapshotWanted"/>). Sequences passed on are <see cref="VenueFeed.NoSequence"/>.
/// </para>
/// <para>
/// The pair is the last element, so a message cut short names no book: it is counted, and the next checksum finds
/// the update it lost. A message that names its book but cannot be used makes that book stale at once.
/// </para>
/// </summary>
public sealed class KrakenFeed : VenueFeed
{
    public KrakenFeed(FeedInstruments instruments, IMarketDataSink sink, FeedCounters counters)
        : base("kraken", instruments, sink, counters)
    {
    }

    public override void OnMessage(ReadOnlySpan<byte> json, long receiveNanos)
    {
        Counters.Messages++;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || (reader.TokenType != JsonTokenType.StartArray && reader.TokenType != JsonTokenType.StartObject))
            {
                BadInput(BadInputKind.MalformedJson, "a message that is neither a JSON array nor an object");
                return;
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                reader.Skip();      // {"event":...}: read to the end so a broken one still counts as malformed
                return;
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.Number)
            {
                BadInput(BadInputKind.MissingField, "a channel message that does not start with its channelID");
                return;
            }

            // The payloads come before the names that say what they are: keep their positions, read them after.
            Utf8JsonReader first = default;
            Utf8JsonReader second = default;
            int payloads = 0;
            while (reader.Read() && (reader.TokenType == JsonTokenType.StartObject || reader.TokenType == JsonTokenType.StartArray))
            {
                if (payloads == 0)
                {
                    first = reader;
                }
                else
                {
                    second = reader;
                }

                payloads++;
                reader.Skip();
            }

            ReadOnlySpan<byte> channel = reader.TokenType == JsonTokenType.String ? reader.ValueSpan : default;
            reader.Read();
            ReadOnlySpan<byte> pair = reader.TokenType == JsonTokenType.String ? reader.ValueSpan : default;
            if (payloads is 0 or > 2 || channel.IsEmpty || pair.IsEmpty || !reader.Read() || reader.TokenType != JsonTokenType.EndArray)
            {
                BadInput(BadInputKind.MissingField, "a channel message that is not [channelID, payload, (payload,) channelName, pair]");
                return;
            }

            Dispatch(channel, pair, ref first, ref second, payloads, receiveNanos);
        }
        catch (JsonException e)
        {
            BadInput(BadInputKind.MalformedJson, $"unreadable JSON ({e.Message})");
        }
    }

    private void Dispatch(ReadOnlySpan<byte> channel, ReadOnlySpan<byte> pair, ref Utf8JsonReader first, ref Utf8JsonReader second, int payloads, long receiveNanos)
    {
        if (channel.StartsWith("book-"u8))
        {
            FeedInstrument? instrument = Find(pair);
            if (instrument is null)
            {
                return;
            }

            // "book-1000": the subscribed depth, which the copy must keep to.
            if (!System.Buffers.Text.Utf8Parser.TryParse(channel["book-".Length..], out int depth, out int consumed)
                || consumed != channel.Length - "book-".Length || depth <= 0)
            {
                BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a book channel whose name does not say its depth");
                StaleIfLive(instrument, receiveNanos);
                return;
            }

            OnBook(instrument, depth, ref first, ref second, payloads, receiveNanos);
        }
        else if (channel.SequenceEqual("trade"u8))
        {
            FeedInstrument? instrument = Find(pair);
            if (instrument is not null)
            {
                KrakenTrades.Read(this, instrument, ref first, receiveNanos);
            }
        }

        // Other channels (ticker, spread, ohlc-N) are not market data this feed passes on.
    }

    private void OnBook(FeedInstrument instrument, int depth, ref Utf8JsonReader first, ref Utf8JsonReader second, int payloads, long receiveNanos)
    {
        var payload = new BookPayload();
        if (!ReadPayload(instrument, ref first, ref payload) || (payloads == 2 && !ReadPayload(instrument, ref second, ref payload)))
        {
            StaleIfLive(instrument, receiveNanos);
            return;
        }

        if (payload.Snapshot)
        {
            instrument.Book.Clear();
            WriteChanges(instrument, payload.Count);
            instrument.Book.TruncateTo(Side.Buy, depth);
            instrument.Book.TruncateTo(Side.Sell, depth);
            if (ChecksumHolds(instrument, in payload, receiveNanos))
            {
                SnapshotApplied(instrument, NoSequence, payload.ExchangeNanos, receiveNanos);
            }

            return;
        }

        if (instrument.State != BookState.Live)
        {
            Counters.UpdatesDropped++;      // no book to apply it to until the next snapshot
            return;
        }

        WriteChanges(instrument, payload.Count);
        int count = payload.Count;
        CutToDepth(instrument, Side.Buy, depth, ref count);
        CutToDepth(instrument, Side.Sell, depth, ref count);
        if (ChecksumHolds(instrument, in payload, receiveNanos))
        {
            Commit(instrument, ChangeBuffer(count), NoSequence, payload.ExchangeNanos, receiveNanos);
        }
    }

    /// <summary>Removes the levels of a side beyond the depth, adding their removal to the changes the sink hears.</summary>
    private void CutToDepth(FeedInstrument instrument, Side side, int depth, ref int count)
    {
        for (int beyond = depth; instrument.Book.TryGetLevel(side, beyond, out long price, out _); beyond++)
        {
            AddChange(ref count, new LevelChange(side, price, 0), 0, 0);
        }

        instrument.Book.TruncateTo(side, depth);
    }

    /// <summary>Checks the message's checksum (when it has one) against the book it left; a mismatch makes the book stale.</summary>
    private bool ChecksumHolds(FeedInstrument instrument, in BookPayload payload, long receiveNanos)
    {
        if (!payload.HasChecksum)
        {
            return true;
        }

        Counters.Checksums++;
        if (KrakenChecksum.Compute(instrument) == payload.Checksum)
        {
            return true;
        }

        Counters.ChecksumMismatches++;
        MarkStale(instrument, StaleReason.ChecksumMismatch, 0, 0, receiveNanos);
        return false;
    }

    /// <summary>Reads one payload object's level arrays into the change buffer and its checksum; false (after counting why) when unusable.</summary>
    private bool ReadPayload(FeedInstrument instrument, ref Utf8JsonReader reader, ref BookPayload payload)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a book payload that is not an object");
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool asks = VenueJson.Is(ref reader, "as"u8) || VenueJson.Is(ref reader, "a"u8);
            bool bids = VenueJson.Is(ref reader, "bs"u8) || VenueJson.Is(ref reader, "b"u8);
            bool checksum = VenueJson.Is(ref reader, "c"u8);
            payload.Snapshot |= reader.ValueSpan.Length == 2 && (asks || bids);
            reader.Read();
            if (asks || bids)
            {
                if (!ReadSide(instrument, ref reader, asks ? Side.Sell : Side.Buy, ref payload))
                {
                    return false;
                }
            }
            else if (checksum)
            {
                // An unsigned 32-bit decimal in a string ("176333288").
                if (!VenueJson.TryReadInt64(ref reader, out long value) || value < 0 || value > uint.MaxValue)
                {
                    BadInput(BadInputKind.BadNumber, $"{instrument.Symbol}: a checksum that is not an unsigned 32-bit number");
                    return false;
                }

                payload.Checksum = (uint)value;
                payload.HasChecksum = true;
            }
            else
            {
                reader.Skip();
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    /// <summary>Levels are <c>["price","volume","timestamp"(,"r")]</c>; the latest timestamp is the message's exchange time.</summary>
    private bool ReadSide(FeedInstrument instrument, ref Utf8JsonReader reader, Side side, ref BookPayload payload)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: book levels that are not an array");
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            if (payload.Count == VenueJson.MaxLevelsPerMessage)
            {
                BadInput(BadInputKind.TooManyLevels, $"{instrument.Symbol}: more than {VenueJson.MaxLevelsPerMessage} levels in one message");
                return false;
            }

            reader.Read();
            bool priceOk = VenueJson.TryReadWritten(ref reader, instrument.PriceScale, out long price, out int priceDecimals);
            reader.Read();
            bool volumeOk = VenueJson.TryReadWritten(ref reader, instrument.QuantityScale, out long volume, out int volumeDecimals);
            reader.Read();
            bool timeOk = VenueJson.TryReadUnsigned(ref reader, 9, out long nanos, out _);
            if (!priceOk || !volumeOk || !timeOk || price == 0)
            {
                BadInput(BadInputKind.BadNumber, $"{instrument.Symbol}: a level whose price, volume or timestamp is not a non-negative decimal (price and volume at scale {instrument.PriceScale} / {instrument.QuantityScale})");
                return false;
            }

            // "r": a republished update (Kraken resends a level it changed out of order), applied like any other.
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
            }

            AddChange(ref payload.Count, new LevelChange(side, price, volume), priceDecimals, volumeDecimals);
            payload.ExchangeNanos = Math.Max(payload.ExchangeNanos, nanos);
        }

        return reader.TokenType == JsonTokenType.EndArray;
    }

    private void StaleIfLive(FeedInstrument instrument, long receiveNanos)
    {
        if (instrument.State == BookState.Live)
        {
            MarkStale(instrument, StaleReason.BadMessage, 0, 0, receiveNanos);
        }
    }

    /// <summary>What one book message's payloads held.</summary>
    private struct BookPayload
    {
        public int Count;
        public bool Snapshot;
        public bool HasChecksum;
        public uint Checksum;
        public long ExchangeNanos;
    }
}
