using System.Text.Json;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Json;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Bybit;

/// <summary>
/// Bybit public market data, both generations, told apart by the topic: v1 (the recorded era, linear
/// <c>realtime_public</c> and inverse <c>realtime</c>) <c>orderBookL2_25.{symbol}</c> / <c>orderBook_200.100ms.{symbol}</c>
/// and <c>trade.{symbol}</c>, and v5 <c>orderbook.{depth}.{symbol}</c> and <c>publicTrade.{symbol}</c>. Pushes are
/// <c>{"topic":..,"type":"snapshot"|"delta","data":..}</c>; the symbol is the topic's last part. Answers to requests
/// (<c>success</c>, <c>op</c>, <c>ret_msg</c>) are the session talking.
/// <para>
/// v1 books are rows keyed by price (<see cref="BybitLevels"/>): a snapshot (<c>data</c> the rows on inverse,
/// <c>data.order_book</c> on linear), then deltas of <c>delete</c>, <c>update</c> and <c>insert</c> rows. v1 numbers
/// pushes only with <c>cross_seq</c>, the matching engine's sequence shared by all symbols, so it jumps between a
/// symbol's deltas: one at or before the last applied is a duplicate and dropped, and no jump is a gap. What v1 does
/// offer is that every row must fit the book: a delete or update of a level the copy does not have, or an insert of
/// one it has, means the copy lost a delta, which is counted as a gap (the book goes stale). BYBIT.ws.25.0 and 26.0
/// have none.
/// </para>
/// <para>
/// v5 books (<c>data</c> <c>{"s":..,"b":[["price","size"]],"a":[..],"u":N,"seq":N}</c>, a size of "0" deleting):
/// a snapshot builds the book, each delta's <c>u</c> must be the last one plus one (a jump is a gap; one at or
/// before it is dropped). Bybit documents <c>u</c> = 1 as its service restarting: that push is a new snapshot, and
/// a live book it replaces is counted as a resync (stale for <see cref="StaleReason.VenueRestarted"/>, then rebuilt).
/// </para>
/// <para>
/// Bybit resends a book only on a new subscription (or a restart), so a delta for a book that is not live is
/// dropped. A book push that cannot be read, once its symbol is known, makes that book stale.
/// </para>
/// </summary>
public sealed class BybitFeed : VenueFeed
{
    public BybitFeed(FeedInstruments instruments, IMarketDataSink sink, FeedCounters counters)
        : base("bybit", instruments, sink, counters)
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

            var push = default(Push);
            bool session = false;
            bool ok = true;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isTopic = VenueJson.Is(ref reader, "topic"u8);
                bool isType = VenueJson.Is(ref reader, "type"u8);
                bool isData = VenueJson.Is(ref reader, "data"u8);
                bool isCrossSeq = VenueJson.Is(ref reader, "cross_seq"u8);
                bool isMicros = VenueJson.Is(ref reader, "timestamp_e6"u8);
                bool isMillis = VenueJson.Is(ref reader, "ts"u8);
                session |= VenueJson.Is(ref reader, "success"u8) || VenueJson.Is(ref reader, "op"u8) || VenueJson.Is(ref reader, "ret_msg"u8);
                reader.Read();
                if (isTopic)
                {
                    push.Topic = VenueJson.Scalar(ref reader);
                    if (IsBook(push.Topic))
                    {
                        // Known before the data is read, so a push cut short can still make its book stale.
                        book = Find(SymbolOf(push.Topic));
                        if (book is null)
                        {
                            return;
                        }
                    }
                }
                else if (isType)
                {
                    push.Type = VenueJson.Scalar(ref reader);
                }
                else if (isData)
                {
                    push.Data = reader;
                    push.HasData = true;
                }
                else if (isCrossSeq)
                {
                    push.HasCrossSequence = VenueJson.TryReadInt64(ref reader, out push.CrossSequence);
                    ok &= push.HasCrossSequence;
                }
                else if (isMicros)
                {
                    ok &= VenueJson.TryReadInt64(ref reader, out long micros);
                    push.ExchangeNanos = micros <= 0 ? 0 : micros >= long.MaxValue / 1_000 ? long.MaxValue : micros * 1_000;
                }
                else if (isMillis)
                {
                    ok &= VenueJson.TryReadInt64(ref reader, out long millis);
                    push.ExchangeNanos = VenueJson.MillisToNanos(millis);
                }

