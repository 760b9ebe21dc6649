using System.Text.Json;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Json;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Deribit;

/// <summary>
/// Deribit API v2 public market data over JSON-RPC 2.0: <c>{"jsonrpc":"2.0","method":"subscription","params":
/// {"channel":..,"data":..}}</c> notifications of <c>book.{instrument}.{raw|100ms}</c>, <c>trades.{..}</c> and
/// <c>ticker.{instrument}.{..}</c> (passed on as the venue's best bid/offer). Answers to requests (<c>id</c> with
/// <c>result</c> or <c>error</c>) and heartbeats are the session talking. The symbol is the instrument name as
/// written ("BTC-PERPETUAL", "ETH-30JUL21-2800-C").
/// <para>
/// Prices and amounts are JSON numbers, read from their text into fixed point. A number in exponent form (1e-05)
/// is counted as a bad number and its book goes stale: DERIBIT.ws.1.0 has none, so parsing them exactly is not
/// worth its code until a recording shows Deribit writes them.
/// </para>
/// <para>
/// Sequencing, as Deribit documents it: a snapshot builds the book and its <c>change_id</c> starts the chain; each
/// change's <c>prev_change_id</c> must be the previous <c>change_id</c>, else the book has a gap and goes stale. A
/// change at or before the last one applied is a duplicate and dropped. Levels are <c>["new"|"change"|"delete",
/// price, amount]</c>: new and change set the level's amount, delete removes it. Grouped books
/// (<c>book.{instrument}.{group}.{depth}.{interval}</c>, whole snapshots without change ids) are not followed.
/// </para>
/// <para>
/// Deribit sends a book again only on a new subscription, so a change for a book that is not live is dropped (a
/// live gateway resubscribes on <see cref="VenueFeed.SnapshotWanted"/>). A book notification that cannot be read,
/// once its instrument is known, makes that book stale: a change was lost and the copy is wrong from here on.
/// </para>
/// </summary>
public sealed class DeribitFeed : VenueFeed
{
    public DeribitFeed(FeedInstruments instruments, IMarketDataSink sink, FeedCounters counters)
        : base("deribit", instruments, sink, counters)
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

            bool subscription = false;
            bool session = false;
            ReadOnlySpan<byte> channel = default;
            Utf8JsonReader data = default;
            bool hasData = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isMethod = VenueJson.Is(ref reader, "method"u8);
                bool isParams = VenueJson.Is(ref reader, "params"u8);
                session |= VenueJson.Is(ref reader, "id"u8) || VenueJson.Is(ref reader, "result"u8) || VenueJson.Is(ref reader, "error"u8);
                reader.Read();
                if (isMethod)
                {
                    subscription = VenueJson.Is(ref reader, "subscription"u8) && reader.TokenType == JsonTokenType.String;
                    session |= !subscription;       // "heartbeat", "test_request"
                }
                else if (isParams && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        bool isChannel = VenueJson.Is(ref reader, "channel"u8);
                        bool isData = VenueJson.Is(ref reader, "data"u8);
                        reader.Read();
                        if (isChannel)
                        {
                            channel = VenueJson.Scalar(ref reader);
                            if (channel.StartsWith("book."u8))
                            {
                                // Known before the data is read, so a notification cut short can still make its book stale.
                                book = FindBook(channel);
                            }
                        }
                        else if (isData)
                        {
                            data = reader;
                            hasData = true;
                        }

                        reader.Skip();
                    }

