using System.Text.Json;
using Engine.Gateways.Venues.Json;

namespace Engine.Gateways.Venues.Okx;

/// <summary>
/// One element of a <c>books</c> push's <c>data</c> array: <c>{"asks":[...],"bids":[...],"ts":"ms","checksum":-1,
/// "seqId":N,"prevSeqId":M}</c>, read in one pass whatever the order. The level arrays are kept as reader positions
/// and read once the feed knows what to do with them. Recordings from before OKX added <c>seqId</c> lack both
/// sequence fields. A ref struct over the received bytes: nothing is copied.
/// </summary>
internal ref struct OkxBookData
{
    public Utf8JsonReader Asks;
    public Utf8JsonReader Bids;
    public long Time;
    public long Checksum;
    public long SequenceId;
    public long PreviousSequenceId;
    public bool HasAsks;
    public bool HasBids;
    public bool HasChecksum;
    public bool HasSequenceId;
    public bool HasPreviousSequenceId;

    /// <summary>Reads the object the reader is at (its StartObject). False: not an object, or a field of the wrong type.</summary>
    public bool Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool asks = VenueJson.Is(ref reader, "asks"u8);
            bool bids = VenueJson.Is(ref reader, "bids"u8);
            bool time = VenueJson.Is(ref reader, "ts"u8);
            bool checksum = VenueJson.Is(ref reader, "checksum"u8);
            bool sequence = VenueJson.Is(ref reader, "seqId"u8);
            bool previous = VenueJson.Is(ref reader, "prevSeqId"u8);
            reader.Read();
            if (asks)
            {
                Asks = reader;
                HasAsks = true;
            }
            else if (bids)
            {
                Bids = reader;
                HasBids = true;
            }
            else if (time && !VenueJson.TryReadInt64(ref reader, out Time))
            {
                return false;
            }
            else if (checksum)
            {
                // A signed 32-bit number; read wider so a value out of range is a mismatch, not a wrap.
                HasChecksum = VenueJson.TryReadInt64(ref reader, out Checksum);
                if (!HasChecksum)
                {
                    return false;
                }
            }
            else if (sequence)
            {
                HasSequenceId = VenueJson.TryReadInt64(ref reader, out SequenceId);
                if (!HasSequenceId)
                {
                    return false;
                }
            }
            else if (previous)
            {
                HasPreviousSequenceId = VenueJson.TryReadInt64(ref reader, out PreviousSequenceId);
                if (!HasPreviousSequenceId)
                {
                    return false;
                }
            }

            reader.Skip();
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }
}
