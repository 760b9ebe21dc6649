using System.Text.Json;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Json;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Bybit;

/// <summary>
/// Reads Bybit's book levels into <see cref="BybitFeed"/>'s change buffer: v1's rows
/// <c>{"price":"1053.05","symbol":..,"id":..,"side":"Buy"|"Sell","size":2.63}</c> (a deleted row has no size) and
/// v5's <c>["price","size"]</c> pairs. False (after counting why) when a level is unusable.
/// </summary>
internal static class BybitLevels
{
    /// <summary>Reads an array of v1 rows; rows without size (deletes) are read as quantity 0.</summary>
    public static bool ReadRows(BybitFeed feed, FeedInstrument instrument, ref Utf8JsonReader reader, bool deletes, ref int count)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            feed.BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: book rows that are not an array");
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            if (count == VenueJson.MaxLevelsPerMessage)
            {
                feed.BadInput(BadInputKind.TooManyLevels, $"{instrument.Symbol}: more than {VenueJson.MaxLevelsPerMessage} rows in one message");
                return false;
            }

            long price = -1;
            long size = deletes ? 0 : -1;
            Side? side = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isPrice = VenueJson.Is(ref reader, "price"u8);
                bool isSize = VenueJson.Is(ref reader, "size"u8);
                bool isSide = VenueJson.Is(ref reader, "side"u8);
                reader.Read();
                if (isPrice && !VenueJson.TryReadUnsigned(ref reader, instrument.PriceScale, out price, out _))
                {
                    price = -1;
                }
                else if (isSize && !deletes && !VenueJson.TryReadUnsigned(ref reader, instrument.QuantityScale, out size, out _))
                {
                    size = -1;
                }
                else if (isSide)
                {
                    side = VenueJson.Is(ref reader, "Buy"u8) ? Side.Buy : VenueJson.Is(ref reader, "Sell"u8) ? Side.Sell : null;
                }

                reader.Skip();
            }

            if (price <= 0 || size < 0 || side is null)
            {
                feed.BadInput(BadInputKind.BadNumber, $"{instrument.Symbol}: a row whose price or size is not a non-negative decimal at scale {instrument.PriceScale} / {instrument.QuantityScale}, or whose side is neither Buy nor Sell");
                return false;
            }

            feed.AddLevel(ref count, new LevelChange(side.Value, price, size));
        }

        return reader.TokenType == JsonTokenType.EndArray;
    }

    /// <summary>Reads an array of v5 <c>["price","size"]</c> pairs of one side; a size of "0" deletes the level.</summary>
    public static bool ReadPairs(BybitFeed feed, FeedInstrument instrument, ref Utf8JsonReader reader, Side side, ref int count)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            feed.BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: book levels that are not an array");
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            if (count == VenueJson.MaxLevelsPerMessage)
            {
                feed.BadInput(BadInputKind.TooManyLevels, $"{instrument.Symbol}: more than {VenueJson.MaxLevelsPerMessage} levels in one message");
                return false;
            }

            reader.Read();
            bool priceOk = VenueJson.TryReadUnsigned(ref reader, instrument.PriceScale, out long price, out _);
            reader.Read();
            bool sizeOk = VenueJson.TryReadUnsigned(ref reader, instrument.QuantityScale, out long size, out _);
            if (!priceOk || !sizeOk || price == 0)
            {
                feed.BadInput(BadInputKind.BadNumber, $"{instrument.Symbol}: a level whose price or size is not a non-negative decimal at scale {instrument.PriceScale} / {instrument.QuantityScale}");
                return false;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
            }

            feed.AddLevel(ref count, new LevelChange(side, price, size));
        }

        return reader.TokenType == JsonTokenType.EndArray;
    }
}
