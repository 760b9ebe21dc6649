using System.Text.Json;

namespace Engine.Gateways.Venues.Binance;

/// <summary>
/// The fields of one Binance stream event, read in one pass whatever their order. The level arrays (<c>b</c>,
/// <c>a</c>) are kept as reader positions and read afterwards, once the event type and symbol say what they are
/// (in a depth event they are level arrays, in a bookTicker prices, in an aggTrade <c>a</c> is the trade id).
/// A ref struct over the received bytes: nothing is copied or allocated.
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
    public Utf8JsonReader Bids;
    public Utf8JsonReader Asks;
    public Utf8JsonReader BidQuantity;
    public Utf8JsonReader AskQuantity;
    public Utf8JsonReader Price;
    public Utf8JsonReader Quantity;
    public bool HasBids;
    public bool HasAsks;
    public bool HasPrice;
    public bool HasQuantity;

    /// <summary>Reads the properties of the event object the reader is at (its StartObject). False: not a well-formed object.</summary>
    public bool Read(ref Utf8JsonReader reader)
    {
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
                Bids = reader;
                HasBids = true;
                return reader.TrySkip();
            case (byte)'a':
                Asks = reader;
                HasAsks = true;
                return reader.TrySkip();
            case (byte)'B':
                BidQuantity = reader;
                HasBidQuantity = true;
                return true;
            case (byte)'A':
                AskQuantity = reader;
                return true;
            case (byte)'p':
                Price = reader;
                HasPrice = true;
                return true;
            case (byte)'q':
                Quantity = reader;
                HasQuantity = true;
                return true;
            default:
                return reader.TrySkip();
        }
    }
}
