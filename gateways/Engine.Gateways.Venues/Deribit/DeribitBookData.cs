using System.Text.Json;
using Engine.Gateways.Venues.Json;

namespace Engine.Gateways.Venues.Deribit;

/// <summary>
/// The <c>data</c> of a <c>book.{instrument}.{interval}</c> notification: <c>{"type":"snapshot"|"change",
/// "timestamp":ms,"instrument_name":..,"change_id":N,"prev_change_id":M,"bids":[..],"asks":[..]}</c>, read in one
/// pass whatever the order. The level arrays are kept as reader positions and read once the feed knows what to do
/// with them. A ref struct over the received bytes: nothing is copied.
/// </summary>
internal ref struct DeribitBookData
{
    public ReadOnlySpan<byte> Type;
    public Utf8JsonReader Bids;
    public Utf8JsonReader Asks;
    public long Time;
    public long ChangeId;
    public long PreviousChangeId;
    public bool HasBids;
    public bool HasAsks;
    public bool HasChangeId;
    public bool HasPreviousChangeId;

    /// <summary>Reads the object the reader is at (its StartObject). False: not an object, or a field of the wrong type.</summary>
    public bool Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool type = VenueJson.Is(ref reader, "type"u8);
            bool time = VenueJson.Is(ref reader, "timestamp"u8);
            bool changeId = VenueJson.Is(ref reader, "change_id"u8);
            bool previous = VenueJson.Is(ref reader, "prev_change_id"u8);
            bool bids = VenueJson.Is(ref reader, "bids"u8);
            bool asks = VenueJson.Is(ref reader, "asks"u8);
            reader.Read();
            if (type)
            {
                Type = VenueJson.Scalar(ref reader);
            }
            else if (time && !VenueJson.TryReadInt64(ref reader, out Time))
            {
                return false;
            }
            else if (changeId)
            {
                HasChangeId = VenueJson.TryReadInt64(ref reader, out ChangeId);
                if (!HasChangeId)
                {
                    return false;
                }
            }
            else if (previous)
            {
                HasPreviousChangeId = VenueJson.TryReadInt64(ref reader, out PreviousChangeId);
                if (!HasPreviousChangeId)
                {
                    return false;
                }
            }
            else if (bids)
            {
                Bids = reader;
                HasBids = true;
            }
            else if (asks)
            {
                Asks = reader;
                HasAsks = true;
            }

            reader.Skip();
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }
}