                    continue;
                }

                reader.Skip();
            }

            if (session && !subscription)
            {
                return;
            }

            if (!subscription || channel.IsEmpty || !hasData)
            {
                BadInput(BadInputKind.MissingField, "a notification without method subscription, params.channel or params.data");
                StaleIfLive(book, receiveNanos);
                return;
            }

            Dispatch(channel, ref data, book, receiveNanos);
        }
        catch (JsonException e)
        {
            BadInput(BadInputKind.MalformedJson, $"unreadable JSON ({e.Message})");
            StaleIfLive(book, receiveNanos);
        }
    }

    /// <summary>The instrument of a channel <c>{kind}.{instrument}.{interval}</c>, or null after counting why.</summary>
    private FeedInstrument? FindBook(ReadOnlySpan<byte> channel)
    {
        ReadOnlySpan<byte> rest = channel["book."u8.Length..];
        int dot = rest.IndexOf((byte)'.');
        if (dot <= 0 || rest[(dot + 1)..].Contains((byte)'.'))
        {
            BadInput(BadInputKind.Unsupported, $"a book channel that is not book.{{instrument}}.{{interval}} ({System.Text.Encoding.UTF8.GetString(channel)})");
            return null;
        }

        return Find(rest[..dot]);
    }

    private void Dispatch(ReadOnlySpan<byte> channel, ref Utf8JsonReader data, FeedInstrument? book, long receiveNanos)
    {
        if (channel.StartsWith("book."u8))
        {
            if (book is not null)
            {
                OnBook(book, ref data, receiveNanos);
            }
        }
        else if (channel.StartsWith("trades."u8))
        {
            DeribitPush.ReadTrades(this, ref data, receiveNanos);
        }
        else if (channel.StartsWith("ticker."u8))
        {
            ReadOnlySpan<byte> rest = channel["ticker."u8.Length..];
            int dot = rest.IndexOf((byte)'.');
            FeedInstrument? instrument = Find(dot < 0 ? rest : rest[..dot]);
            if (instrument is not null)
            {
                DeribitPush.ReadTicker(this, instrument, ref data, receiveNanos);
            }
        }

        // Other channels (quote, deribit_price_index, perpetual, ...) are not market data this feed passes on.
    }

    private void OnBook(FeedInstrument instrument, ref Utf8JsonReader data, long receiveNanos)
    {
        var book = default(DeribitBookData);
        if (!book.Read(ref data) || !book.HasChangeId || !book.HasBids || !book.HasAsks)
        {
            BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a book notification without change_id, bids or asks, or with a field of the wrong type");
            StaleIfLive(instrument, receiveNanos);
            return;
        }

        bool snapshot = book.Type.SequenceEqual("snapshot"u8);
        if (!snapshot && !book.Type.SequenceEqual("change"u8))
        {
            BadInput(BadInputKind.Unsupported, $"{instrument.Symbol}: a book notification whose type is neither snapshot nor change");
            StaleIfLive(instrument, receiveNanos);
            return;
        }

        if (snapshot)
        {
            OnSnapshot(instrument, ref book, receiveNanos);
        }
        else
        {
            OnChange(instrument, ref book, receiveNanos);
        }
    }

    private void OnSnapshot(FeedInstrument instrument, ref DeribitBookData book, long receiveNanos)
    {
        int count = ReadLevels(instrument, ref book);
        if (count < 0)
        {
            StaleIfLive(instrument, receiveNanos);
            return;
        }

        instrument.Book.Clear();
        WriteChanges(instrument, count);
        SnapshotApplied(instrument, book.ChangeId, VenueJson.MillisToNanos(book.Time), receiveNanos);
    }

    private void OnChange(FeedInstrument instrument, ref DeribitBookData book, long receiveNanos)
    {
        if (instrument.State != BookState.Live)
        {
            Counters.UpdatesDropped++;      // no book to apply it to until the next subscription's snapshot
            return;
        }

        if (!book.HasPreviousChangeId)
        {
            BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a change without prev_change_id");
            MarkStale(instrument, StaleReason.BadMessage, 0, 0, receiveNanos);
            return;
        }

        if (book.ChangeId <= instrument.LastSequence)
        {
            Counters.UpdatesDropped++;      // a duplicate or an older change: already in the book
            return;
        }

        if (book.PreviousChangeId != instrument.LastSequence)
        {
            Gap(instrument, book.PreviousChangeId, instrument.LastSequence, receiveNanos);
            return;
        }

        int count = ReadLevels(instrument, ref book);
        if (count < 0)
        {
            MarkStale(instrument, StaleReason.BadMessage, 0, 0, receiveNanos);
            return;
        }

        ApplyUpdate(instrument, count, book.ChangeId, VenueJson.MillisToNanos(book.Time), receiveNanos);
    }

    /// <summary>Reads both level arrays into the change buffer (bids, then asks); -1 (after counting why) when a level is unusable.</summary>
    private int ReadLevels(FeedInstrument instrument, ref DeribitBookData book)
    {
        int count = 0;
        if (!ReadSide(instrument, ref book.Bids, Side.Buy, ref count) || !ReadSide(instrument, ref book.Asks, Side.Sell, ref count))
        {
            return -1;
        }

        return count;
    }

    /// <summary>Levels are <c>["new"|"change"|"delete", price, amount]</c>; a delete removes the level whatever its amount.</summary>
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
                BadInput(BadInputKind.TooManyLevels, $"{instrument.Symbol}: more than {VenueJson.MaxLevelsPerMessage} levels in one notification");
                return false;
            }

            reader.Read();
            bool delete = VenueJson.Is(ref reader, "delete"u8);
            if (reader.TokenType != JsonTokenType.String || (!delete && !VenueJson.Is(ref reader, "new"u8) && !VenueJson.Is(ref reader, "change"u8)))
            {
                BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a level whose action is not new, change or delete");
                return false;
            }

            reader.Read();
            bool priceOk = VenueJson.TryReadUnsigned(ref reader, instrument.PriceScale, out long price, out _);
            reader.Read();
            bool amountOk = VenueJson.TryReadUnsigned(ref reader, instrument.QuantityScale, out long amount, out _);
            if (!priceOk || !amountOk || price == 0)
            {
                BadInput(BadInputKind.BadNumber, $"{instrument.Symbol}: a level whose price or amount is not a plain non-negative decimal at scale {instrument.PriceScale} / {instrument.QuantityScale} (exponent forms are refused)");
                return false;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
            }

            AddChange(ref count, new LevelChange(side, price, delete ? 0 : amount), 0, 0);
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

    /// <summary>The instrument a trade names, or null after counting an unknown one (for <see cref="DeribitPush"/>).</summary>
    internal FeedInstrument? FindInstrument(ReadOnlySpan<byte> name) => Find(name);
}
