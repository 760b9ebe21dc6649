using System.Text.Json;

namespace Engine.Gateways.Venues.Binance;

/// <summary>
/// The fields of one Binance stream event, read in one pass whatever their order. A depth event's level arrays
/// (<c>b</c>, <c>a</c>) are read into <see cref="LevelReader"/>'s buffer as they pass when the event's type and symbol
/// came first (Binance writes them first); otherwise they, like the other fields whose meaning depends on the event
/// type (in a bookTicker <c>b</c> and <c>a</c> are prices, in an aggTrade <c>a</c> is the trade id), are kept as
/// spans of the received bytes (an array's own bytes, a scalar's text) and read afterwards. A ref struct over the
/// received bytes: nothing is copied or allocated.
/// </summary>
internal ref struct BinanceMessage
{
    public ReadOnlySpan<byte> EventType;
    public ReadOnlySpan<byte> Symbol;
    public long EventTime;
    public long TransactionTime;
    public long FirstUpdateId;
    public long FinalUpdateId;
    public long PreviousFinalUpdateId;
    public long TradeId;
    public bool BuyerIsMaker;
    public bool HasFirstUpdateId;
    public bool HasFinalUpdateId;
    public bool HasPreviousFinalUpdateId;
    public bool HasBidQuantity;

    // Scalars (a bookTicker's prices and quantities, a trade's price and quantity, an aggTrade's id "a"): their text,
    // parsed once the symbol says at which scale. Spans, not reader copies: a Utf8JsonReader is ~200 bytes, and
    // copying and zeroing six of them per message was a measurable part of a bookTicker's cost.
    public ReadOnlySpan<byte> BidText;
    public ReadOnlySpan<byte> AskText;
    public ReadOnlySpan<byte> BidQuantityText;
    public ReadOnlySpan<byte> AskQuantityText;
    public ReadOnlySpan<byte> PriceText;
    public ReadOnlySpan<byte> QuantityText;

    // A depth event's level arrays kept for later (their type or symbol came after them): the array's own bytes,
    // a JSON value by itself, read with a reader of its own.
    public ReadOnlySpan<byte> BidsJson;
    public ReadOnlySpan<byte> AsksJson;
    public bool HasBids;
    public bool HasAsks;
    public bool HasPrice;
    public bool HasQuantity;

    /// <summary>Set by the feed: reads a depth event's levels in the first pass.</summary>
    public BinanceLevelReader? LevelReader;

    /// <summary>The depth event's levels were read in the first pass: <see cref="LevelCount"/> of them, or <see cref="LevelsBad"/>.</summary>
    public bool LevelsRead;
    public bool LevelsBad;
    public int LevelCount;
    public Feeds.FeedInstrument? Instrument;
    private bool _isDepth;
    private bool _deferredLevels;

    // The bytes the reader reads (its token positions are offsets into them).
    private ReadOnlySpan<byte> _json;

    /// <summary>
    /// Reads the properties of the event object the reader is at (its StartObject); <paramref name="json"/> is the
    /// buffer the reader was made over. False: not a well-formed object.
    /// </summary>
    public bool Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        _json = json;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> name = reader.ValueSpan;
            if (!reader.Read())
            {
                return false;
            }

            if (name.Length == 1)
            {
                if (!ReadShort(name[0], ref reader))
                {
                    return false;
                }
            }
            else if (name.SequenceEqual("pu"u8))
            {
                HasPreviousFinalUpdateId = true;
                if (!Json.VenueJson.TryReadInt64(ref reader, out PreviousFinalUpdateId))
                {
                    return false;
                }
            }
            else if (!reader.TrySkip())
            {
                return false;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    private bool ReadShort(byte name, ref Utf8JsonReader reader)
    {
        switch (name)
        {
            case (byte)'e':
                EventType = reader.TokenType == JsonTokenType.String ? reader.ValueSpan : default;
                _isDepth = EventType.SequenceEqual("depthUpdate"u8);
                return true;
            case (byte)'s':
                Symbol = reader.TokenType == JsonTokenType.String ? reader.ValueSpan : default;
                return true;
            case (byte)'E':
                return Json.VenueJson.TryReadInt64(ref reader, out EventTime);
            case (byte)'T':
                return Json.VenueJson.TryReadInt64(ref reader, out TransactionTime);
            case (byte)'U':
                HasFirstUpdateId = true;
                return Json.VenueJson.TryReadInt64(ref reader, out FirstUpdateId);
            case (byte)'u':
                HasFinalUpdateId = true;
                return Json.VenueJson.TryReadInt64(ref reader, out FinalUpdateId);
            case (byte)'t':
                return Json.VenueJson.TryReadInt64(ref reader, out TradeId);
            case (byte)'m':
                BuyerIsMaker = reader.TokenType == JsonTokenType.True;
                return true;
            case (byte)'b':
                HasBids = true;
                return ReadSideOrScalar(ref reader, Engine.Primitives.Side.Buy, ref BidsJson, ref BidText);
            case (byte)'a':
                HasAsks = true;
                return ReadSideOrScalar(ref reader, Engine.Primitives.Side.Sell, ref AsksJson, ref AskText);
            case (byte)'B':
                BidQuantityText = Json.VenueJson.Scalar(ref reader);
                HasBidQuantity = true;
                return reader.TrySkip();
            case (byte)'A':
                AskQuantityText = Json.VenueJson.Scalar(ref reader);
                return reader.TrySkip();
            case (byte)'p':
                PriceText = Json.VenueJson.Scalar(ref reader);
                HasPrice = true;
                return reader.TrySkip();
            case (byte)'q':
                QuantityText = Json.VenueJson.Scalar(ref reader);
                HasQuantity = true;
                return reader.TrySkip();
            default:
                return reader.TrySkip();
        }
    }

    /// <summary>
    /// "b" or "a": a depth event's level array (read now, or its bytes kept for later) or a scalar (a bookTicker's
    /// price, an aggTrade's id), kept as text.
    /// </summary>
    private bool ReadSideOrScalar(ref Utf8JsonReader reader, Engine.Primitives.Side side, ref ReadOnlySpan<byte> array, ref ReadOnlySpan<byte> scalar)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            scalar = Json.VenueJson.Scalar(ref reader);
            return reader.TrySkip();
        }

        if (ReadLevelsNow(ref reader, side))
        {
            return true;
        }

        int start = (int)reader.TokenStartIndex;
        _deferredLevels = true;
        if (!reader.TrySkip())
        {
            return false;
        }

        array = _json[start..(int)reader.BytesConsumed];
        return true;
    }

    /// <summary>Reads a depth side in this pass when the type and symbol are known; false: keep the position for later.</summary>
    private bool ReadLevelsNow(ref Utf8JsonReader reader, Engine.Primitives.Side side)
    {
        // Both sides are read the same way: once one was kept for later, so is the other.
        if (!_isDepth || _deferredLevels || LevelReader is null || reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        if (Instrument is null && (Symbol.IsEmpty || !LevelReader.TryResolve(Symbol, out Instrument)))
        {
            return false;
        }

        LevelsRead = true;
        if (!LevelsBad && !LevelReader.ReadSide(Instrument, ref reader, side, ref LevelCount))
        {
            LevelsBad = true;
        }
        else if (LevelsBad)
        {
            reader.Skip();
        }

        return true;
    }
}