                reader.Skip();
            }

            if (session && push.Topic.IsEmpty)
            {
                return;
            }

            if (!ok || push.Topic.IsEmpty || !push.HasData)
            {
                BadInput(BadInputKind.MissingField, "a push without topic or data, or whose cross_seq or time is not a number");
                StaleIfLive(book, receiveNanos);
                return;
            }

            Dispatch(ref push, book, receiveNanos);
        }
        catch (JsonException e)
        {
            BadInput(BadInputKind.MalformedJson, $"unreadable JSON ({e.Message})");
            StaleIfLive(book, receiveNanos);
        }
    }

    private static bool IsV1Book(ReadOnlySpan<byte> topic) => topic.StartsWith("orderBookL2_25."u8) || topic.StartsWith("orderBook_200."u8);

    private static bool IsV5Book(ReadOnlySpan<byte> topic) => topic.StartsWith("orderbook."u8);

    private static bool IsBook(ReadOnlySpan<byte> topic) => IsV1Book(topic) || IsV5Book(topic);

    private static ReadOnlySpan<byte> SymbolOf(ReadOnlySpan<byte> topic) => topic[(topic.LastIndexOf((byte)'.') + 1)..];

    private void Dispatch(ref Push push, FeedInstrument? book, long receiveNanos)
    {
        if (book is not null)
        {
            bool snapshot = push.Type.SequenceEqual("snapshot"u8);
            if (!snapshot && !push.Type.SequenceEqual("delta"u8))
            {
                BadInput(BadInputKind.Unsupported, $"{book.Symbol}: a book push whose type is neither snapshot nor delta");
                StaleIfLive(book, receiveNanos);
            }
            else if (IsV1Book(push.Topic))
            {
                OnV1Book(book, ref push, snapshot, receiveNanos);
            }
            else
            {
                OnV5Book(book, ref push, snapshot, receiveNanos);
            }
        }
        else if (push.Topic.StartsWith("trade."u8) || push.Topic.StartsWith("publicTrade."u8))
        {
            FeedInstrument? instrument = Find(SymbolOf(push.Topic));
            if (instrument is not null)
            {
                BybitTrades.Read(this, instrument, ref push.Data, receiveNanos);
            }
        }

        // Other topics (instrument_info, tickers, kline, liquidation, ...) are not market data this feed passes on.
    }

    private void OnV1Book(FeedInstrument instrument, ref Push push, bool snapshot, long receiveNanos)
    {
        if (!push.HasCrossSequence)
        {
            BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a v1 book push without cross_seq");
            StaleIfLive(instrument, receiveNanos);
            return;
        }

        if (snapshot)
        {
            int levels = 0;
            if (!ReadV1Snapshot(instrument, ref push.Data, ref levels))
            {
                StaleIfLive(instrument, receiveNanos);
                return;
            }

            instrument.Book.Clear();
            WriteChanges(instrument, levels);
            SnapshotApplied(instrument, push.CrossSequence, push.ExchangeNanos, receiveNanos);
            return;
        }

        if (instrument.State != BookState.Live || push.CrossSequence <= instrument.LastSequence)
        {
            Counters.UpdatesDropped++;      // no book to apply it to yet, or a duplicate or older delta: already in the book
            return;
        }

        if (!ReadV1Delta(instrument, ref push.Data, out int deletesAndUpdates, out int count))
        {
            MarkStale(instrument, StaleReason.BadMessage, 0, 0, receiveNanos);
            return;
        }

        // Deletes and updates must name levels the copy has, inserts levels it has not: else a delta was lost.
        ReadOnlySpan<LevelChange> changes = ChangeBuffer(count);
        for (int i = 0; i < changes.Length; i++)
        {
            bool existed = instrument.Book.Set(changes[i].Side, changes[i].Price, changes[i].Quantity, 0, 0);
            if (existed != i < deletesAndUpdates)
            {
                Gap(instrument, push.CrossSequence, instrument.LastSequence, receiveNanos);
                return;
            }
        }

        Commit(instrument, changes, push.CrossSequence, push.ExchangeNanos, receiveNanos);
    }

    /// <summary>The snapshot's rows: <c>data</c> itself (inverse) or <c>data.order_book</c> (linear).</summary>
    private bool ReadV1Snapshot(FeedInstrument instrument, ref Utf8JsonReader data, ref int count)
    {
        if (data.TokenType == JsonTokenType.StartArray)
        {
            return BybitLevels.ReadRows(this, instrument, ref data, deletes: false, ref count);
        }

        bool found = false;
        if (data.TokenType == JsonTokenType.StartObject)
        {
            while (data.Read() && data.TokenType == JsonTokenType.PropertyName)
            {
                bool rows = VenueJson.Is(ref data, "order_book"u8);
                data.Read();
                if (rows)
                {
                    if (!BybitLevels.ReadRows(this, instrument, ref data, deletes: false, ref count))
                    {
                        return false;
                    }

                    found = true;
                }
                else
                {
                    data.Skip();
                }
            }
        }

        if (!found)
        {
            BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a v1 snapshot whose data is neither rows nor order_book");
        }

        return found;
    }

    /// <summary>Reads a delta's rows in the order they apply: deletes, then updates (both count as existing levels), then inserts.</summary>
    private bool ReadV1Delta(FeedInstrument instrument, ref Utf8JsonReader data, out int deletesAndUpdates, out int count)
    {
        deletesAndUpdates = 0;
        count = 0;
        Utf8JsonReader deletes = default;
        Utf8JsonReader updates = default;
        Utf8JsonReader inserts = default;
        int sections = 0;
        if (data.TokenType == JsonTokenType.StartObject)
        {
            while (data.Read() && data.TokenType == JsonTokenType.PropertyName)
            {
                bool isDelete = VenueJson.Is(ref data, "delete"u8);
                bool isUpdate = VenueJson.Is(ref data, "update"u8);
                bool isInsert = VenueJson.Is(ref data, "insert"u8);
                data.Read();
                if (isDelete)
                {
                    deletes = data;
                    sections |= 1;
                }
                else if (isUpdate)
                {
                    updates = data;
                    sections |= 2;
                }
                else if (isInsert)
                {
                    inserts = data;
                    sections |= 4;
                }

                data.Skip();
            }
        }

        if (sections != 7)
        {
            BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a v1 delta without delete, update and insert");
            return false;
        }

        if (!BybitLevels.ReadRows(this, instrument, ref deletes, deletes: true, ref count) || !BybitLevels.ReadRows(this, instrument, ref updates, deletes: false, ref count))
        {
            return false;
        }

        deletesAndUpdates = count;
        return BybitLevels.ReadRows(this, instrument, ref inserts, deletes: false, ref count);
    }

    private void OnV5Book(FeedInstrument instrument, ref Push push, bool snapshot, long receiveNanos)
    {
        var data = default(BybitV5Data);
        if (!data.Read(ref push.Data) || !data.HasUpdateId || !data.HasBids || !data.HasAsks)
        {
            BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a v5 book push without u, b or a, or with a field of the wrong type");
            StaleIfLive(instrument, receiveNanos);
            return;
        }

        bool restart = data.UpdateId == 1;
        if (!snapshot && !restart)
        {
            if (instrument.State != BookState.Live || data.UpdateId <= instrument.LastSequence)
            {
                Counters.UpdatesDropped++;      // no book to apply it to yet, or a duplicate or older delta
                return;
            }

            if (data.UpdateId != instrument.LastSequence + 1)
            {
                Gap(instrument, data.UpdateId, instrument.LastSequence + 1, receiveNanos);
                return;
            }
        }

        int count = 0;
        if (!BybitLevels.ReadPairs(this, instrument, ref data.Bids, Side.Buy, ref count) || !BybitLevels.ReadPairs(this, instrument, ref data.Asks, Side.Sell, ref count))
        {
            if (instrument.State == BookState.Live)
            {
                MarkStale(instrument, StaleReason.BadMessage, 0, 0, receiveNanos);
            }

            return;
        }

        if (snapshot || restart)
        {
            if (restart && instrument.State == BookState.Live && instrument.LastSequence != 1)
            {
                MarkStale(instrument, StaleReason.VenueRestarted, data.UpdateId, instrument.LastSequence + 1, receiveNanos);
            }

            instrument.Book.Clear();
            WriteChanges(instrument, count);
            SnapshotApplied(instrument, data.UpdateId, push.ExchangeNanos, receiveNanos);
            return;
        }

        ApplyUpdate(instrument, count, data.UpdateId, push.ExchangeNanos, receiveNanos);
    }

    private void StaleIfLive(FeedInstrument? instrument, long receiveNanos)
    {
        if (instrument is not null && instrument.State == BookState.Live)
        {
            MarkStale(instrument, StaleReason.BadMessage, 0, 0, receiveNanos);
        }
    }

    /// <summary>Adds a level to the change buffer (for <see cref="BybitLevels"/>).</summary>
    internal void AddLevel(ref int count, in LevelChange change) => AddChange(ref count, in change, 0, 0);

    /// <summary>The top of one push, read in one pass; <c>data</c> kept as a reader position.</summary>
    private ref struct Push
    {
        public ReadOnlySpan<byte> Topic;
        public ReadOnlySpan<byte> Type;
        public Utf8JsonReader Data;
        public long CrossSequence;
        public long ExchangeNanos;
        public bool HasData;
        public bool HasCrossSequence;
    }
}
