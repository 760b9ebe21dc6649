using System.Text.Json;
using Engine.Gateways.Venues.Json;

namespace Engine.Gateways.Venues.Coinbase;

/// <summary>
/// The fields of one Coinbase Exchange message the feed uses, read in one pass whatever their order: strings and
/// numbers kept as their text (the instrument, and so the scale they are read at, is known only once
/// <c>product_id</c> is read), level arrays as reader positions read once the feed knows what to do with them.
/// A ref struct over the received bytes: nothing is copied.
/// </summary>
internal ref struct CoinbaseMessage
{
    public ReadOnlySpan<byte> Type;
    public ReadOnlySpan<byte> ProductId;
    public ReadOnlySpan<byte> Time;
    public ReadOnlySpan<byte> Side;
    public ReadOnlySpan<byte> Price;
    public ReadOnlySpan<byte> Size;
    public ReadOnlySpan<byte> BestBid;
    public ReadOnlySpan<byte> BestBidSize;
    public ReadOnlySpan<byte> BestAsk;
    public ReadOnlySpan<byte> BestAskSize;
    public Utf8JsonReader Bids;
    public Utf8JsonReader Asks;
    public Utf8JsonReader Changes;
    public long Sequence;
    public long TradeId;
    public bool HasBids;
    public bool HasAsks;
    public bool HasChanges;
    public bool HasSequence;
    public bool HasTradeId;
    public bool HasBestSizes;

    /// <summary>
    /// Reads the object whose StartObject the reader is at, to its end. <c>type</c> and <c>product_id</c> are kept as
    /// soon as they are read, so a message cut short still names its book. False: a number field of the wrong type.
    /// </summary>
    public bool Read(ref Utf8JsonReader reader)
    {
        bool ok = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> name = reader.ValueIsEscaped ? default : reader.ValueSpan;
            reader.Read();
            switch (name.Length)
            {
                case 4 when name.SequenceEqual("type"u8):
                    Type = VenueJson.Scalar(ref reader);
                    break;
                case 10 when name.SequenceEqual("product_id"u8):
                    ProductId = VenueJson.Scalar(ref reader);
                    break;
                case 4 when name.SequenceEqual("time"u8):
                    Time = VenueJson.Scalar(ref reader);
                    break;
                case 4 when name.SequenceEqual("side"u8):
                    Side = VenueJson.Scalar(ref reader);
                    break;
                case 5 when name.SequenceEqual("price"u8):
                    Price = VenueJson.Scalar(ref reader);
                    break;
                case 4 when name.SequenceEqual("size"u8):
                    Size = VenueJson.Scalar(ref reader);
                    break;
                case 8 when name.SequenceEqual("best_bid"u8):
                    BestBid = VenueJson.Scalar(ref reader);
                    break;
                case 8 when name.SequenceEqual("best_ask"u8):
                    BestAsk = VenueJson.Scalar(ref reader);
                    break;
                case 13 when name.SequenceEqual("best_bid_size"u8):
                    BestBidSize = VenueJson.Scalar(ref reader);
                    HasBestSizes = true;
                    break;
                case 13 when name.SequenceEqual("best_ask_size"u8):
                    BestAskSize = VenueJson.Scalar(ref reader);
                    break;
                case 4 when name.SequenceEqual("bids"u8):
                    Bids = reader;
                    HasBids = true;
                    break;
                case 4 when name.SequenceEqual("asks"u8):
                    Asks = reader;
                    HasAsks = true;
                    break;
                case 7 when name.SequenceEqual("changes"u8):
                    Changes = reader;
                    HasChanges = true;
                    break;
                case 8 when name.SequenceEqual("sequence"u8):
                    HasSequence = VenueJson.TryReadInt64(ref reader, out Sequence) && Sequence >= 0;
                    ok &= HasSequence;
                    break;
                case 8 when name.SequenceEqual("trade_id"u8):
                    HasTradeId = VenueJson.TryReadInt64(ref reader, out TradeId) && TradeId >= 0;
                    ok &= HasTradeId;
                    break;
            }

            reader.Skip();
        }

        return ok && reader.TokenType == JsonTokenType.EndObject;
    }
}
