using System.Text.Json;
using Engine.Gateways.Venues.Json;

namespace Engine.Gateways.Venues.Bybit;

/// <summary>
/// The <c>data</c> of a v5 <c>orderbook.{depth}.{symbol}</c> push: <c>{"s":..,"b":[..],"a":[..],"u":N,"seq":N}</c>,
/// read in one pass whatever the order, the level arrays kept as reader positions. <c>seq</c> (the cross sequence,
/// shared with other channels) is not needed: <c>u</c> is the book's own chain. A ref struct over the received bytes.
/// </summary>
internal ref struct BybitV5Data
{
    public Utf8JsonReader Bids;
    public Utf8JsonReader Asks;
    public long UpdateId;
    public bool HasBids;
    public bool HasAsks;
    public bool HasUpdateId;

    /// <summary>Reads the object the reader is at (its StartObject). False: not an object, or a field of the wrong type.</summary>
    public bool Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool bids = VenueJson.Is(ref reader, "b"u8);
            bool asks = VenueJson.Is(ref reader, "a"u8);
            bool update = VenueJson.Is(ref reader, "u"u8);
            reader.Read();
            if (bids)
            {
                Bids = reader;
                HasBids = true;
            }
            else if (asks)
            {
                Asks = reader;
                HasAsks = true;
            }
            else if (update)
            {
                HasUpdateId = VenueJson.TryReadInt64(ref reader, out UpdateId) && UpdateId > 0;
                if (!HasUpdateId)
                {
                    return false;
                }
            }

            reader.Skip();
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }
}
